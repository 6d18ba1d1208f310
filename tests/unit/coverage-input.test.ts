/**
 * coverageInputFromBundle, the boundary between the bundle's GeoJSON and the
 * coverage engine: fields read as documented, layers without data as null
 * (empty cells, never 0), and every bad feature rejected with a located
 * CoverageInputError (layer, feature, field) instead of a crash or a wrong figure.
 */
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../src/core/coverage/compute-coverage.ts';
import { splitInteger } from '../../src/core/coverage/apportion.ts';
import { coverageInputFromBundle, CoverageInputError, type CoverageLayerData } from '../../src/data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../../src/core/coverage/coverage-rule.ts';
import type { BundleManifest } from '../../src/data/bundle/bundle-types.ts';

const rect = (a: number, b: number, c: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [a, b],
      [c, b],
      [c, d],
      [a, d],
      [a, b],
    ],
  ],
});

function layerManifest(id: string, status: 'ok' | 'no-data' = 'ok') {
  return {
    id,
    title: `Titre ${id}`,
    file: `${id}.geojson`,
    status,
    features: 0,
    sources: [
      {
        id: `src-${id}`,
        title: `${id} fictifs`,
        producer: 'Atelier des Essais',
        licence: 'LO',
        attribution: '',
        vintage: '2099',
        files: [],
        rows_read: 0,
        rows_kept: 0,
        rows_rejected: 0,
      },
    ],
    caveats: [],
  };
}
function manifest(ids: string[], noData: string[] = []): Pick<BundleManifest, 'departement' | 'layers' | 'coverage'> {
  return {
    departement: { code: '99', name: 'Département-des-Essais', extent: [0, 0, 1, 1] },
    coverage: {
      target: 1,
      priorityTarget: 2,
      priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
    } as BundleManifest['coverage'],
    layers: Object.fromEntries([
      ...ids.map((id) => [id, layerManifest(id)]),
      ...noData.map((id) => [id, layerManifest(id, 'no-data')]),
    ]) as BundleManifest['layers'],
  };
}
const feature = (properties: Record<string, unknown> | null, geometry: unknown): Feature =>
  ({ type: 'Feature', properties, geometry }) as Feature;

function layers(): Record<string, CoverageLayerData> {
  return {
    cantons: {
      features: [
        feature({ code: '9941', name: 'Canton-des-Essais' }, rect(0, 0, 1, 1)),
        feature({ code: '9942', name: 'Canton-Voisin' }, rect(1, 0, 2, 1)),
      ],
    },
    communes: {
      features: [
        feature(
          {
            code: '99401',
            name: 'Essai-Ville',
            population: 1200,
            canton_code: '9941',
            rural: false,
            epci_code: '200000041',
            qpv_codes: 'QP099401 QP099402',
            centroid_lng: 0.5,
            centroid_lat: 0.5,
          },
          rect(0, 0, 1, 1),
        ),
        feature(
          {
            code: '99402',
            name: 'Voisine',
            population: 300,
            canton_code: '9942',
            rural: true,
            epci_code: '200000041',
            qpv_codes: '',
            centroid_lng: 1.5,
            centroid_lat: 0.5,
          },
          rect(1, 0, 2, 1),
        ),
      ],
    },
    'france-services': {
      features: [feature({ id: 'fs-1', kind: 'fixed', commune_code: '99401' }, { type: 'Point', coordinates: [0.5, 0.5] })],
    },
  };
}
const REQUIRED = ['cantons', 'communes', 'france-services'];

function expectInputError(fn: () => unknown, layer: string, featureIndex: number | null, field: string | null, message: RegExp | string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CoverageInputError);
    const err = e as CoverageInputError;
    expect({ layer: err.layer, feature: err.feature, field: err.field }).toEqual({ layer, feature: featureIndex, field });
    expect(err.message).toMatch(message);
    return;
  }
  throw new Error('expected a CoverageInputError');
}

describe('coverageInputFromBundle', () => {
  it('reads cantons, communes and France Services, and turns missing or no-data layers into "no data"', () => {
    const input = coverageInputFromBundle(manifest(REQUIRED, ['msp']), layers());
    expect(input.cantons.map((c) => c.properties)).toEqual([
      { code: '9941', name: 'Canton-des-Essais' },
      { code: '9942', name: 'Canton-Voisin' },
    ]);
    expect(input.communes[0]).toMatchObject({
      code: '99401',
      population: 1200,
      cantonCode: '9941',
      rural: false,
      epciCode: '200000041',
      qpvCodes: ['QP099401', 'QP099402'],
      centroid: [0.5, 0.5],
    });
    expect(input.communes[1]).toMatchObject({ qpvCodes: [], rural: true });
    expect(input.franceServices).toEqual([{ id: 'fs-1', kind: 'fixed', communeCode: '99401', lngLat: [0.5, 0.5] }]);
    expect(input.populationGrid).toBeNull();
    expect(input.healthMediatorPosts).toBeNull();
    expect(input.countedLayers.map((l) => [l.id, l.sites])).toEqual([
      ['digital-inclusion', null],
      ['first-reception', null],
      ['msp', null],
    ]);
    expect(input.sources.map((s) => s.layer)).toEqual(REQUIRED);
  });

  it('reads no empty QPV code from a list with stray spaces: a blank list is no QPV, not a phantom one', () => {
    const l = layers();
    l.communes.features[0].properties!.qpv_codes = ' QP099401  QP099402 ';
    l.communes.features[1].properties!.qpv_codes = ' ';
    const input = coverageInputFromBundle(manifest(REQUIRED), l);
    expect(input.communes.map((c) => c.qpvCodes)).toEqual([['QP099401', 'QP099402'], []]);
    const table = computeCoverage(input, defaultCoverageRule(manifest(REQUIRED)));
    expect(table.rows.map((r) => [r.qpvCount, r.priorityReasons])).toEqual([
      [2, ['qpv']],
      [0, ['rural']],
    ]);
    expect(table.total.qpvCount).toBe(2);
  });

  it('names a required layer that is not loaded', () => {
    const l = layers();
    delete (l as Record<string, unknown>)['france-services'];
    expectInputError(() => coverageInputFromBundle(manifest(REQUIRED), l), 'france-services', null, null, /nécessaire/);
    expectInputError(
      () => coverageInputFromBundle(manifest(['cantons', 'communes'], ['france-services']), layers()),
      'france-services',
      null,
      null,
      /nécessaire/,
    );
  });

  type Layers = Record<string, CoverageLayerData>;
  type Mutable = { properties: Record<string, unknown> | null; geometry: unknown };
  const at = (l: Layers, layer: string, index: number) => l[layer].features[index] as unknown as Mutable;
  it.each<[string, number, string | null, (l: Layers) => void, RegExp]>([
    [
      'cantons',
      1,
      'name',
      (l) => {
        delete at(l, 'cantons', 1).properties!.name;
      },
      /texte non vide attendu/,
    ],
    [
      'cantons',
      0,
      'geometry',
      (l) => {
        at(l, 'cantons', 0).geometry = { type: 'Point', coordinates: [0, 0] };
      },
      /Polygon or MultiPolygon/,
    ],
    [
      'communes',
      1,
      'population',
      (l) => {
        at(l, 'communes', 1).properties!.population = '300';
      },
      /nombre attendu/,
    ],
    [
      'communes',
      0,
      'centroid_lat',
      (l) => {
        delete at(l, 'communes', 0).properties!.centroid_lat;
      },
      /nombre attendu/,
    ],
    [
      'france-services',
      0,
      'kind',
      (l) => {
        at(l, 'france-services', 0).properties!.kind = 'boat';
      },
      /"fixed" ou "bus"/,
    ],
    [
      'france-services',
      0,
      'geometry',
      (l) => {
        at(l, 'france-services', 0).geometry = { type: 'Point', coordinates: [200, 0] };
      },
      /point \[lng, lat\]/,
    ],
    [
      'france-services',
      0,
      null,
      (l) => {
        at(l, 'france-services', 0).properties = null;
      },
      /sans propriétés/,
    ],
  ])('locates a bad %s feature (feature %i, field %s)', (layer, index, field, mutate, message) => {
    const l = layers();
    mutate(l);
    expectInputError(() => coverageInputFromBundle(manifest(REQUIRED), l), layer, index, field, message);
  });
});

describe('counts of people and posts are whole numbers', () => {
  it.each([10.5, -5])('rejects a commune population of %d, which would be split into whole people that do not add up', (population) => {
    const l = layers();
    l.communes.features[0].properties!.population = population;
    expectInputError(() => coverageInputFromBundle(manifest(REQUIRED), l), 'communes', 0, 'population', /nombre entier positif/);
  });

  it('reads adultes-relais posts of the latest year, a missing figure as no post, and rejects a fractional one', () => {
    const health = (posts: unknown): CoverageLayerData => ({
      features: [
        feature({ id: '200000041', territory_type: 'epci', latest_year: '2024', posts_2023: 2, posts_2024: 3 }, null),
        feature({ id: '99402', territory_type: 'commune', latest_year: '2023', posts_2023: 1, posts_2024: posts }, null),
      ],
    });
    const ids = [...REQUIRED, 'health-mediators'];
    const input = coverageInputFromBundle(manifest(ids), { ...layers(), 'health-mediators': health(null) });
    expect(input.healthMediatorPosts).toEqual({
      year: '2024',
      territories: [
        { id: '200000041', kind: 'epci', posts: 3 },
        { id: '99402', kind: 'commune', posts: 0 },
      ],
    });
    expectInputError(
      () => coverageInputFromBundle(manifest(ids), { ...layers(), 'health-mediators': health(0.5) }),
      'health-mediators',
      1,
      'posts_2024',
      /nombre entier positif/,
    );
  });

  it('makes splitInteger refuse a fractional whole instead of returning parts that add up to more', () => {
    expect(() => splitInteger(10.5, [1])).toThrow(RangeError);
    expect(() => splitInteger(Number.NaN, [1, 2])).toThrow(RangeError);
    expect(splitInteger(11, [1])).toEqual([11]);
  });
});

describe('broken geometries give a located error, not a crash', () => {
  it.each([
    ['null coordinates', null, /without coordinates/],
    [
      'a ring of text',
      [
        [
          ['a', 0],
          [1, 0],
          [1, 1],
          ['a', 0],
        ],
      ],
      /not \[lng, lat\].*"a"/,
    ],
    [
      'a ring of 3 positions',
      [
        [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
      ],
      /fewer than 4 positions/,
    ],
    ['no rings', [], /without coordinates/],
    [
      'a latitude out of range',
      [
        [
          [0, 0],
          [1, 0],
          [1, 95],
          [0, 0],
        ],
      ],
      /not \[lng, lat\] in degrees: \[1,95\]/,
    ],
  ])('rejects a canton polygon with %s', (_, coordinates, message) => {
    const l = layers();
    (l.cantons.features[1].geometry as { coordinates: unknown }).coordinates = coordinates;
    expectInputError(() => coverageInputFromBundle(manifest(REQUIRED), l), 'cantons', 1, 'geometry', message);
  });

  it('rejects a broken commune polygon, and accepts a commune without one (its centroid places it)', () => {
    const l = layers();
    (l.communes.features[0].geometry as { coordinates: unknown }).coordinates = [[null]];
    expectInputError(() => coverageInputFromBundle(manifest(REQUIRED), l), 'communes', 0, 'geometry', /fewer than 4 positions/);
    const ok = layers();
    (ok.communes.features[0] as { geometry: unknown }).geometry = null;
    expect(coverageInputFromBundle(manifest(REQUIRED), ok).communes[0].geometry).toBeNull();
  });

  it('rejects a layer that is not a FeatureCollection', () => {
    const l = layers();
    (l.communes as { features: unknown }).features = null;
    expectInputError(() => coverageInputFromBundle(manifest(REQUIRED), l), 'communes', null, null, /FeatureCollection/);
  });
});
