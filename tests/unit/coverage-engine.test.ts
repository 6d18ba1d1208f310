/**
 * The canton coverage engine on a hand-made, fictional département (code 99,
 * "Département-des-Essais"): five square-ish cantons on a 0.3° × 0.2° patch at
 * the equator, ten communes (one split 25 % / 75 % between two cantons), QPV,
 * rural communes, two priority territories (one by EPCI, one by commune list),
 * fixed and bus France Services, a few sites placed against their coordinates
 * (the COG wins), a site outside every canton, France Services just across the
 * border, a small population grid, adultes-relais posts and two counted layers.
 * Every expected figure below is worked out by hand (see the comments), and
 * distances with an independent haversine.
 */
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { applyCoverageRule, computeCoverage, prepareCoverage, validateCoverageRule } from '../../src/core/coverage/compute-coverage.ts';
import { coverageToCsv, coverageToGeoJson, coverageToJson } from '../../src/core/coverage/coverage-export.ts';
import type {
  CantonFeature,
  CoverageCommune,
  CoverageInput,
  CoverageRow,
  CoverageRule,
  CoverageTable,
  FranceServicesSite,
  Position,
} from '../../src/core/coverage/coverage-types.ts';

// --- the fictional département ---------------------------------------------------------

/** A lng/lat rectangle, counter-clockwise. */
function rect(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLng, minLat],
        [maxLng, minLat],
        [maxLng, maxLat],
        [minLng, maxLat],
        [minLng, minLat],
      ],
    ],
  };
}
const centre = (g: Polygon): Position => {
  const [[a, , c]] = g.coordinates;
  return [(a[0] + c[0]) / 2, (a[1] + c[1]) / 2];
};

function canton(code: string, name: string, g: Polygon): CantonFeature {
  return { type: 'Feature', properties: { code, name }, geometry: g };
}

// 9904 [0,.1]-[.15,.2] | 9905 [.15,.1]-[.3,.2]
// 9901 [0,0]-[.1,.1]   | 9902 [.1,0]-[.2,.1] | 9903 [.2,0]-[.3,.1]
// Given out of code order: the table must come back sorted by code.
const CANTONS: CantonFeature[] = [
  canton('9903', 'Canton-des-Marais-Imaginaires', rect(0.2, 0, 0.3, 0.1)),
  canton('9901', 'Canton-des-Essais', rect(0, 0, 0.1, 0.1)),
  canton('9905', 'Canton-des-Collines-Rêvées', rect(0.15, 0.1, 0.3, 0.2)),
  canton('9902', 'Canton-de-la-Lande-Fictive', rect(0.1, 0, 0.2, 0.1)),
  canton('9904', 'Canton-du-Plateau-Inventé', rect(0, 0.1, 0.15, 0.2)),
];

const E1 = '200000001',
  E2 = '200000002',
  E3 = '200000003';

function commune(
  code: string,
  name: string,
  population: number,
  cantonCode: string | null,
  rural: boolean,
  epciCode: string,
  g: Polygon,
  qpvCodes: string[] = [],
): CoverageCommune {
  return { code, name, population, cantonCode, rural, epciCode, qpvCodes, geometry: g, centroid: centre(g) };
}

const COMMUNES: CoverageCommune[] = [
  commune('99001', 'Essai-Ville', 12000, '9901', false, E1, rect(0, 0.05, 0.1, 0.1), ['QP099001', 'QP099002']),
  commune('99002', 'Petit-Essai', 3000, '9901', true, E1, rect(0, 0, 0.07, 0.05)),
  // split: 0.025° of its 0.1° width in 9901, 0.075° in 9902, same latitudes: 25 % / 75 % of the area
  commune('99003', 'Partage-sur-Frontière', 1001, null, false, E1, rect(0.075, 0, 0.175, 0.04), ['QP099003']),
  commune('99004', 'Lande-Haute', 2500, '9902', true, E2, rect(0.1, 0.05, 0.2, 0.1)),
  commune('99005', 'Marais-Bas', 800, '9903', true, E3, rect(0.2, 0, 0.3, 0.05)),
  commune('99006', 'Marais-Haut', 1200, '9903', true, E3, rect(0.2, 0.05, 0.3, 0.1)),
  commune('99007', 'Plateau-Centre', 5000, '9904', false, E2, rect(0, 0.1, 0.15, 0.15)),
  commune('99008', 'Plateau-Nord', 700, '9904', true, E2, rect(0, 0.15, 0.15, 0.2)),
  commune('99009', 'Colline-Sud', 2600, '9905', false, E2, rect(0.15, 0.1, 0.3, 0.15)),
  commune('99010', 'Colline-Nord', 2000, '9905', true, E3, rect(0.15, 0.15, 0.3, 0.2)),
];

const fs = (id: string, kind: 'fixed' | 'bus', communeCode: string | null, lngLat: Position): FranceServicesSite => ({
  id,
  kind,
  communeCode,
  lngLat,
});

const FRANCE_SERVICES: FranceServicesSite[] = [
  fs('fs-01', 'fixed', '99001', [0.05, 0.075]), // 9901
  fs('fs-02', 'fixed', '99001', [0.105, 0.07]), // point in 9902, commune wholly in 9901: the COG wins -> 9901
  fs('fs-03', 'fixed', null, [0.15, 0.08]), // no commune code: point-in-polygon -> 9902
  fs('fs-04', 'fixed', '99003', [0.16, 0.02]), // split commune: point-in-polygon -> 9902
  fs('fs-05', 'bus', '99007', [0.07, 0.12]), // bus based in 9904
  fs('fs-06', 'fixed', '99009', [0.2, 0.12]), // 9905
  fs('fs-07', 'fixed', null, [0.5, 0.5]), // outside every canton: listed, not counted
  fs('fs-08', 'bus', '99005', [0.25, 0.02]), // bus based in 9903
];

const NEARBY: FranceServicesSite[] = [
  fs('near-01', 'fixed', '98001', [0.31, 0.03]), // just east of 9903, nearer to its people than any site inside
  fs('near-02', 'bus', '98002', [0.305, 0.15]), // a bus: never used for distances
];

/** Grid cells with the canton each belongs to (by hand). */
const CELLS: { lngLat: Position; population: number; canton: string | null }[] = [
  { lngLat: [0.05, 0.075], population: 8000, canton: '9901' },
  { lngLat: [0.03, 0.02], population: 4000, canton: '9901' },
  { lngLat: [0.15, 0.05], population: 2000, canton: '9902' },
  { lngLat: [0.18, 0.08], population: 1000, canton: '9902' },
  { lngLat: [0.25, 0.03], population: 900, canton: '9903' },
  { lngLat: [0.28, 0.08], population: 1100, canton: '9903' },
  { lngLat: [0.07, 0.13], population: 5000, canton: '9904' },
  { lngLat: [0.07, 0.19], population: 700, canton: '9904' },
  { lngLat: [0.22, 0.13], population: 2600, canton: '9905' },
  { lngLat: [0.29, 0.18], population: 2000, canton: '9905' },
  // a border cell whose centre misses every canton: nearest commune centroid is Marais-Haut (0.25, 0.075) -> 9903
  { lngLat: [0.305, 0.06], population: 300, canton: '9903' },
  // an empty cell: ignored
  { lngLat: [0.12, 0.15], population: 0, canton: null },
];

function essaisInput(): CoverageInput {
  return structuredClone<CoverageInput>({
    departement: { code: '99', name: 'Département-des-Essais' },
    cantons: CANTONS,
    communes: COMMUNES,
    franceServices: FRANCE_SERVICES,
    nearbyFranceServices: NEARBY,
    populationGrid: CELLS.map(({ lngLat, population }) => ({ lngLat, population })),
    populationGridVintage: '2021',
    healthMediatorPosts: {
      year: '2024',
      territories: [
        { id: E2, kind: 'epci', posts: 3 },
        { id: '99003', kind: 'commune', posts: 4 },
        { id: '99001', kind: 'commune', posts: 1 },
        { id: '200009999', kind: 'epci', posts: 9 }, // no commune of the département: spread nowhere, not in the total
      ],
    },
    countedLayers: [
      {
        id: 'digital-inclusion',
        title: "Lieux d'inclusion numérique",
        sites: [
          { id: 'di-1', communeCode: '99001', lngLat: [0.05, 0.06] }, // 9901
          { id: 'di-2', communeCode: '99004', lngLat: [0.095, 0.07] }, // point in 9901, commune in 9902: COG -> 9902
          { id: 'di-3', communeCode: null, lngLat: [0.25, 0.15] }, // polygon -> 9905
          { id: 'di-4', communeCode: '99003', lngLat: [0.09, 0.01] }, // split commune, polygon -> 9901
          { id: 'di-5', communeCode: null, lngLat: [-0.1, 0.05] }, // outside every canton
          { id: 'di-6', communeCode: '99999', lngLat: [0.12, 0.15] }, // unknown commune: polygon -> 9904
          { id: 'di-7', communeCode: '99005', lngLat: [0.35, 0.02] }, // point outside every canton, commune in 9903: COG -> 9903
        ],
      },
      { id: 'msp', title: 'Maisons de santé pluriprofessionnelles', sites: null },
    ],
    priorityTerritories: [
      { id: 'marais', name: 'Territoire-Prioritaire-des-Marais', epci: [E3], communes: ['99010'] }, // 99010 by EPCI and by list: counted once
      { id: 'plateau', name: 'Territoire-Prioritaire-du-Plateau', epci: [], communes: ['99007'] },
    ],
    sources: [{ layer: 'cantons', title: 'Cantons fictifs', producer: 'Atelier des Essais', vintage: '2099', licence: 'Licence Ouverte' }],
  });
}

const DEFAULT_RULE: CoverageRule = {
  target: 1,
  priorityTarget: 2,
  countBuses: true,
  priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
};
const rule = (patch: Partial<Omit<CoverageRule, 'priority'>> & { priority?: Partial<CoverageRule['priority']> } = {}): CoverageRule => ({
  ...DEFAULT_RULE,
  ...patch,
  priority: { ...DEFAULT_RULE.priority, ...patch.priority },
});

// --- independent oracles ------------------------------------------------------------------

/** Haversine on a 6371 km sphere, atan2 form (written independently of src/core/geo). */
function haversineKm([lng1, lat1]: Position, [lng2, lat2]: Position): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
  return 2 * 6371 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/** Brute-force nearest fixed France Services (inside and across the border). */
function nearestFixedKm(p: Position, input: CoverageInput): number {
  return Math.min(
    ...[...input.franceServices, ...input.nearbyFranceServices].filter((s) => s.kind === 'fixed').map((s) => haversineKm(p, s.lngLat)),
  );
}

interface ExpectedAccess {
  mean: number;
  max: number;
  within: [number, number, number];
}
function accessOf(points: { at: Position; weight: number }[], input: CoverageInput): ExpectedAccess {
  let w = 0,
    wd = 0,
    max = 0;
  const within: [number, number, number] = [0, 0, 0];
  for (const { at, weight } of points) {
    const d = nearestFixedKm(at, input);
    w += weight;
    wd += weight * d;
    max = Math.max(max, d);
    [5, 10, 15].forEach((km, i) => {
      within[i] += d <= km ? weight : 0;
    });
  }
  return { mean: wd / w, max, within: within.map((x) => (100 * x) / w) as [number, number, number] };
}

function expectAccess(row: CoverageRow, e: ExpectedAccess) {
  // the engine rounds km to 2 decimals and percentages to 1
  expect(Math.abs(row.meanDistanceKm! - e.mean), `${row.cantonCode} mean`).toBeLessThanOrEqual(0.0051);
  expect(Math.abs(row.maxDistanceKm! - e.max), `${row.cantonCode} max`).toBeLessThanOrEqual(0.0051);
  expect(Math.abs(row.populationWithin5KmPct! - e.within[0]), `${row.cantonCode} 5 km`).toBeLessThanOrEqual(0.051);
  expect(Math.abs(row.populationWithin10KmPct! - e.within[1]), `${row.cantonCode} 10 km`).toBeLessThanOrEqual(0.051);
  expect(Math.abs(row.populationWithin15KmPct! - e.within[2]), `${row.cantonCode} 15 km`).toBeLessThanOrEqual(0.051);
}

const byCode = (table: CoverageTable) => Object.fromEntries(table.rows.map((r) => [r.cantonCode, r]));

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

// --- the tests ------------------------------------------------------------------------------

describe('computeCoverage on the fictional département', () => {
  const table = computeCoverage(essaisInput(), DEFAULT_RULE);
  const rows = byCode(table);

  it('gives one row per canton, sorted by code, then a total row for the département', () => {
    expect(table.rows.map((r) => r.cantonCode)).toEqual(['9901', '9902', '9903', '9904', '9905']);
    expect(table.rows.every((r) => r.rowType === 'canton')).toBe(true);
    expect(table.total).toMatchObject({ rowType: 'total', cantonCode: '99', cantonName: 'Total Département-des-Essais' });
  });

  it('counts communes per canton, a split commune in each of its cantons, and distinct communes in the total', () => {
    expect(table.rows.map((r) => r.communes)).toEqual([3, 2, 2, 2, 2]);
    expect(rows['9901'].splitCommunes).toEqual(['Partage-sur-Frontière']);
    expect(rows['9902'].splitCommunes).toEqual(['Partage-sur-Frontière']);
    expect(rows['9903'].splitCommunes).toEqual([]);
    expect(table.total.communes).toBe(10);
  });

  it('apportions the split commune 25 % / 75 % by area, whole people by largest remainder (1001 -> 250 + 751)', () => {
    // 1001 × 0.25 = 250.25, 1001 × 0.75 = 750.75: floors 250 + 750, the spare person goes to the larger remainder
    expect(table.method.splitCommunes).toHaveLength(1);
    const split = table.method.splitCommunes[0];
    expect(split.code).toBe('99003');
    const shares = Object.fromEntries(split.shares.map((s) => [s.cantonCode, s]));
    expect(shares['9901'].share).toBeCloseTo(0.25, 9);
    expect(shares['9902'].share).toBeCloseTo(0.75, 9);
    expect(shares['9901'].population).toBe(250);
    expect(shares['9902'].population).toBe(751);
  });

  it('sums municipal populations per canton with the split commune apportioned', () => {
    // 9901: 12000 + 3000 + 250; 9902: 751 + 2500; 9903: 800 + 1200; 9904: 5000 + 700; 9905: 2600 + 2000
    expect(table.rows.map((r) => r.population)).toEqual([15250, 3251, 2000, 5700, 4600]);
    expect(table.total.population).toBe(30801);
  });

  it('gives the rural population share of each canton (4 decimals)', () => {
    // 3000/15250, 2500/3251, 2000/2000, 700/5700, 2000/4600; total 10200/30801
    expect(table.rows.map((r) => r.ruralPopulationShare)).toEqual([0.1967, 0.769, 1, 0.1228, 0.4348]);
    expect(table.total.ruralPopulationShare).toBe(0.3312);
  });

  it('counts the distinct QPV of each canton, every QPV of a split commune in each part', () => {
    expect(table.rows.map((r) => r.qpvCount)).toEqual([3, 1, 0, 0, 0]);
    expect(table.total.qpvCount).toBe(3); // distinct, not the sum (4)
  });

  it('places France Services by the COG first, by point-in-polygon only for split or unknown communes, buses apart', () => {
    // 9901: fs-01 and fs-02 (its point lies in 9902; its commune is wholly in 9901)
    // 9902: fs-03 (no commune code) and fs-04 (split commune); 9903 and 9904: one bus each; 9905: fs-06
    expect(table.rows.map((r) => [r.cantonCode, r.franceServices, r.franceServicesBuses])).toEqual([
      ['9901', 2, 0],
      ['9902', 2, 0],
      ['9903', 0, 1],
      ['9904', 0, 1],
      ['9905', 1, 0],
    ]);
    expect(table.total.franceServices).toBe(5);
    expect(table.total.franceServicesBuses).toBe(2);
  });

  it('lists sites outside every canton in the method and does not count them', () => {
    expect(table.method.sitesOutside).toEqual([
      { layer: 'france-services', id: 'fs-07' },
      { layer: 'digital-inclusion', id: 'di-5' },
    ]);
    // fs-03, fs-04, di-3, di-4, di-6
    expect(table.method.sitesByPolygon).toBe(5);
  });

  it('flags priority cantons with their reasons and territories, and sets target, status and gap', () => {
    const view = table.rows.map((r) => ({
      code: r.cantonCode,
      priority: r.priority,
      reasons: r.priorityReasons,
      territories: r.priorityTerritories,
      target: r.target,
      status: r.status,
      gap: r.gap,
      perFs: r.inhabitantsPerFranceServices,
    }));
    expect(view).toEqual([
      { code: '9901', priority: true, reasons: ['qpv'], territories: [], target: 2, status: 'met', gap: 0, perFs: 7625 },
      { code: '9902', priority: true, reasons: ['qpv', 'rural'], territories: [], target: 2, status: 'met', gap: 0, perFs: 1626 }, // 3251 / 2 = 1625.5
      {
        code: '9903',
        priority: true,
        reasons: ['rural', 'territory'],
        territories: ['Territoire-Prioritaire-des-Marais'],
        target: 2,
        status: 'gap',
        gap: 1,
        perFs: 2000,
      },
      {
        code: '9904',
        priority: true,
        reasons: ['territory'],
        territories: ['Territoire-Prioritaire-du-Plateau'],
        target: 2,
        status: 'gap',
        gap: 1,
        perFs: 5700,
      },
      // Colline-Nord is in the Marais territory by EPCI and by list: 2000 of 4600, not most (counted twice it would be 4000)
      { code: '9905', priority: false, reasons: [], territories: [], target: 1, status: 'met', gap: 0, perFs: 4600 },
    ]);
    expect(table.total).toMatchObject({
      priority: null,
      priorityReasons: [],
      priorityTerritories: [],
      target: 9,
      gap: 2,
      status: 'gap',
      inhabitantsPerFranceServices: 4400,
    }); // 30801 / 7
  });

  it('spreads adultes-relais posts over cantons by population in whole posts (largest remainder), per EPCI and per commune', () => {
    // EPCI 200000002 (3 posts): 9902 2500, 9904 5700, 9905 2600 of 10800 -> 0.69, 1.58, 0.72 -> 1, 1, 1
    // commune 99003 (4 posts): 250 / 751 -> 0.999, 3.001 -> 1, 3; commune 99001 (1 post) -> 9901
    expect(table.healthMediatorYear).toBe('2024');
    expect(table.rows.map((r) => r.healthMediatorPosts)).toEqual([2, 4, 0, 1, 1]);
    expect(table.total.healthMediatorPosts).toBe(8);
  });

  it('counts the other layers per canton, and leaves a layer without data empty (null), never 0', () => {
    expect(table.countedLayers).toEqual([
      { id: 'digital-inclusion', title: "Lieux d'inclusion numérique", hasData: true },
      { id: 'msp', title: 'Maisons de santé pluriprofessionnelles', hasData: false },
    ]);
    expect(table.rows.map((r) => r.layerCounts)).toEqual([
      { 'digital-inclusion': 2, msp: null },
      { 'digital-inclusion': 1, msp: null },
      { 'digital-inclusion': 1, msp: null },
      { 'digital-inclusion': 1, msp: null },
      { 'digital-inclusion': 1, msp: null },
    ]);
    expect(table.total.layerCounts).toEqual({ 'digital-inclusion': 6, msp: null });
    const csv = coverageToCsv(table, 'csv').split('\r\n');
    expect(csv[0].endsWith('health_mediator_posts,digital_inclusion_count,msp_count')).toBe(true);
    expect(csv[1].endsWith(',2,2,')).toBe(true); // 9901: 2 posts, 2 places, MSP empty
  });

  it('measures straight-line access from the grid cells to the nearest fixed France Services, across the border too', () => {
    const input = essaisInput();
    for (const r of table.rows) {
      const cells = CELLS.filter((c) => c.canton === r.cantonCode && c.population > 0).map((c) => ({ at: c.lngLat, weight: c.population }));
      expectAccess(r, accessOf(cells, input));
    }
    expectAccess(
      table.total,
      accessOf(
        CELLS.filter((c) => c.population > 0).map((c) => ({ at: c.lngLat, weight: c.population })),
        input,
      ),
    );
    // the Marais cells are nearer to near-01 (across the border) than to any site of the département
    for (const at of [
      [0.25, 0.03],
      [0.28, 0.08],
      [0.305, 0.06],
    ] as Position[]) {
      const inside = Math.min(...FRANCE_SERVICES.filter((s) => s.kind === 'fixed').map((s) => haversineKm(at, s.lngLat)));
      expect(haversineKm(at, NEARBY[0].lngLat)).toBeLessThan(inside);
    }
    // hand figures: 9901 = 8000 cells at 0 km and 4000 at 6.51 km
    expect(rows['9901'].meanDistanceKm).toBeCloseTo((4000 * 6.5075) / 12000, 2);
    expect(rows['9901'].populationWithin5KmPct).toBe(66.7);
    expect(table.method).toMatchObject({
      distanceFrom: 'population-grid',
      populationGridVintage: '2021',
      cellsAssignedByNearestCommune: 1,
      fixedFranceServicesForDistance: 6,
      nearbyFranceServicesForDistance: 1,
    });
  });

  it('ignores buses (inside or across the border) for distances', () => {
    // near-02 (a bus) is 3.7 km from the cell (0.29, 0.18); fs-06 (fixed) is 12 km away
    expect(rows['9905'].maxDistanceKm).toBeCloseTo(haversineKm([0.29, 0.18], [0.2, 0.12]), 2);
    expect(rows['9905'].maxDistanceKm!).toBeGreaterThan(11);
  });

  it('measures access from commune centroids, split communes by their parts, when no grid is given', () => {
    const input = { ...essaisInput(), populationGrid: null };
    const t = computeCoverage(input, DEFAULT_RULE);
    expect(t.method.distanceFrom).toBe('commune-centroids');
    expect(t.method.populationGridVintage).toBeNull();
    expect(t.method.cellsAssignedByNearestCommune).toBe(0);
    const parts: { at: Position; weight: number; canton: string }[] = [
      ...COMMUNES.filter((c) => c.cantonCode).map((c) => ({ at: c.centroid, weight: c.population, canton: c.cantonCode! })),
      { at: [0.125, 0.02], weight: 250, canton: '9901' },
      { at: [0.125, 0.02], weight: 751, canton: '9902' },
    ];
    for (const r of t.rows)
      expectAccess(
        r,
        accessOf(
          parts.filter((p) => p.canton === r.cantonCode),
          input,
        ),
      );
    expectAccess(t.total, accessOf(parts, input));
    // everything else is the same as with the grid
    const withGrid = computeCoverage(essaisInput(), DEFAULT_RULE);
    const strip = (r: CoverageRow) => ({
      ...r,
      meanDistanceKm: 0,
      maxDistanceKm: 0,
      populationWithin5KmPct: 0,
      populationWithin10KmPct: 0,
      populationWithin15KmPct: 0,
    });
    expect(t.rows.map(strip)).toEqual(withGrid.rows.map(strip));
  });

  it('leaves the access cells empty when there is no fixed France Services at all', () => {
    const input = { ...essaisInput(), franceServices: FRANCE_SERVICES.filter((s) => s.kind === 'bus'), nearbyFranceServices: [] };
    const t = computeCoverage(input, DEFAULT_RULE);
    for (const r of [...t.rows, t.total]) {
      expect(r.meanDistanceKm).toBeNull();
      expect(r.maxDistanceKm).toBeNull();
      expect(r.populationWithin15KmPct).toBeNull();
    }
  });

  it('makes the département totals the sums of the rows for every additive column', () => {
    const sum = (f: (r: CoverageRow) => number | null) => table.rows.reduce((s, r) => s + (f(r) ?? 0), 0);
    for (const [name, f] of Object.entries({
      population: (r: CoverageRow) => r.population,
      franceServices: (r: CoverageRow) => r.franceServices,
      franceServicesBuses: (r: CoverageRow) => r.franceServicesBuses,
      target: (r: CoverageRow) => r.target,
      gap: (r: CoverageRow) => r.gap,
      healthMediatorPosts: (r: CoverageRow) => r.healthMediatorPosts,
      digitalInclusion: (r: CoverageRow) => r.layerCounts['digital-inclusion'],
    })) {
      expect(f(table.total), name).toBe(sum(f));
    }
    // distinct counts: a split commune and its QPV count once
    expect(table.total.communes).toBe(sum((r) => r.communes) - 1);
    expect(table.total.qpvCount).toBe(sum((r) => r.qpvCount) - 1);
  });
});

describe('the target rule', () => {
  const base = prepareCoverage(essaisInput());
  const gaps = (t: CoverageTable) => t.rows.map((r) => r.gap);

  it('recomputes targets and gaps for other targets', () => {
    const t = applyCoverageRule(base, rule({ target: 1, priorityTarget: 3 }));
    expect(t.rows.map((r) => r.target)).toEqual([3, 3, 3, 3, 1]);
    expect(gaps(t)).toEqual([1, 1, 2, 2, 0]);
    expect(t.total).toMatchObject({ target: 13, gap: 6, status: 'gap' });
    const zero = applyCoverageRule(base, rule({ target: 0, priorityTarget: 0 }));
    expect(zero.rows.every((r) => r.status === 'met' && r.gap === 0)).toBe(true);
    expect(zero.total.status).toBe('met');
  });

  it('leaves buses out of the target, and inhabitants per France Services empty, when they do not count', () => {
    const t = applyCoverageRule(base, rule({ countBuses: false }));
    expect(gaps(t)).toEqual([0, 0, 2, 2, 0]);
    expect(t.rows.map((r) => r.inhabitantsPerFranceServices)).toEqual([7625, 1626, null, null, 4600]);
    expect(t.total).toMatchObject({ gap: 4, inhabitantsPerFranceServices: 6160 }); // 30801 / 5
    expect(t.rows.map((r) => r.franceServicesBuses)).toEqual([0, 0, 1, 1, 0]); // still shown
  });

  it('changes the priority cantons with the criteria', () => {
    const reasons = (r: CoverageRule) => applyCoverageRule(base, r).rows.map((x) => x.priorityReasons);
    expect(reasons(rule({ priority: { qpv: false } }))).toEqual([[], ['rural'], ['rural', 'territory'], ['territory'], []]);
    expect(reasons(rule({ priority: { ruralPopulationShareMin: null } }))).toEqual([['qpv'], ['qpv'], ['territory'], ['territory'], []]);
    expect(reasons(rule({ priority: { territories: false } }))).toEqual([['qpv'], ['qpv', 'rural'], ['rural'], [], []]);
    // 9905 has 43.5 % rural people
    expect(reasons(rule({ priority: { ruralPopulationShareMin: 0.4 } }))[4]).toEqual(['rural']);
    expect(reasons(rule({ priority: { ruralPopulationShareMin: 0.44 } }))[4]).toEqual([]);
    const none = applyCoverageRule(base, rule({ priority: { qpv: false, ruralPopulationShareMin: null, territories: false } }));
    expect(none.rows.map((r) => [r.priority, r.target])).toEqual([
      [false, 1],
      [false, 1],
      [false, 1],
      [false, 1],
      [false, 1],
    ]);
    expect(gaps(none)).toEqual([0, 0, 0, 0, 0]);
    // the territory names are facts of the canton, shown whatever the rule
    expect(none.rows[2].priorityTerritories).toEqual(['Territoire-Prioritaire-des-Marais']);
  });

  it('gives from a prepared base the same table as the one-step computation', () => {
    for (const r of [
      DEFAULT_RULE,
      rule({ target: 2, priorityTarget: 4, countBuses: false }),
      rule({ priority: { qpv: false, territories: false } }),
    ]) {
      expect(applyCoverageRule(base, r)).toEqual(computeCoverage(essaisInput(), r));
    }
  });

  it('copies the rule into the table', () => {
    const r = rule({ target: 2 });
    const t = applyCoverageRule(base, r);
    expect(t.rule).toEqual(r);
    expect(t.rule).not.toBe(r);
  });

  it.each([
    ['target', rule({ target: -1 })],
    ['target', rule({ target: 1.5 })],
    ['target', rule({ target: 100 })],
    ['target', rule({ target: Number.NaN })],
    ['priorityTarget', rule({ priorityTarget: -2 })],
    ['priorityTarget', rule({ priorityTarget: Infinity })],
    ['ruralPopulationShareMin', rule({ priority: { ruralPopulationShareMin: 1.5 } })],
    ['ruralPopulationShareMin', rule({ priority: { ruralPopulationShareMin: -0.1 } })],
    ['ruralPopulationShareMin', rule({ priority: { ruralPopulationShareMin: Number.NaN } })],
  ])('throws a RangeError naming %s on a bad rule', (name, bad) => {
    expect(() => applyCoverageRule(base, bad)).toThrow(RangeError);
    expect(() => applyCoverageRule(base, bad)).toThrow(name);
    expect(() => validateCoverageRule(bad)).toThrow(RangeError);
  });

  it('accepts the edges of the valid ranges', () => {
    expect(() => applyCoverageRule(base, rule({ target: 0, priorityTarget: 99, priority: { ruralPopulationShareMin: 0 } }))).not.toThrow();
    expect(() => applyCoverageRule(base, rule({ priority: { ruralPopulationShareMin: 1 } }))).not.toThrow();
  });
});

describe('inputs are not modified', () => {
  it('leaves a deep-frozen input, rule and base untouched through computation and every export', () => {
    const input = deepFreeze(essaisInput());
    const r = deepFreeze(structuredClone(DEFAULT_RULE));
    const base = prepareCoverage(input);
    const before = structuredClone(base);
    const table = applyCoverageRule(base, r);
    applyCoverageRule(base, rule({ target: 3, countBuses: false }));
    expect(base).toEqual(before);
    const tableBefore = structuredClone(table);
    const at = new Date('2099-01-01T00:00:00Z');
    coverageToCsv(table, 'csv');
    coverageToCsv(table, 'csv-fr');
    coverageToGeoJson(table, input.cantons, at);
    coverageToJson(table, at);
    expect(table).toEqual(tableBefore);
    expect(input).toEqual(essaisInput());
  });

  it('leaves a plain (unfrozen) input equal to a structured clone of it', () => {
    const input = essaisInput();
    const copy = structuredClone(input);
    computeCoverage(input, DEFAULT_RULE);
    computeCoverage({ ...input, populationGrid: null }, rule({ countBuses: false }));
    expect(input).toEqual(copy);
  });
});
