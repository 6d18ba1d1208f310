import { fictionalManifest } from './helpers/fictional-manifest.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { expectCleanExit, runCli, type CliRun } from './helpers/run-cli.ts';
import { runNearest, type NearestRow } from '../../src/cli/actions/nearest.action.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';

const cli = (args: string[]) => runCli(args);

function expectCleanError(run: CliRun, message: RegExp) {
  expectCleanExit(run);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toMatch(/\nà faire : /);
  expect(run.stdout).toBe('');
}

const HOURS = {
  monday: {
    status: 'open',
    ranges: [
      { opensMin: 540, closesMin: 720 },
      { opensMin: 840, closesMin: 1020 },
    ],
    text: '09:00 - 12:00 / 14:00 - 17:00',
  },
  tuesday: { status: 'closed', ranges: [], text: '' },
};

function site(id: string, lng: number, lat: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: { id, name: `Site ${id}`, hours: HOURS, ...extra },
  };
}

/** A small fictional bundle: three France Services in the Nord, two across the border, an empty MSP layer. */
const LAYERS: Record<string, unknown[]> = {
  'france-services': [
    site('10', 3.96, 50.28, {
      kind: 'fixed',
      address: '1 rue A',
      postcode: '59600',
      commune_name: 'Maubeuge',
      phone: '03 27 00 00 00',
      appointment: true,
    }),
    site('11', 3.5, 50.35),
    site('12', 3.06, 50.63, { kind: 'bus', comment: 'Bus : marchés du mardi' }),
  ],
  'france-services-nearby': [site('20', 3.93, 50.05, { dept: '02' }), site('21', 2.8, 50.43, { dept: '62' })],
  'first-reception': [site('siilab-1', 3.97, 50.281), { type: 'Feature', geometry: null, properties: { id: 'no-point' } }],
  msp: [],
  qpv: [site('QN1', 3.95, 50.27)],
  communes: [
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [3.9, 50.2],
            [4, 50.2],
            [4, 50.3],
            [3.9, 50.2],
          ],
        ],
      },
      properties: { code: '59392', name: 'Maubeuge' },
    },
  ],
};

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'maillage-nearest-'));
  const dir = join(dataDir, '59');
  mkdirSync(dir);
  const layers: Parameters<typeof fictionalManifest>[1] = {};
  for (const [id, features] of Object.entries(LAYERS)) {
    writeFileSync(join(dir, `${id}.geojson`), JSON.stringify({ type: 'FeatureCollection', features }));
    layers[id] = { file: `${id}.geojson`, status: features.length ? 'ok' : 'no-data', features: features.length };
  }
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify(fictionalManifest({ code: '59', name: 'Nord', extent: [2.06, 49.96, 4.24, 51.09] }, layers)),
  );
  mkdirSync(join(dataDir, 'empty'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const MONDAY_10H = new Date('2024-08-05T10:00:00+02:00');

function nearest(lon: number, lat: number, layers: string[] = [], k = 3) {
  return runNearest({ dept: '59', dataDir, point: toLngLat(lon, lat), layers, k, at: MONDAY_10H });
}

describe('nearest (command function)', () => {
  it('lists the k nearest France Services, nearest first, with the source id as id and id_fs', async () => {
    const { rows } = await nearest(3.97, 50.28, ['france-services']);
    expect(rows.map((r) => [r.id, r.id_fs, r.layer, r.rank])).toEqual([
      ['10', '10', 'france-services', 1],
      ['20', '20', 'france-services-nearby', 2],
      ['11', '11', 'france-services', 3],
    ]);
    const first = rows[0];
    expect(first).toMatchObject({
      name: 'Site 10',
      lon: 3.96,
      lat: 50.28,
      address: '1 rue A',
      commune: 'Maubeuge',
      dept: '59',
      appointment: true,
      open_status: 'open',
    });
    expect(first.open_label).toBe('ouvert maintenant — ferme à 12\u00a0h');
    expect(first.hours_today).toBe('09:00 - 12:00 / 14:00 - 17:00');
    expect(first.directions_url).toBe(
      'https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=50.280000,3.970000;50.280000,3.960000',
    );
    expect(rows[1].dept).toBe('02');
  });

  it('gives the haversine distance, rounded to the metre, and a travel estimate from it', async () => {
    const { rows } = await nearest(3.97, 50.28, ['france-services'], 5);
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.distance_km).toBeCloseTo(distanceKm([3.97, 50.28], [r.lon, r.lat]), 3);
      expect(r.car_minutes_estimate).toBeGreaterThanOrEqual(1);
    }
    // brute force: every France Services of both layers sorted by distance
    const all = [...LAYERS['france-services'], ...LAYERS['france-services-nearby']] as ReturnType<typeof site>[];
    const expected = all
      .map((f) => ({ id: f.properties.id, d: distanceKm([3.97, 50.28], f.geometry.coordinates as [number, number]) }))
      .sort((a, b) => a.d - b.d)
      .map((x) => x.id);
    expect(rows.map((r) => r.id)).toEqual(expected);
    expect(rows[0].walk_minutes_estimate).not.toBeNull(); // 0.7 km: on foot too
    expect(rows[4].walk_minutes_estimate).toBeNull();
  });

  it('searches every service group with data by default, nearest first overall, and notes the empty ones', async () => {
    const { rows, notes } = await nearest(3.97, 50.28);
    expect(rows[0]).toMatchObject({ id: 'siilab-1', group: 'first-reception', rank: 1 });
    expect(rows.map((r) => r.distance_km)).toEqual([...rows.map((r) => r.distance_km)].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.group))).toEqual(new Set(['france-services', 'first-reception']));
    expect(notes.join('\n')).toMatch(/msp: no data/);
    expect(notes.join('\n')).toMatch(/digital-inclusion: no data.*absent/);
  });

  it('accepts any point layer of the bundle on its own', async () => {
    expect((await nearest(3.97, 50.28, ['qpv'], 1)).rows.map((r) => [r.id, r.layer, r.id_fs])).toEqual([['QN1', 'qpv', null]]);
  });

  it('notes a point far outside the département', async () => {
    expect((await nearest(2.35, 48.85, ['france-services'])).notes.join('\n')).toMatch(/more than 30 km outside Nord/);
  });
});

describe('nearest (CLI process)', { timeout: 60_000 }, () => {
  it('prints a JSON array and exits 0', async () => {
    const run = await cli([
      'nearest',
      '--data',
      dataDir,
      '--lon',
      '3.97',
      '--lat',
      '50.28',
      '--layer',
      'france-services',
      '--k',
      '2',
      '--format',
      'json',
      '--at',
      '2024-08-05T10:00:00+02:00',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as NearestRow[];
    expect(rows.map((r) => r.id)).toEqual(['10', '20']);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['id', 'id_fs', 'name', 'layer', 'distance_km', 'lon', 'lat']));
  });

  it('prints CSV with a header row', async () => {
    const run = await cli([
      'nearest',
      '--data',
      dataDir,
      '--lon=3.97',
      '--lat=50.28',
      '--layer',
      'france-services',
      '--k',
      '1',
      '--format',
      'csv',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(run.stdout.trim(), { header: true });
    expect(parsed.data).toHaveLength(1);
    expect(parsed.data[0]).toMatchObject({ id: '10', id_fs: '10', layer: 'france-services', distance_km: '0.711' });
  });

  it('rejects bad coordinates, swapped coordinates and a missing --lat with exit 2', async () => {
    expectCleanError(
      await cli(['nearest', '--data', dataDir, '--lon', '3.97', '--lat', '95']),
      /--lat doit être un nombre de -90 à 90, reçu « 95 »/,
    );
    expectCleanError(await cli(['nearest', '--data', dataDir, '--lon', 'abc', '--lat', '50.28']), /--lon « abc » n’est pas un nombre/);
    expectCleanError(
      await cli(['nearest', '--data', dataDir, '--lon', '50.28', '--lat', '3.97']),
      /inversé il est dedans[\s\S]*à faire : inversez-les : --lon 3.97 --lat 50.28/,
    );
    expectCleanError(await cli(['nearest', '--data', dataDir, '--lon', '3.97']), /--lat est obligatoire/);
  });

  it('rejects an unknown layer and lists the valid ones', async () => {
    const run = await cli(['nearest', '--data', dataDir, '--lon', '3.97', '--lat', '50.28', '--layer', 'mairies']);
    expectCleanError(run, /--layer « mairies » : couche inconnue/);
    expect(run.stderr).toMatch(/france-services, first-reception, digital-inclusion, msp .*qpv/);
    expect(run.stderr).not.toMatch(/communes/);
  });

  it('says how to build a missing bundle', async () => {
    const run = await cli(['nearest', '--data', join(dataDir, 'empty'), '--lon', '3.97', '--lat', '50.28']);
    expectCleanError(run, /pas de données construites pour le département 59/);
    expect(run.stderr).toMatch(/npm run -s cli -- data --dept 59/);
  });

  it('rejects a bad --k and a bad --format', async () => {
    expectCleanError(
      await cli(['nearest', '--data', dataDir, '--lon', '3.97', '--lat', '50.28', '--k', '0']),
      /--k doit être un nombre entier de 1 à 50, écrit en chiffres, reçu « 0 »/,
    );
    expectCleanError(
      await cli(['nearest', '--data', dataDir, '--lon', '3.97', '--lat', '50.28', '--format', 'xml']),
      /--format « xml » inconnu/,
    );
  });
});
