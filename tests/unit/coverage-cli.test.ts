/**
 * `maillage coverage` end to end: the CLI, spawned as a child process in a temp
 * folder against a tiny fictional bundle written by the test, writes exactly
 * `exportCoverage(...)` of the same input and rule (the app's download), with the
 * CSV on the Web sidecar for CSV formats; rule options are honoured; errors exit 2
 * with a located message; the ad-hoc `--areas/--points` mode equals a brute-force count.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, Polygon } from 'geojson';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCoverageRule, prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import { coverageCsvMetadata, exportCoverage, type CoverageFormat } from '../../src/core/coverage/coverage-export.ts';
import type { CoverageRule } from '../../src/core/coverage/coverage-types.ts';
import { coverageInputFromBundle, type CoverageLayerData } from '../../src/data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../../src/core/coverage/coverage-rule.ts';
import type { BundleManifest } from '../../src/data/bundle/bundle-types.ts';
import { expectCleanExit, runCli } from './helpers/run-cli.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const GENERATED_AT = '2099-01-01T00:00:00.000Z';

let tmp: string;
/** Runs the CLI from the temp folder (relative paths resolve there). */
const cli = (args: string[]) => runCli(args, tmp);
const expectCleanError = expectCleanExit;

// --- a tiny fictional bundle ----------------------------------------------------------------

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
const point = (lng: number, lat: number, properties: Record<string, unknown>): Feature => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Point', coordinates: [lng, lat] },
});
const fc = (features: Feature[]) => ({ type: 'FeatureCollection', features });

const LAYERS: Record<string, { features: Feature[] }> = {
  cantons: fc([
    { type: 'Feature', properties: { code: '9931', name: 'Canton-des-Essais' }, geometry: rect(3, 3, 3.1, 3.1) },
    { type: 'Feature', properties: { code: '9932', name: 'Canton-de-la-Lande-Fictive' }, geometry: rect(3.1, 3, 3.2, 3.1) },
    { type: 'Feature', properties: { code: '9933', name: '=Canton-Piège' }, geometry: rect(3, 3.1, 3.2, 3.2) },
  ]),
  communes: fc([
    {
      type: 'Feature',
      properties: {
        code: '99301',
        name: 'Essai-Ville',
        population: 4000,
        canton_code: '9931',
        rural: false,
        epci_code: '200000031',
        qpv_codes: 'QP099301',
        centroid_lng: 3.05,
        centroid_lat: 3.03,
      },
      geometry: rect(3, 3, 3.1, 3.06),
    },
    {
      type: 'Feature',
      properties: {
        code: '99302',
        name: 'Partage',
        population: 1001,
        canton_code: null,
        rural: true,
        epci_code: '200000031',
        qpv_codes: '',
        centroid_lng: 3.1,
        centroid_lat: 3.08,
      },
      geometry: rect(3.075, 3.06, 3.175, 3.1),
    },
    {
      type: 'Feature',
      properties: {
        code: '99303',
        name: 'Lande',
        population: 700,
        canton_code: '9932',
        rural: true,
        epci_code: '200000032',
        qpv_codes: '',
        centroid_lng: 3.15,
        centroid_lat: 3.03,
      },
      geometry: rect(3.1, 3, 3.2, 3.06),
    },
    {
      type: 'Feature',
      properties: {
        code: '99304',
        name: 'Hauteur',
        population: 900,
        canton_code: '9933',
        rural: true,
        epci_code: '200000032',
        qpv_codes: '',
        centroid_lng: 3.1,
        centroid_lat: 3.15,
      },
      geometry: rect(3, 3.1, 3.2, 3.2),
    },
  ]),
  'france-services': fc([
    point(3.05, 3.03, { id: 'fs-1', kind: 'fixed', commune_code: '99301' }),
    point(3.15, 3.03, { id: 'fs-2', kind: 'bus', commune_code: '99303' }),
    point(3.15, 3.09, { id: 'fs-3', kind: 'fixed', commune_code: null }),
  ]),
  'digital-inclusion': fc([point(3.02, 3.02, { id: 'di-1', commune_code: '99301' }), point(3.1, 3.15, { id: 'di-2' })]),
};

function layerManifest(id: string, status: 'ok' | 'no-data', features: number) {
  return {
    id,
    title: id === 'digital-inclusion' ? "Lieux d'inclusion numérique" : id,
    file: `${id}.geojson`,
    status,
    features,
    sources:
      status === 'ok'
        ? [
            {
              id: `essais-${id}`,
              title: `${id} fictifs`,
              producer: 'Atelier des Essais',
              licence: 'Licence Ouverte',
              attribution: 'Atelier des Essais',
              vintage: '2099',
              files: [],
              rows_read: features,
              rows_kept: features,
              rows_rejected: 0,
            },
          ]
        : [],
    caveats: [],
  };
}

const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département-des-Essais', extent: [3, 3, 3.2, 3.2] },
  reference: { package: 'none', version: '0' },
  coverage: {
    target: 1,
    priorityTarget: 2,
    priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
    ruralDensityLevels: [],
    basis: 'fictional',
    seedRefs: [],
  },
  layers: {
    ...Object.fromEntries(Object.entries(LAYERS).map(([id, data]) => [id, layerManifest(id, 'ok', data.features.length)])),
    msp: layerManifest('msp', 'no-data', 0),
  },
  report: { entries: 0, by_action: {} },
} as unknown as BundleManifest;

function writeBundle(dir: string, layers: Record<string, unknown> = LAYERS, manifest: unknown = MANIFEST) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  for (const [id, data] of Object.entries(layers))
    writeFileSync(join(dir, `${id}.geojson`), typeof data === 'string' ? data : JSON.stringify(data));
}

/** What the app would download for this bundle and rule. */
function expected(format: CoverageFormat, rule: CoverageRule = defaultCoverageRule(MANIFEST)) {
  const input = coverageInputFromBundle(MANIFEST, LAYERS as Record<string, CoverageLayerData>);
  const table = applyCoverageRule(prepareCoverage(input), rule);
  return { text: exportCoverage(table, format, input.cantons, new Date(GENERATED_AT)), table };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'maillage-coverage-cli-'));
  writeBundle(join(tmp, 'bundle', '99'));
  writeBundle(join(tmp, 'public', 'data', '99')); // the default --data folder, relative to the working directory
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('maillage coverage: the same content as the download', { timeout: 60_000 }, () => {
  it.each([
    ['csv', 'out.csv'],
    ['csv-fr', 'out-fr.csv'],
    ['geojson', 'out.geojson'],
    ['json', 'out.json'],
  ] as [CoverageFormat, string][])('writes exactly exportCoverage(...) for --format %s', async (format, file) => {
    const run = await cli([
      'coverage',
      '--data',
      'bundle',
      '--dept',
      '99',
      '--format',
      format,
      '--out',
      file,
      '--generated-at',
      GENERATED_AT,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { text, table } = expected(format);
    expect(readFileSync(join(tmp, file), 'utf8')).toBe(text);
    expect(run.stderr).toContain('3 cantons');
    const sidecar = join(tmp, `${file}-metadata.json`);
    if (format === 'csv' || format === 'csv-fr') {
      const meta = JSON.parse(readFileSync(sidecar, 'utf8'));
      expect(meta).toEqual({ ...JSON.parse(JSON.stringify(coverageCsvMetadata(table, format, new Date(GENERATED_AT)))), url: file });
      expect(meta['dc:created']).toBe(GENERATED_AT);
      // the sidecar describes every column of the file, in order, under the header the file shows
      const header = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: format === 'csv' ? ',' : ';' }).data[0];
      expect(
        meta.tableSchema.columns.map((c: { name: string; titles: { fr: string } }) => (format === 'csv' ? c.name : c.titles.fr)),
      ).toEqual(header);
    } else {
      expect(existsSync(sidecar)).toBe(false);
    }
  });

  it('writes the CSV to standard output without --out, reading public/data by default', async () => {
    const run = await cli(['coverage', '--dept', '99', '--generated-at', GENERATED_AT]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(expected('csv').text);
  });

  it('honours --target, --priority-target, --count-buses and --rural-share', async () => {
    const rule: CoverageRule = {
      target: 2,
      priorityTarget: 3,
      countBuses: false,
      priority: { qpv: true, ruralPopulationShareMin: 0.3, territories: true },
    };
    const run = await cli([
      'coverage',
      '--data',
      'bundle',
      '--dept',
      '99',
      '--format',
      'json',
      '--out',
      'rule.json',
      '--generated-at',
      GENERATED_AT,
      '--target',
      '2',
      '--priority-target',
      '3',
      '--count-buses',
      'no',
      '--rural-share',
      '0.3',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { text, table } = expected('json', rule);
    expect(readFileSync(join(tmp, 'rule.json'), 'utf8')).toBe(text);
    expect(JSON.parse(text).metadata.rule).toEqual(rule);
    // and the options do change the table: differs from the default rule's
    expect(text).not.toBe(expected('json').text);
    expect(table.rows.map((r) => r.target)).toEqual([3, 3, 3]);
  });

  it('honours --rural-share none, --priority-qpv no and --priority-territories no', async () => {
    const rule: CoverageRule = {
      target: 1,
      priorityTarget: 2,
      countBuses: true,
      priority: { qpv: false, ruralPopulationShareMin: null, territories: false },
    };
    const run = await cli([
      'coverage',
      '--data',
      'bundle',
      '--dept',
      '99',
      '--format',
      'csv-fr',
      '--out',
      'none.csv',
      '--generated-at',
      GENERATED_AT,
      '--rural-share',
      'none',
      '--priority-qpv',
      'no',
      '--priority-territories',
      'no',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { text, table } = expected('csv-fr', rule);
    expect(readFileSync(join(tmp, 'none.csv'), 'utf8')).toBe(text);
    expect(table.rows.every((r) => r.priority === false && r.target === 1)).toBe(true);
  });
});

describe('maillage coverage: errors exit 2 with a located message', { timeout: 60_000 }, () => {
  it('names the missing bundle and how to build it', async () => {
    const run = await cli(['coverage', '--data', 'bundle', '--dept', '98']);
    expectCleanError(run);
    expect(run.stderr).toContain('pas de données construites pour le département 98');
    expect(run.stderr).toContain(join(tmp, 'bundle', '98'));
    expect(run.stderr).toMatch(/à faire : .*data --dept 98/);
  });

  it('rejects an unknown --format and lists the formats', async () => {
    const run = await cli(['coverage', '--data', 'bundle', '--dept', '99', '--format', 'ods']);
    expectCleanError(run);
    expect(run.stderr).toContain('--format « ods » inconnu');
    expect(run.stderr).toContain('csv, csv-fr, geojson, json, xlsx');
  });

  it.each(['1.5', 'abc', '100', ''])('rejects --target %j', async (value) => {
    const run = await cli(['coverage', '--data', 'bundle', '--dept', '99', `--target=${value}`, '--out', 'never.csv']);
    expectCleanError(run);
    expect(run.stderr).toContain(`--target doit être un nombre entier de 0 à 99, écrit en chiffres, reçu « ${value} »`);
    expect(existsSync(join(tmp, 'never.csv'))).toBe(false);
  });

  it('rejects a bad --rural-share, --count-buses and --generated-at', async () => {
    const share = await cli(['coverage', '--data', 'bundle', '--dept', '99', '--rural-share', '1.5']);
    expectCleanError(share);
    expect(share.stderr).toContain('--rural-share doit être un nombre de 0 à 1');
    const buses = await cli(['coverage', '--data', 'bundle', '--dept', '99', '--count-buses', 'maybe']);
    expectCleanError(buses);
    expect(buses.stderr).toContain('--count-buses doit valoir yes ou no, reçu « maybe »');
    const date = await cli(['coverage', '--data', 'bundle', '--dept', '99', '--generated-at', 'yesterday']);
    expectCleanError(date);
    expect(date.stderr).toContain('--generated-at « yesterday » n’est pas une date');
  });

  it('locates malformed JSON: file, line and column', async () => {
    const dir = join(tmp, 'broken-json');
    // line 3, column 19: a missing comma before the second feature
    writeBundle(join(dir, '99'), { ...LAYERS, cantons: '{\n  "type": "FeatureCollection",\n  "features": [{} {}]\n}\n' });
    const run = await cli(['coverage', '--data', dir, '--dept', '99']);
    expectCleanError(run);
    expect(run.stderr).toContain(join(dir, '99', 'cantons.geojson'));
    expect(run.stderr).toContain('JSON mal formé, ligne 3, colonne 19');
  });

  it('names the layer, feature and field of a bad feature', async () => {
    const dir = join(tmp, 'bad-field');
    const communes = structuredClone(LAYERS.communes);
    communes.features[1].properties!.population = 'beaucoup';
    writeBundle(join(dir, '99'), { ...LAYERS, communes });
    const run = await cli(['coverage', '--data', dir, '--dept', '99']);
    expectCleanError(run);
    expect(run.stderr).toContain('la couche communes, entité 2, champ « population » : nombre attendu, reçu "beaucoup"');

    const dir2 = join(tmp, 'bad-kind');
    const services = structuredClone(LAYERS['france-services']);
    services.features[2].properties!.kind = 'boat';
    writeBundle(join(dir2, '99'), { ...LAYERS, 'france-services': services });
    const run2 = await cli(['coverage', '--data', dir2, '--dept', '99']);
    expectCleanError(run2);
    expect(run2.stderr).toContain('la couche france-services, entité 3, champ « kind » : "fixed" ou "bus" attendu, reçu "boat"');
  });

  it('rejects a manifest that is not a Maillage bundle', async () => {
    const dir = join(tmp, 'not-a-bundle');
    writeBundle(join(dir, '99'), LAYERS, { format: 'something-else' });
    const run = await cli(['coverage', '--data', dir, '--dept', '99']);
    expectCleanError(run);
    expect(run.stderr).toContain('n’a pas le format attendu (maillage-bundle, version 1)');
  });
});

// --- ad-hoc counts ------------------------------------------------------------------------------

describe('maillage coverage --areas --points: ad-hoc counts', { timeout: 60_000 }, () => {
  /** Seeded random quads on a 4 × 3 grid (neighbours share edges), one pair merged into a multipolygon. */
  function adHocFiles(seed: number, pointCount = 400) {
    const random = mulberry32(seed);
    const v: number[][][] = [];
    for (let i = 0; i <= 4; i++) {
      v.push([]);
      for (let j = 0; j <= 3; j++) {
        const inner = i > 0 && i < 4 && j > 0 && j < 3;
        v[i].push([
          5 + i * 0.1 + (inner ? Math.round((random() - 0.5) * 16) / 512 : 0),
          5 + j * 0.1 + (inner ? Math.round((random() - 0.5) * 16) / 512 : 0),
        ]);
      }
    }
    const quad = (i: number, j: number) => [[v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1], v[i][j]]];
    const areas: Feature[] = [];
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 4; i++) {
        if (i === 3 && j === 0) continue; // merged into the multipolygon below
        const geometry =
          i === 0 && j === 0
            ? { type: 'MultiPolygon' as const, coordinates: [quad(0, 0), quad(3, 0)] }
            : { type: 'Polygon' as const, coordinates: quad(i, j) };
        areas.push({ type: 'Feature', properties: { insee: `99${i}${j}`, other: i }, geometry: geometry as Polygon });
      }
    }
    const points: Feature[] = [];
    const coords: [number, number][] = [];
    for (let k = 0; k < pointCount; k++) {
      const c: [number, number] = [4.95 + random() * 0.5, 4.95 + random() * 0.4];
      coords.push(c);
      points.push(point(c[0], c[1], { k }));
    }
    // a MultiPoint of shared vertices (each counted once) and a point outside
    const multi = [v[1][1], v[2][1], v[2][2]] as [number, number][];
    coords.push(...multi, [9, 9]);
    points.push({ type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: multi } }, point(9, 9, {}));
    return { areas, points, coords };
  }

  it.each([
    ['one read', 400],
    ['several reads of 1 MiB, counted before and after the areas (read in a worker thread) are ready', 30_000],
  ])('writes code,points rows equal to a brute-force count (first area by input order): %s', async (_, pointCount) => {
    const { areas, points, coords } = adHocFiles(77, pointCount);
    writeFileSync(join(tmp, 'areas.geojson'), JSON.stringify(fc(areas)));
    writeFileSync(join(tmp, 'points.geojson'), JSON.stringify(fc(points)));
    if (pointCount > 400) expect(statSync(join(tmp, 'points.geojson')).size).toBeGreaterThan(2 * 2 ** 20);
    const run = await cli([
      'coverage',
      '--areas',
      'areas.geojson',
      '--points',
      'points.geojson',
      '--code-field',
      'insee',
      '--out',
      'counts.csv',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const counts = new Map(areas.map((a) => [a.properties!.insee as string, 0]));
    let outside = 0;
    for (const c of coords) {
      const first = areas.find((a) => booleanPointInPolygon(c, a as Feature<Polygon>));
      if (first) counts.set(first.properties!.insee as string, counts.get(first.properties!.insee as string)! + 1);
      else outside++;
    }
    const rows = [['code', 'points'], ...[...counts].map(([code, n]) => [code, String(n)])];
    expect(readFileSync(join(tmp, 'counts.csv'), 'utf8')).toBe(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
    expect(outside).toBeGreaterThan(0);
    expect(run.stderr).toContain(
      `${coords.length} points, ${areas.length} areas: ${coords.length - outside} counted, ${outside} outside every area`,
    );
  });

  it('uses the "code" field by default, and writes to standard output without --out', async () => {
    writeFileSync(
      join(tmp, 'areas-code.geojson'),
      JSON.stringify(
        fc([
          { type: 'Feature', properties: { code: 'Z1' }, geometry: rect(0, 0, 1, 1) },
          { type: 'Feature', properties: { code: 7 }, geometry: rect(1, 0, 2, 1) },
        ]),
      ),
    );
    writeFileSync(
      join(tmp, 'points-code.geojson'),
      JSON.stringify(fc([point(0.5, 0.5, {}), point(1, 0.5, {}), point(1.5, 0.5, {}), point(1.6, 0.2, {})])),
    );
    const run = await cli(['coverage', '--areas', 'areas-code.geojson', '--points', 'points-code.geojson']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('code,points\r\nZ1,2\r\n7,2\r\n'); // (1, 0.5) is on the shared edge: the first area
  });

  it('fails with exit 2 on an area that is not a polygon', async () => {
    writeFileSync(
      join(tmp, 'areas-line.geojson'),
      JSON.stringify(
        fc([
          { type: 'Feature', properties: { code: 'A' }, geometry: rect(0, 0, 1, 1) },
          {
            type: 'Feature',
            properties: { code: 'B' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [0, 0],
                [1, 1],
              ],
            },
          },
        ]),
      ),
    );
    writeFileSync(join(tmp, 'points-one.geojson'), JSON.stringify(fc([point(0.5, 0.5, {})])));
    const run = await cli(['coverage', '--areas', 'areas-line.geojson', '--points', 'points-one.geojson', '--out', 'never-line.csv']);
    expectCleanError(run);
    expect(run.stderr).toContain(
      `${join(tmp, 'areas-line.geojson')} : entité 2 : la géométrie doit être un Polygon ou un MultiPolygon, reçu « LineString »`,
    );
    expect(existsSync(join(tmp, 'never-line.csv'))).toBe(false);
  });

  it('fails with exit 2 when the code field is missing, and says how to name it', async () => {
    writeFileSync(
      join(tmp, 'areas-nocode.geojson'),
      JSON.stringify(fc([{ type: 'Feature', properties: { insee: '99001' }, geometry: rect(0, 0, 1, 1) }])),
    );
    const run = await cli(['coverage', '--areas', 'areas-nocode.geojson', '--points', 'points-one.geojson']);
    expectCleanError(run);
    expect(run.stderr).toContain('entité 1 : pas de propriété « code »');
    expect(run.stderr).toContain('à faire : nommez le champ qui porte le code de la zone avec --code-field');
  });

  it('fails with exit 2 and a located message on broken coordinates, never a stack trace', async () => {
    writeFileSync(
      join(tmp, 'points-null.geojson'),
      JSON.stringify(
        fc([
          point(0.5, 0.5, {}),
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: null } } as unknown as Feature,
        ]),
      ),
    );
    const nullPoint = await cli(['coverage', '--areas', 'areas-code.geojson', '--points', 'points-null.geojson']);
    expectCleanError(nullPoint);
    expect(nullPoint.stderr).toContain('points-null.geojson : entité 2 : les coordonnées ne sont pas [lng, lat] en degrés : null');
    writeFileSync(
      join(tmp, 'points-multi-null.geojson'),
      JSON.stringify(
        fc([{ type: 'Feature', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[0.5, 0.5], null] } } as unknown as Feature]),
      ),
    );
    const multi = await cli(['coverage', '--areas', 'areas-code.geojson', '--points', 'points-multi-null.geojson']);
    expectCleanError(multi);
    expect(multi.stderr).toContain('points-multi-null.geojson : entité 1 : les coordonnées ne sont pas [lng, lat] en degrés : null');
    writeFileSync(
      join(tmp, 'areas-null.geojson'),
      JSON.stringify(
        fc([{ type: 'Feature', properties: { code: 'A' }, geometry: { type: 'Polygon', coordinates: null } } as unknown as Feature]),
      ),
    );
    const area = await cli(['coverage', '--areas', 'areas-null.geojson', '--points', 'points-one.geojson']);
    expectCleanError(area);
    expect(area.stderr).toContain('areas-null.geojson : entité 1 : Polygon without coordinates');
  });

  it('checks areas read straight into typed arrays: short ring, position out of range, open ring; warns on a bow-tie and still counts', async () => {
    const areaFile = (name: string, ring: number[][], type: 'Polygon' | 'MultiPolygon' = 'Polygon') => {
      const coordinates = type === 'Polygon' ? [ring] : [[ring]];
      writeFileSync(
        join(tmp, name),
        JSON.stringify(fc([{ type: 'Feature', properties: { code: 'Z' }, geometry: { type, coordinates } } as Feature])),
      );
      return name;
    };
    const cases: [string, string][] = [
      [
        areaFile('areas-short.geojson', [
          [0, 0],
          [1, 0],
          [0, 0],
        ]),
        'Polygon with a ring of fewer than 4 positions',
      ],
      [
        areaFile(
          'areas-far.geojson',
          [
            [0, 0],
            [200, 0],
            [1, 1],
            [0, 0],
          ],
          'MultiPolygon',
        ),
        'MultiPolygon with a position that is not [lng, lat] in degrees: [200,0]',
      ],
      [
        areaFile('areas-open.geojson', [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ]),
        'un anneau n’est pas fermé',
      ],
    ];
    for (const [file, message] of cases) {
      const run = await cli(['coverage', '--areas', file, '--points', 'points-one.geojson']);
      expectCleanError(run);
      expect(run.stderr).toContain(`${join(tmp, file)} : entité 1 : ${message}`);
    }
    areaFile('areas-bowtie.geojson', [
      [5, 5],
      [5.2, 5.2],
      [5.2, 5],
      [5, 5.2],
      [5, 5],
    ]);
    writeFileSync(
      join(tmp, 'points-bowtie.geojson'),
      JSON.stringify(fc([point(5.1, 5.02, {}), point(5.18, 5.1, {}), point(5.02, 5.1, {})])),
    );
    const bowtie = await cli(['coverage', '--areas', 'areas-bowtie.geojson', '--points', 'points-bowtie.geojson']);
    expect(bowtie.code).toBe(0);
    expect(bowtie.stderr).toContain(
      'entité 1 (code « Z ») : le contour se recoupe lui-même (1 croisement, le premier vers lng 5.100000, lat 5.100000)',
    );
    expect(bowtie.stdout.trim().split(/\r?\n/)).toEqual(['code,points', 'Z,2']);
  });

  it('counts with the worker and warns on every bow-tie in file order, whichever thread checked its outline', async () => {
    // 300 areas in a row (blocks of 16 shared by the two threads), a bow-tie every 7th, 2 points in each
    const bowtie = (x: number): Polygon => ({
      type: 'Polygon',
      coordinates: [
        [
          [x, 0],
          [x + 0.8, 0.8],
          [x + 0.8, 0],
          [x, 0.8],
          [x, 0],
        ],
      ],
    });
    const areas: Feature[] = [];
    const points: Feature[] = [];
    for (let i = 0; i < 300; i++) {
      const x = -150 + i;
      areas.push({ type: 'Feature', properties: { code: `Z${i}` }, geometry: i % 7 === 3 ? bowtie(x) : rect(x, 0, x + 0.8, 0.8) });
      points.push(point(x + 0.4, 0.1, {}), point(x + 0.1, 0.4, {}));
    }
    writeFileSync(join(tmp, 'areas-many.geojson'), JSON.stringify(fc(areas)));
    writeFileSync(join(tmp, 'points-many.geojson'), JSON.stringify(fc(points)));
    const run = await cli(['coverage', '--areas', 'areas-many.geojson', '--points', 'points-many.geojson']);
    expect(run.code, run.stderr).toBe(0);
    const warned = [...run.stderr.matchAll(/entité (\d+) \(code « (Z\d+) »\) : le contour se recoupe lui-même/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    const expected = areas.flatMap((_, i) => (i % 7 === 3 ? [[i + 1, `Z${i}`]] : []));
    expect(warned).toEqual(expected);
    // a bow-tie holds one of its two points (the one in its left triangle)
    const rows = run.stdout.trim().split(/\r?\n/);
    expect(rows).toEqual(['code,points', ...areas.map((_, i) => `Z${i},${i % 7 === 3 ? 1 : 2}`)]);
    expect(run.stderr).toContain('600 points, 300 areas: 557 counted, 43 outside every area');
  });

  it('fails with exit 2 when the output folder does not exist', async () => {
    const adHoc = await cli([
      'coverage',
      '--areas',
      'areas-code.geojson',
      '--points',
      'points-code.geojson',
      '--out',
      'missing-folder/counts.csv',
    ]);
    expectCleanError(adHoc);
    expect(adHoc.stderr).toContain(`impossible d’écrire ${join(tmp, 'missing-folder', 'counts.csv')} : ENOENT`);
    const table = await cli(['coverage', '--data', 'bundle', '--dept', '99', '--out', 'missing-folder/table.csv']);
    expectCleanError(table);
    expect(table.stderr).toContain('impossible d’écrire');
    expect(table.stderr).toMatch(/à faire : vérifiez que le dossier existe/);
  });

  it('reports a bad areas file before a bad points file, as reading one after the other does', async () => {
    writeFileSync(
      join(tmp, 'areas-bad2.geojson'),
      JSON.stringify(
        fc([
          { type: 'Feature', properties: { code: 'Z' }, geometry: rect(0, 0, 1, 1) },
          { type: 'Feature', properties: { code: 'Y' }, geometry: null } as unknown as Feature,
        ]),
      ),
    );
    writeFileSync(
      join(tmp, 'points-bad1.geojson'),
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":"x"}}]}',
    );
    const both = await cli(['coverage', '--areas', 'areas-bad2.geojson', '--points', 'points-bad1.geojson']);
    expectCleanError(both);
    expect(both.stderr).toContain(
      `${join(tmp, 'areas-bad2.geojson')} : entité 2 : la géométrie doit être un Polygon ou un MultiPolygon, reçu null`,
    );
    expect(both.stderr).not.toContain('points-bad1.geojson');
    writeFileSync(
      join(tmp, 'areas-good.geojson'),
      JSON.stringify(fc([{ type: 'Feature', properties: { code: 'Z' }, geometry: rect(0, 0, 1, 1) } as Feature])),
    );
    const points = await cli(['coverage', '--areas', 'areas-good.geojson', '--points', 'points-bad1.geojson']);
    expectCleanError(points);
    expect(points.stderr).toContain(`${join(tmp, 'points-bad1.geojson')} : entité 1 : les coordonnées ne sont pas [lng, lat] en degrés`);
    const missing = await cli(['coverage', '--areas', 'nowhere.geojson', '--points', 'points-bad1.geojson']);
    expectCleanError(missing);
    expect(missing.stderr).toContain(`fichier introuvable : ${join(tmp, 'nowhere.geojson')}`);
  });

  it('fails with exit 2 on a point that is not a point, and on --areas without --points', async () => {
    writeFileSync(
      join(tmp, 'points-bad.geojson'),
      JSON.stringify(fc([point(0.5, 0.5, {}), { type: 'Feature', properties: {}, geometry: rect(0, 0, 1, 1) } as Feature])),
    );
    const bad = await cli(['coverage', '--areas', 'areas-code.geojson', '--points', 'points-bad.geojson']);
    expectCleanError(bad);
    expect(bad.stderr).toContain('entité 2 : la géométrie doit être un Point ou un MultiPoint, reçu « Polygon »');
    const alone = await cli(['coverage', '--areas', 'areas-code.geojson']);
    expectCleanError(alone);
    expect(alone.stderr).toContain('les comptes ad hoc demandent --areas et --points');
  });
});
