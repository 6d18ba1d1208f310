/**
 * The national canton table (`coverage --national`) on a small fictional country: two départements
 * (98 "Essais", 99 "=Épreuves", a name that would be a formula) of 2 × 2 square cantons, each of 2 × 2
 * communes, and a seeded random national list of France Services. Each département's table comes from
 * the coverage engine; the stacked national table is checked against an independent brute-force count
 * per canton (the list's rows by the commune → canton map, and by a point-in-rectangle test for the rows
 * without a commune), and the département summary against the same count.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageInput, CoverageRule, FranceServicesSite } from '../../src/core/coverage/coverage-types.ts';
import {
  nationalCsvMetadata,
  nationalSummary,
  nationalSummaryCsv,
  nationalTableCells,
  nationalTableCsv,
  nationalTableJson,
  summaryStatistics,
} from '../../src/core/national/national-table.ts';
import { mulberry32 } from './helpers/seeded-random.ts';
import { boxPolygon } from './helpers/box-polygon.ts';

const RULE: CoverageRule = {
  target: 1,
  priorityTarget: 2,
  countBuses: true,
  priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false },
};
const rect = boxPolygon;

interface FictionalCommune {
  code: string;
  dept: string;
  canton: string;
  box: [number, number, number, number];
  population: number;
}
/** The fictional country: département `d` at longitude offset `x`, cantons dd01…dd04, communes ddNNN. */
function departement(
  d: string,
  x: number,
): { cantons: { code: string; box: [number, number, number, number] }[]; communes: FictionalCommune[] } {
  const cantons = [0, 1, 2, 3].map((i) => {
    const x0 = x + (i % 2) * 0.2;
    const y0 = Math.floor(i / 2) * 0.2;
    return { code: `${d}0${i + 1}`, box: [x0, y0, x0 + 0.2, y0 + 0.2] as [number, number, number, number] };
  });
  const communes = cantons.flatMap((c, i) =>
    [0, 1, 2, 3].map((j) => {
      const x0 = c.box[0] + (j % 2) * 0.1;
      const y0 = c.box[1] + Math.floor(j / 2) * 0.1;
      return {
        code: `${d}${String(i * 4 + j + 1).padStart(3, '0')}`,
        dept: d,
        canton: c.code,
        box: [x0, y0, x0 + 0.1, y0 + 0.1] as [number, number, number, number],
        population: 1000 + 137 * (i * 4 + j),
      };
    }),
  );
  return { cantons, communes };
}
const COUNTRY = { '98': departement('98', 0), '99': departement('99', 1) };
const NAMES: Record<string, string> = { '98': 'Essais', '99': '=Épreuves' };

/** The seeded national list: rows with a commune code (most), some without one, some buses. */
function nationalList(seed: number, n: number) {
  const random = mulberry32(seed);
  const all = [...COUNTRY['98'].communes, ...COUNTRY['99'].communes];
  return Array.from({ length: n }, (_, i) => {
    const c = all[Math.floor(random() * all.length)];
    const lngLat: [number, number] = [c.box[0] + 0.01 + random() * 0.08, c.box[1] + 0.01 + random() * 0.08];
    return {
      id: `fs-${i}`,
      dept: c.dept,
      communeCode: random() < 0.15 ? null : c.code,
      lngLat,
      kind: random() < 0.2 ? ('bus' as const) : ('fixed' as const),
    };
  });
}

function inputOf(d: '98' | '99', list: ReturnType<typeof nationalList>): CoverageInput {
  const { cantons, communes } = COUNTRY[d];
  const site = (s: (typeof list)[number]): FranceServicesSite => ({ id: s.id, lngLat: s.lngLat, communeCode: s.communeCode, kind: s.kind });
  return {
    departement: { code: d, name: NAMES[d] },
    cantons: cantons.map((c) => ({ type: 'Feature', properties: { code: c.code, name: `Canton ${c.code}` }, geometry: rect(...c.box) })),
    communes: communes.map((c, i) => ({
      code: c.code,
      name: `Commune ${c.code}`,
      population: c.population,
      cantonCode: c.canton,
      rural: i % 3 === 0,
      epciCode: null,
      qpvCodes: i === 5 ? ['QP098001'] : [],
      geometry: rect(...c.box),
      centroid: [(c.box[0] + c.box[2]) / 2, (c.box[1] + c.box[3]) / 2],
    })),
    franceServices: list.filter((s) => s.dept === d).map(site),
    nearbyFranceServices: list.filter((s) => s.dept !== d).map(site),
    populationGrid: null,
    healthMediatorPosts: null,
    countedLayers: [],
    priorityTerritories: [],
    sources: [
      { layer: 'france-services', title: 'Liste fictive', producer: 'Essais', vintage: '2024-08-01', licence: 'fictive' },
      { layer: 'communes', title: 'Communes fictives', producer: 'Essais', vintage: '2025', licence: 'fictive' },
    ],
  };
}

/** Brute force: every row of the list, by its commune's canton, else by the canton rectangle holding its point. */
function bruteForceCount(list: ReturnType<typeof nationalList>): Map<string, number> {
  const cantonOf = new Map<string, string>();
  for (const d of Object.values(COUNTRY)) for (const c of d.communes) cantonOf.set(c.code, c.canton);
  const boxes = Object.values(COUNTRY).flatMap((d) => d.cantons);
  const counts = new Map<string, number>();
  for (const b of boxes) counts.set(b.code, 0);
  for (const s of list) {
    const canton =
      (s.communeCode && cantonOf.get(s.communeCode)) ??
      boxes.find((b) => s.lngLat[0] >= b.box[0] && s.lngLat[0] < b.box[2] && s.lngLat[1] >= b.box[1] && s.lngLat[1] < b.box[3])!.code;
    counts.set(canton, counts.get(canton)! + 1);
  }
  return counts;
}

describe('national canton table', () => {
  for (const seed of [1, 2, 3, 15]) {
    it(`counts every canton as a brute-force count of the list does (seed ${seed})`, () => {
      const list = nationalList(seed, 12 + seed * 3);
      const tables = (['98', '99'] as const).map((d) => computeCoverage(inputOf(d, list), RULE));
      const [header, ...rows] = nationalTableCells(tables, 'en');
      const col = (name: string) => header.indexOf(name);
      expect(rows).toHaveLength(8);
      const brute = bruteForceCount(list);
      for (const r of rows) {
        const code = String(r[col('canton_code')]);
        expect(Number(r[col('france_services')]) + Number(r[col('france_services_buses')]), code).toBe(brute.get(code));
        expect(r[col('departement_code')]).toBe(code.slice(0, 2));
      }
      const summary = nationalSummary(tables);
      for (const s of summary) {
        const own = [...brute].filter(([c]) => c.startsWith(s.dept));
        expect(s.france_services).toBe(list.filter((x) => x.dept === s.dept).length);
        expect(s.cantons).toBe(4);
        expect(s.cantons_covered).toBe(own.filter(([, n]) => n > 0).length);
        expect(s.population).toBe(COUNTRY[s.dept as '98' | '99'].communes.reduce((n, c) => n + c.population, 0));
      }
    });
  }

  it('writes the département before the département table’s columns, no total row, formulas neutralised', () => {
    const list = nationalList(7, 20);
    const tables = (['98', '99'] as const).map((d) => computeCoverage(inputOf(d, list), RULE));
    const csv = nationalTableCsv(tables, 'csv').trim().split(/\r?\n/);
    expect(csv[0].startsWith('departement_code,departement_name,canton_code,canton_name,row_type,')).toBe(true);
    expect(csv).toHaveLength(9);
    expect(csv.filter((l) => l.includes(',total,'))).toHaveLength(0);
    expect(csv[5].startsWith("99,'=Épreuves,9901,")).toBe(true);
    const fr = nationalTableCsv(tables, 'csv-fr');
    expect(fr.startsWith('\uFEFFCode département;Département;Code canton;')).toBe(true);
    const json = nationalTableJson(tables, new Date('2025-01-15T10:00:00Z'));
    expect(json.rows).toHaveLength(8);
    expect(json.rows[0]).toMatchObject({ departement_code: '98', canton_code: '9801' });
    expect(json.metadata.sources.map((s) => s.vintage)).toEqual(['2024-08-01', '2025']);
    const meta = nationalCsvMetadata(tables, 'csv', new Date('2025-01-15T10:00:00Z'), 'france.csv');
    expect(meta.tableSchema.columns.map((c) => c.name)).toEqual(csv[0].split(','));
  });

  it('refuses to stack tables made with different rules', () => {
    const list = nationalList(7, 20);
    const a = computeCoverage(inputOf('98', list), RULE);
    const b = computeCoverage(inputOf('99', list), { ...RULE, target: 2 });
    expect(() => nationalTableCells([a, b], 'en')).toThrow(/another rule/);
  });

  it('ranks the départements and gives the distribution; the summary CSV has one line per département', () => {
    const list = nationalList(9, 30);
    const tables = (['98', '99'] as const).map((d) => computeCoverage(inputOf(d, list), RULE));
    const summary = nationalSummary(tables);
    const stats = summaryStatistics(summary, '99');
    const per = summary.map((s) => s.france_services_per_100k!);
    expect(stats.ranks.france_services_per_100k).toBe(per[1] >= per[0] ? 1 : 2);
    expect(stats.distributions.france_services_per_100k).toMatchObject({ min: Math.min(...per), max: Math.max(...per) });
    expect(nationalSummaryCsv(summary, 'csv').trim().split('\n')).toHaveLength(3);
  });
});
