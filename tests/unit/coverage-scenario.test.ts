/**
 * Scenarios (add, move, close France Services) on seeded fictional départements:
 * applying a scenario to the prepared engine must give exactly the figures of a full
 * `prepareCoverage` on the input changed by hand (the oracle below rebuilds the France
 * Services list itself, finding the commune of a new place by a loop over every
 * commune polygon), on many seeded random scenarios, with and without a population grid.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { applyCoverageRule, prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import { compareCoverage } from '../../src/core/coverage/coverage-comparison.ts';
import { coverageCsvMetadata, coverageToCsv, coverageToJson } from '../../src/core/coverage/coverage-export.ts';
import { createCoverageScenarioEngine, ScenarioError } from '../../src/core/coverage/coverage-scenario.ts';
import type { CoverageInput, CoverageRule, FranceServicesSite, Position } from '../../src/core/coverage/coverage-types.ts';
import type { ScenarioOperation } from '../../src/core/coverage/scenario-types.ts';
import { scenarioTable } from '../../src/core/coverage/scenario-table.ts';
import { CANTON_DEG, fictionalDepartement, ORIGIN } from './helpers/fictional-departement.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

const RULE: CoverageRule = {
  target: 1,
  priorityTarget: 2,
  countBuses: true,
  priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
};

/** The oracle's modified input: written without the engine's code. */
function byHand(input: CoverageInput, ops: readonly ScenarioOperation[]): CoverageInput {
  const communeAt = (p: Position) =>
    input.communes.find((c) => c.geometry && booleanPointInPolygon(p as [number, number], c.geometry))?.code ?? null;
  let list: FranceServicesSite[] = input.franceServices.map((s) => ({ ...s }));
  const added: FranceServicesSite[] = [];
  for (const op of ops) {
    if (op.action === 'close') list = list.filter((s) => s.id !== op.id);
    else if (op.action === 'move')
      list = list.map((s) => (s.id === op.id ? { ...s, lngLat: op.lngLat, communeCode: communeAt(op.lngLat) } : s));
    else
      added.push({
        id: `hypothetique-${added.length + 1}`,
        kind: 'fixed',
        lngLat: op.lngLat,
        communeCode: op.communeCode !== undefined ? op.communeCode : communeAt(op.lngLat),
      });
  }
  return { ...input, franceServices: [...list, ...added] };
}

function randomScenario(random: () => number, input: CoverageInput): ScenarioOperation[] {
  const [cols, rows] = [4, 3];
  const ids = input.franceServices.map((s) => s.id).sort(() => random() - 0.5);
  const ops: ScenarioOperation[] = [];
  const n = 1 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) {
    const point: Position = [
      uniform(random, ORIGIN[0] - 0.02, ORIGIN[0] + cols * CANTON_DEG + 0.02),
      uniform(random, ORIGIN[1] - 0.02, ORIGIN[1] + rows * CANTON_DEG + 0.02),
    ];
    const r = random();
    if (r < 0.45 || ids.length === 0) ops.push({ action: 'add', lngLat: point, name: random() < 0.5 ? `Site ${i}` : null });
    else if (r < 0.75) ops.push({ action: 'close', id: ids.pop()! });
    else ops.push({ action: 'move', id: ids.pop()!, lngLat: point });
  }
  return ops;
}

describe('coverage scenarios', () => {
  it.each([
    { grid: true, seed: 1 },
    { grid: false, seed: 2 },
    { grid: true, seed: 3 },
  ])(
    'gives exactly the figures of prepareCoverage on the changed input, on 40 seeded random scenarios (grid: $grid, seed $seed)',
    ({ grid, seed }) => {
      const input = fictionalDepartement({ seed, grid });
      const engine = createCoverageScenarioEngine(input);
      expect(engine.before).toEqual(prepareCoverage(input));
      const random = mulberry32(seed * 100);
      let changedTables = 0;
      for (let k = 0; k < 40; k++) {
        const ops = randomScenario(random, input);
        const result = engine.apply(ops);
        const oracle = prepareCoverage(byHand(input, ops));
        expect(result.base, JSON.stringify(ops)).toEqual(oracle);
        expect(engine.modifiedInput(ops)).toEqual(byHand(input, ops));
        if (JSON.stringify(applyCoverageRule(result.base, RULE).rows) !== JSON.stringify(applyCoverageRule(engine.before, RULE).rows))
          changedTables++;
      }
      expect(changedTables).toBeGreaterThan(30); // the scenarios do change the table
    },
  );

  it('empties the access cells when every fixed France Services is closed, and fills them again when one is added', () => {
    const input = { ...fictionalDepartement({ seed: 4 }), nearbyFranceServices: [] };
    const engine = createCoverageScenarioEngine(input);
    const closeAll: ScenarioOperation[] = input.franceServices
      .filter((s) => s.kind === 'fixed')
      .map((s) => ({ action: 'close', id: s.id }));
    const closed = engine.apply(closeAll);
    expect(closed.base.total.access).toBeNull();
    expect(closed.base).toEqual(prepareCoverage(byHand(input, closeAll)));
    const reopened: ScenarioOperation[] = [...closeAll, { action: 'add', lngLat: [1.15, 45.15], name: 'Seul site' }];
    expect(engine.apply(reopened).base).toEqual(prepareCoverage(byHand(input, reopened)));
  });

  it('describes each operation: hypothetical id, commune and canton of the new place, canton of a closed site', () => {
    const input = fictionalDepartement({ seed: 5 });
    const engine = createCoverageScenarioEngine(input);
    const { sites } = engine.apply([
      { action: 'add', lngLat: [1.26, 45.16], name: 'Nouvelle France Services' }, // canton 9707 ([1.2,1.3] × [45.1,45.2]), its upper-right quarter: commune 97028
      { action: 'close', id: 'fs-1' },
      { action: 'move', id: 'fs-2', lngLat: [1.01, 45.01] }, // canton 9701, commune 97001
      { action: 'add', lngLat: [1.7, 45.7], name: null }, // outside everything
    ]);
    const fs1 = input.franceServices[0];
    const fs1Canton = input.cantons.find((c) => booleanPointInPolygon(fs1.lngLat as [number, number], c))!.properties.code;
    const fs1Commune = input.communes.find((c) => c.code === fs1.communeCode);
    expect(sites).toEqual([
      {
        operation: 0,
        action: 'add',
        id: 'hypothetique-1',
        name: 'Nouvelle France Services',
        lngLat: [1.26, 45.16],
        communeCode: '97028',
        cantonCode: '9707',
        kind: 'fixed',
        hypothetical: true,
      },
      {
        operation: 1,
        action: 'close',
        id: 'fs-1',
        name: null,
        lngLat: null,
        communeCode: null,
        cantonCode: fs1Commune?.cantonCode ?? fs1Canton,
        kind: 'fixed',
        hypothetical: false,
      },
      {
        operation: 2,
        action: 'move',
        id: 'fs-2',
        name: null,
        lngLat: [1.01, 45.01],
        communeCode: '97001',
        cantonCode: '9701',
        kind: input.franceServices[1].kind,
        hypothetical: true,
      },
      {
        operation: 3,
        action: 'add',
        id: 'hypothetique-2',
        name: null,
        lngLat: [1.7, 45.7],
        communeCode: null,
        cantonCode: null,
        kind: 'fixed',
        hypothetical: true,
      },
    ]);
  });

  it('rejects an unknown id, a site moved or closed twice, and a bad position, naming the operation', () => {
    const engine = createCoverageScenarioEngine(fictionalDepartement({ seed: 6 }));
    expect(() => engine.apply([{ action: 'close', id: 'nope' }])).toThrow(
      new ScenarioError(0, "aucune France Services du département n'a l'identifiant « nope »"),
    );
    expect(() =>
      engine.apply([
        { action: 'close', id: 'fs-1' },
        { action: 'move', id: 'fs-1', lngLat: [1.1, 45.1] },
      ]),
    ).toThrow(/opération 2 : la France Services « fs-1 » est déjà déplacée ou fermée/);
    expect(() => engine.apply([{ action: 'add', lngLat: [Number.NaN, 45], name: null }])).toThrow(/opération 1 : position invalide/);
  });

  it('compares before and after per canton and for the département', () => {
    const input = fictionalDepartement({ seed: 7, fixedSites: 2, buses: 0 });
    const engine = createCoverageScenarioEngine(input);
    const before = applyCoverageRule(engine.before, RULE);
    const target = before.rows.find((r) => r.franceServices === 0)!;
    const canton = input.cantons.find((c) => c.properties.code === target.cantonCode)!;
    const [x0, y0] = (canton.geometry.coordinates as number[][][])[0][0];
    const after = engine.apply([{ action: 'add', lngLat: [x0 + 0.03, y0 + 0.07], name: 'Ici' }]);
    const comparison = compareCoverage(engine.before, after.base, RULE);
    const row = comparison.rows.find((r) => r.cantonCode === target.cantonCode)!;
    expect(row.changed).toBe(true);
    expect(row.before.franceServices).toBe(0);
    expect(row.after.franceServices).toBe(1);
    expect(row.after.gap).toBe(row.before.gap - 1);
    expect(row.after.meanDistanceKm!).toBeLessThan(row.before.meanDistanceKm!);
    expect(row.after.populationWithinKm![0]).toBeGreaterThanOrEqual(row.before.populationWithinKm![0]);
    expect(comparison.total.after.gap).toBe(comparison.total.before.gap - 1);
    expect(comparison.rows.map((r) => r.cantonCode)).toEqual(before.rows.map((r) => r.cantonCode));
    expect(comparison.rows.filter((r) => r.changed).every((r) => r.after.meanDistanceKm! <= r.before.meanDistanceKm!)).toBe(true);
    expect(JSON.parse(JSON.stringify(comparison))).toEqual(comparison); // plain data: posts from a worker as is
  });

  it('flags the hypothetical sites in every export: a column and the metadata', () => {
    const input = fictionalDepartement({ seed: 8 });
    const engine = createCoverageScenarioEngine(input);
    const plain = applyCoverageRule(engine.before, RULE);
    expect(coverageToCsv(plain, 'csv')).not.toContain('hypothetical');
    const table = scenarioTable(engine.apply([{ action: 'add', lngLat: [1.26, 45.16], name: '=Nouveau site' }]), RULE, 'Essai');
    const csv = coverageToCsv(table, 'csv').split('\r\n');
    const header = csv[0].split(',');
    const col = header.indexOf('hypothetical_france_services');
    expect(col).toBeGreaterThan(0);
    const values = Object.fromEntries(csv.slice(1, -1).map((l) => [l.split(',')[0], l.split(',')[col]]));
    expect(values['9707']).toBe('1');
    expect(values['9701']).toBe('0');
    expect(values['97']).toBe('1');
    expect(coverageToCsv(table, 'csv-fr')).toContain('France Services hypothétiques');
    const json = coverageToJson(table, new Date('2099-01-01T00:00:00Z'));
    expect(json.metadata.scenario).toMatchObject({
      name: 'Essai',
      sites: [{ id: 'hypothetique-1', name: '=Nouveau site', hypothetical: true, canton_code: '9707' }],
    });
    expect(json.metadata.method.join('\n')).toMatch(/Scénario « Essai » : 1 France Services hypothétique/);
    const meta = coverageCsvMetadata(table, 'csv', new Date('2099-01-01T00:00:00Z'));
    expect(meta['dc:description']).toMatch(/hypothétique/);
  });

  it('leaves the input untouched', () => {
    const input = fictionalDepartement({ seed: 9 });
    const copy = structuredClone(input);
    const engine = createCoverageScenarioEngine(input);
    engine.apply([
      { action: 'close', id: 'fs-1' },
      { action: 'add', lngLat: [1.2, 45.2], name: null },
    ]);
    expect(input).toEqual(copy);
  });
});
