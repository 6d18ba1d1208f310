/**
 * Scenario files (GeoJSON FeatureCollection of Points with `action`, `id`, `name`):
 * every bad file is refused with a located French message (file, feature, field,
 * reason), and `coverageWithScenario` (what `coverage --scenario` runs) gives the
 * same table as a full computation on the input changed by hand.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../src/core/coverage/compute-coverage.ts';
import { exportCoverage } from '../../src/core/coverage/coverage-export.ts';
import type { CoverageInput, CoverageRule } from '../../src/core/coverage/coverage-types.ts';
import { coverageWithScenario } from '../../src/data/scenario/coverage-with-scenario.ts';
import { parseScenarioGeoJson, SCENARIO_LIMITS, ScenarioFileError } from '../../src/data/scenario/parse-scenario.ts';
import { bundleOf } from './helpers/fictional-bundle.ts';
import { fictionalDepartement } from './helpers/fictional-departement.ts';

const EXTENT: [number, number, number, number] = [1, 45, 1.4, 45.3];
const IDS = ['fs-1', 'fs-2', 'fs-3'];
const opts = { file: 'scenario.geojson', siteIds: IDS, extent: EXTENT };

const point = (lng: number, lat: number, properties: Record<string, unknown> | null = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties,
});
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });

function errorOf(text: string): ScenarioFileError {
  try {
    parseScenarioGeoJson(text, opts);
  } catch (e) {
    if (e instanceof ScenarioFileError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('scenario files', () => {
  it('reads add (the default), move and close, names and the scenario name', () => {
    const scenario = parseScenarioGeoJson(
      '\uFEFF' +
        fc(
          [
            point(1.1, 45.1, null),
            point(1.2, 45.2, { action: 'add', name: '  Maison du Val  ' }),
            point(1.15, 45.05, { action: 'move', id: 'fs-2' }),
            { type: 'Feature', geometry: null, properties: { action: 'close', id: 'fs-1' } },
            point(1.3, 45.25, { action: 'close', id: 3, name: 'ignoré pour une fermeture' }),
          ],
          { name: 'Plan 2027' },
        ),
      { ...opts, siteIds: [...IDS, '3'] },
    );
    expect(scenario).toEqual({
      name: 'Plan 2027',
      operations: [
        { action: 'add', lngLat: [1.1, 45.1], name: null },
        { action: 'add', lngLat: [1.2, 45.2], name: 'Maison du Val' },
        { action: 'move', id: 'fs-2', lngLat: [1.15, 45.05] },
        { action: 'close', id: 'fs-1' },
        { action: 'close', id: '3' },
      ],
    });
  });

  it.each([
    ['{"type": "FeatureCollection", "features": [', null, null, /JSON invalide à la ligne 1, colonne \d+/],
    [JSON.stringify({ type: 'Feature' }), null, null, /FeatureCollection GeoJSON/],
    [fc([]), null, null, /aucune opération/],
    [fc([point(1.1, 45.1), { type: 'Polygon' }]), 1, null, /« Feature » est attendu/],
    [fc([point(1.1, 45.1, { action: 'fermer', id: 'fs-1' })]), 0, 'action', /valeur "fermer" inconnue : add .* move .* close/],
    [fc([point(1.1, 45.1, { action: 'close' })]), 0, 'id', /identifiant de la France Services à fermer est requis/],
    [fc([point(1.1, 45.1, { action: 'move', id: 'fs-9' })]), 0, 'id', /aucune France Services du département n'a l'identifiant « fs-9 »/],
    [
      fc([point(1.1, 45.1, { action: 'close', id: 'fs-1' }), point(1.1, 45.1, { action: 'move', id: 'fs-1' })]),
      1,
      'id',
      /déjà déplacée ou fermée par l'élément 1/,
    ],
    [fc([{ type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: {} }]), 0, 'geometry', /géométrie Point/],
    [fc([{ type: 'Feature', geometry: null, properties: { action: 'move', id: 'fs-1' } }]), 0, 'geometry', /aucune géométrie/],
    [
      fc([point(1.1, 45.1), { type: 'Feature', geometry: { type: 'Point', coordinates: ['1', 45] }, properties: {} }]),
      1,
      'geometry',
      /\[longitude, latitude\]/,
    ],
    [fc([point(200, 45.1)]), 0, 'geometry', /hors limites/],
    [fc([point(45.1, 1.2)]), 0, 'geometry', /plus de 30 km du département ; inversées, les coordonnées y tombent/],
    [fc([point(5, 48)]), 0, 'geometry', /plus de 30 km du département$/],
    [fc([point(1.1, 45.1, { name: 42.5 }), point(1.1, 45.1, { name: ['x'] })]), 1, 'name', /texte attendu/],
    [fc([point(1.1, 45.1, { name: 'x'.repeat(201) })]), 0, 'name', /trop long \(201 caractères, au plus 200\)/],
    [fc([point(1.1, 45.1, [] as unknown as Record<string, unknown>)]), 0, 'properties', /objet de propriétés/],
  ] as const)('refuses %s with a located message', (text, feature, field, reason) => {
    const e = errorOf(text);
    expect(e.feature).toBe(feature);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(reason);
    expect(e.message.startsWith('scenario.geojson')).toBe(true);
    if (feature !== null) expect(e.message).toContain(`élément ${feature + 1}`);
  });

  it('bounds the size and the number of operations', () => {
    expect(errorOf(' '.repeat(SCENARIO_LIMITS.maxBytes + 1)).message).toMatch(/fichier trop gros/);
    const many = fc(Array.from({ length: SCENARIO_LIMITS.maxFeatures + 1 }, () => point(1.1, 45.1)));
    expect(errorOf(many).message).toMatch(/trop d'opérations \(501, au plus 500\)/);
  });
});

describe('coverageWithScenario (coverage --scenario)', () => {
  const RULE: CoverageRule = {
    target: 1,
    priorityTarget: 2,
    countBuses: true,
    priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false },
  };

  it('gives the table of a full computation on the input changed by hand, flagged as a scenario', () => {
    const fictional = fictionalDepartement({ seed: 11 });
    const { manifest, layers } = bundleOf(fictional);
    const text = fc(
      [
        point(1.26, 45.16, { name: 'Nouvelle' }),
        point(1.01, 45.01, { action: 'move', id: 'fs-2' }),
        point(0, 0, { action: 'close', id: 'fs-3' }),
      ],
      { name: 'Essai' },
    );
    const { table, input } = coverageWithScenario(manifest, layers, text, 'essai.geojson', RULE);
    const moved = { ...input.franceServices[1], lngLat: [1.01, 45.01] as const, communeCode: '97001' };
    const changed: CoverageInput = {
      ...input,
      franceServices: [
        input.franceServices[0],
        moved,
        ...input.franceServices.slice(3),
        { id: 'hypothetique-1', kind: 'fixed', lngLat: [1.26, 45.16], communeCode: '97028' },
      ],
    };
    const full = computeCoverage(changed, RULE);
    expect(table.rows).toEqual(full.rows);
    expect(table.total).toEqual(full.total);
    expect(table.scenario?.name).toBe('Essai');
    expect(table.scenario?.sites.map((s) => [s.action, s.id, s.hypothetical])).toEqual([
      ['add', 'hypothetique-1', true],
      ['move', 'fs-2', true],
      ['close', 'fs-3', false],
    ]);
    for (const format of ['csv', 'csv-fr', 'json', 'geojson'] as const) {
      expect(exportCoverage(table, format, input.cantons, new Date('2099-01-01T00:00:00Z'))).toMatch(
        /hypothetical_france_services|France Services hypothétiques/,
      );
    }
  });

  it('refuses a scenario naming a site of another département with a located error', () => {
    const { manifest, layers } = bundleOf(fictionalDepartement({ seed: 12 }));
    expect(() =>
      coverageWithScenario(manifest, layers, fc([point(1.1, 45.1, { action: 'close', id: '2124' })]), 'x.geojson', RULE),
    ).toThrow(new ScenarioFileError('x.geojson', 0, 'id', "aucune France Services du département n'a l'identifiant « 2124 »"));
  });
});
