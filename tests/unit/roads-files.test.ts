import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../../src/core/roads/build-road-graph.ts';
import { createDriveTimeEngine } from '../../src/core/roads/drive-time-engine.ts';
import { byteSourceFromBytes } from '../../src/data/roads/byte-source.ts';
import { classifyOsmWay, parseMaxspeedKmh } from '../../src/data/roads/osm-road-tags.ts';
import { readRoadFile } from '../../src/data/roads/read-road-file.ts';
import { speedTableFromJson } from '../../src/data/roads/speed-table.ts';
import { encodeOsmPbf, toOsmXml, type OsmNetwork } from './helpers/osm-pbf-encoder.ts';

/**
 * A fictional town on the equator (0.01° = 1.112 km): a 3 × 3 street grid (nodes 1–9) with a
 * one-way street, a roundabout, a motorway with two carriageways and ramps, a footway short-cut,
 * a private lane, a road under construction, a building, and an island village.
 */
const NET: OsmNetwork = {
  nodes: [
    ...[0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => ({ id: 1 + row * 3 + col, lng: col * 0.01, lat: row * 0.01 }))),
    { id: 20, lng: 0.03, lat: 0.01 }, // roundabout east of node 6
    { id: 21, lng: 0.031, lat: 0.011 },
    { id: 22, lng: 0.032, lat: 0.01 },
    { id: 23, lng: 0.031, lat: 0.009 },
    { id: 30, lng: 0.0, lat: -0.01 }, // motorway south of the town, interchanges at 30 and 32
    { id: 31, lng: 0.1, lat: -0.01 },
    { id: 32, lng: 0.2, lat: -0.01 },
    { id: 33, lng: 0.2, lat: 0.0 },
    { id: 40, lng: 0.005, lat: 0.005 }, // footway across the first block
    { id: 50, lng: 0.02, lat: 0.025 }, // private lane north of node 9
    { id: 60, lng: 0.0, lat: 0.03 }, // construction
    { id: 70, lng: 0.015, lat: 0.015 }, // building ring
    { id: 71, lng: 0.016, lat: 0.015 },
    { id: 72, lng: 0.016, lat: 0.016 },
    { id: 80, lng: 0.5, lat: 0.5 }, // island
    { id: 81, lng: 0.51, lat: 0.5 },
  ],
  ways: [
    { id: 101, refs: [1, 2, 3], tags: { highway: 'residential', name: 'Rue du Sud' } },
    { id: 102, refs: [4, 5, 6], tags: { highway: 'residential' } },
    { id: 103, refs: [7, 8, 9], tags: { highway: 'residential' } },
    { id: 104, refs: [1, 4, 7], tags: { highway: 'tertiary', maxspeed: '30' } },
    { id: 105, refs: [2, 5, 8], tags: { highway: 'residential' } },
    { id: 106, refs: [3, 6, 9], tags: { highway: 'residential', oneway: 'yes' } }, // northbound only
    { id: 107, refs: [20, 21, 22, 23, 20], tags: { highway: 'primary', junction: 'roundabout' } },
    { id: 108, refs: [6, 20], tags: { highway: 'primary', maxspeed: 'FR:urban' } },
    { id: 109, refs: [30, 31, 32], tags: { highway: 'motorway' } }, // eastbound carriageway
    { id: 110, refs: [32, 31, 30], tags: { highway: 'motorway' } }, // westbound carriageway
    { id: 111, refs: [1, 30], tags: { highway: 'motorway_link', oneway: 'no' } },
    { id: 112, refs: [32, 33], tags: { highway: 'motorway_link', oneway: 'no' } },
    { id: 113, refs: [1, 40, 5], tags: { highway: 'footway' } },
    { id: 114, refs: [9, 50], tags: { highway: 'service', access: 'private' } },
    { id: 115, refs: [7, 60], tags: { highway: 'construction', construction: 'residential' } },
    { id: 116, refs: [70, 71, 72, 70], tags: { building: 'yes' } },
    { id: 117, refs: [80, 81], tags: { highway: 'unclassified' } },
  ],
};

const SITES = { lng: [0.0, 0.2], lat: [0.0, 0.0] }; // node 1, and node 33 beyond the motorway
const POINTS = {
  lng: [0.02, 0.02, 0.032, 0.1, 0.505, 1.0, 0.01],
  lat: [0.02, 0.0, 0.01, -0.005, 0.5, 1.0, 0.01],
};

function toGeoJson(net: OsmNetwork): string {
  const at = new Map(net.nodes.map((n) => [n.id, [n.lng, n.lat]]));
  return JSON.stringify({
    type: 'FeatureCollection',
    features: net.ways.map((w) => ({
      type: 'Feature',
      properties: { osm_id: w.id, ...w.tags },
      geometry: {
        type: w.tags.building ? 'Polygon' : 'LineString',
        coordinates: w.tags.building ? [w.refs.map((r) => at.get(r))] : w.refs.map((r) => at.get(r)),
      },
    })),
  });
}

async function minutesOf(name: string, bytes: Uint8Array) {
  const { ways, report } = await readRoadFile(byteSourceFromBytes(name, bytes));
  const { graph } = buildRoadGraph(ways);
  const engine = createDriveTimeEngine(graph);
  const times = engine.timesToNearestSite(engine.attach(SITES.lng, SITES.lat));
  return { report, result: engine.pointDriveTimes(times, engine.attach(POINTS.lng, POINTS.lat)), graph };
}

const tmp = mkdtempSync(join(tmpdir(), 'maillage-roads-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const hasOsmium = spawnSync('osmium', ['--version']).status === 0;

describe('road files: .osm.pbf and GeoJSON of the same network', () => {
  it('give the same drive times, and the PBF keeps and drops the ways it should', async () => {
    const pbf = await minutesOf('ville.osm.pbf', encodeOsmPbf(NET));
    const geo = await minutesOf('ville.geojson', new TextEncoder().encode(toGeoJson(NET)));
    expect(pbf.report.format).toBe('osm-pbf');
    expect(geo.report.format).toBe('geojson');
    expect(geo.report.profile).toBe('osm');
    expect(pbf.report.read).toBe(17);
    expect(pbf.report.kept).toBe(13);
    expect(pbf.report.dropped).toEqual({ 'non-road': 1, access: 1, 'not-built': 1, 'not-a-road': 1 });
    expect(pbf.report.examples['non-road']).toEqual(['way 113 (highway=footway)']);
    expect(geo.report.kept).toBe(13);
    expect(geo.report.dropped).toEqual({ 'non-road': 1, access: 1, 'not-built': 1, geometry: 1 });
    expect(pbf.graph.nodeCount).toBe(geo.graph.nodeCount);
    expect(pbf.graph.edgeCount).toBe(geo.graph.edgeCount);
    for (let i = 0; i < POINTS.lng.length; i++) {
      const a = pbf.result.minutes[i];
      const b = geo.result.minutes[i];
      if (Number.isFinite(a)) expect(b).toBeCloseTo(a, 9);
      else expect(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))).toBe(true);
      expect(geo.result.site[i]).toBe(pbf.result.site[i]);
    }
  });

  it('drives the town by hand: one-way street, footway ignored, motorway, island, far point', async () => {
    const { result } = await minutesOf('ville.osm.pbf', encodeOsmPbf(NET));
    const block = (6371 * Math.PI) / 18000; // km per 0.01° on the equator (6371 km sphere)
    // node 9 → node 1: the east column is northbound only, so west along row 3 (30 km/h) then
    // south down the tertiary column limited to 30 km/h: 4 blocks at 30 km/h
    expect(result.minutes[0]).toBeCloseTo(((4 * block) / 30) * 60, 3);
    // node 3 → node 1 along Rue du Sud: 2 blocks
    expect(result.minutes[1]).toBeCloseTo(((2 * block) / 30) * 60, 3);
    expect(result.site[1]).toBe(0);
    // the island has roads but no way to a site; the far point is off the network
    expect(result.minutes[4]).toBe(Infinity);
    expect(Number.isNaN(result.minutes[5])).toBe(true);
    // a point by the middle of the motorway attaches to no motorway node: its nearest
    // attachable node is the interchange ramp end at node 33 (0.1° away, beyond the 2 km cap)
    expect(Number.isNaN(result.minutes[3])).toBe(true);
    // the footway short-cut from node 1 to node 5 is not driven: node 5 is 2 blocks away
    expect(result.minutes[6]).toBeCloseTo(((2 * block) / 30) * 60, 3);
  });

  it.skipIf(!hasOsmium)('reads a file written by osmium (DenseNodes, zlib) like the test encoder’s', async () => {
    const xml = join(tmp, 'ville.osm');
    const out = join(tmp, 'ville.osm.pbf');
    writeFileSync(xml, toOsmXml(NET));
    const run = spawnSync('osmium', ['cat', xml, '-o', out, '--overwrite'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const fromOsmium = await minutesOf('ville.osm.pbf', new Uint8Array(readFileSync(out)));
    const fromEncoder = await minutesOf('ville.osm.pbf', encodeOsmPbf(NET));
    expect(fromOsmium.report).toEqual(fromEncoder.report);
    expect(Array.from(fromOsmium.result.minutes)).toEqual(Array.from(fromEncoder.result.minutes));
  });

  it('reads plain nodes, raw blobs, small blocks and an unsorted file alike', async () => {
    const reference = await minutesOf('a.osm.pbf', encodeOsmPbf(NET));
    for (const options of [{ dense: false }, { compression: 'raw' as const }, { perBlock: 3 }, { waysFirst: true, perBlock: 4 }]) {
      const r = await minutesOf('b.osm.pbf', encodeOsmPbf(NET, options));
      expect(Array.from(r.result.minutes), JSON.stringify(options)).toEqual(Array.from(reference.result.minutes));
    }
  });

  it('cuts a way where its nodes are missing from the extract, and counts them', async () => {
    const cut: OsmNetwork = { ...NET, nodes: NET.nodes.filter((n) => n.id !== 8 && n.id !== 81) };
    const { report } = await minutesOf('cut.osm.pbf', encodeOsmPbf(cut));
    expect(report.missingNodes).toBe(2);
    // 7–8–9 and 80–81 keep no piece of two nodes; 2–5–8 keeps 2–5
    expect(report.dropped['missing-nodes']).toBe(2);
    expect(report.kept).toBe(11);
  });

  it('does not modify the bytes it reads', async () => {
    const bytes = encodeOsmPbf(NET);
    const copy = bytes.slice();
    await readRoadFile(byteSourceFromBytes('ville.osm.pbf', bytes));
    expect(bytes).toEqual(copy);
  });
});

describe('IGN GeoJSON exports', () => {
  // BD TOPO fields, in Lambert-93 with a crs member (as ogr2ogr writes it); positions around (700000, 6600000)
  const bdtopo = (features: [string, string, string, number | null, [number, number][]][], extra: Record<string, string>[] = []) =>
    JSON.stringify({
      type: 'FeatureCollection',
      name: 'troncon_de_route',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
      features: features.map(([nature, importance, sens, vitesse, coords], i) => ({
        type: 'Feature',
        properties: { NATURE: nature, IMPORTANCE: importance, SENS_DE_CIRCULATION: sens, VITESSE_MOYENNE_VL: vitesse, ...extra[i] },
        geometry: { type: 'LineString', coordinates: coords },
      })),
    });

  it('maps BD TOPO nature, importance, direction and average speed, reprojecting Lambert-93', async () => {
    const text = bdtopo(
      [
        [
          'Route à 1 chaussée',
          '4',
          'Double sens',
          60,
          [
            [700000, 6600000],
            [703000, 6600000],
          ],
        ],
        [
          'Route à 1 chaussée',
          '5',
          'Sens inverse',
          null,
          [
            [703000, 6600000],
            [706000, 6600000],
          ],
        ],
        [
          'Chemin',
          '6',
          'Sans objet',
          null,
          [
            [700000, 6600000],
            [700000, 6601000],
          ],
        ],
        [
          'Route à 1 chaussée',
          '5',
          'Double sens',
          30,
          [
            [706000, 6600000],
            [706000, 6603000],
          ],
        ],
        [
          'Type autoroutier',
          '1',
          'Sens direct',
          120,
          [
            [700000, 6590000],
            [720000, 6590000],
          ],
        ],
      ],
      [{}, {}, {}, { ACCES_VEHICULE_LEGER: 'Restreint aux ayants droit' }, {}],
    );
    const { ways, report } = await readRoadFile(byteSourceFromBytes('troncons.geojson', new TextEncoder().encode(text)));
    expect(report.profile).toBe('bdtopo');
    expect(report.reprojectedFrom).toBe('EPSG:2154');
    expect(report.kept).toBe(3);
    expect(report.dropped).toEqual({ 'non-road': 1, access: 1 });
    const { graph, stats } = buildRoadGraph(ways);
    expect(stats.edgesWithProducerSpeed).toBeGreaterThan(0);
    const engine = createDriveTimeEngine(graph);
    // Lambert-93 (700000, 6600000) is 3°E 46.5°N by definition of the projection
    const site = engine.attach([3], [46.5]);
    expect(site.distanceKm[0]).toBeLessThan(0.001);
    const times = engine.timesToNearestSite(site);
    // 3 km at 60 km/h (BD TOPO's own speed), then 3 km of a one-way street driven in its direction
    // (importance 5: residential, 30 km/h): 3 + 6 minutes (Lambert-93 lengths are 0.1 % short of the ground's)
    const far = engine.pointDriveTimes(times, engine.attach([3.0783], [46.5]));
    expect(far.minutes[0]).toBeCloseTo(9, 1);
    // from the site's side, the one-way street cannot be driven the other way: the reverse is not symmetric
    const back = engine.timesToNearestSite(engine.attach([3.0783], [46.5]));
    expect(engine.pointDriveTimes(back, site).minutes[0]).toBe(Infinity);
  });

  it('maps ROUTE 500 vocation and direction', async () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { ID_RTE500: 'A', VOCATION: 'Liaison régionale', SENS: 'Double sens' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [3, 50],
              [3.1, 50],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { ID_RTE500: 'B', VOCATION: 'Bretelle', SENS: 'Sens direct' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [3.1, 50],
              [3.1, 50.05],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { ID_RTE500: 'C', VOCATION: 'Piste', SENS: 'Double sens' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [3, 50],
              [3, 50.1],
            ],
          },
        },
      ],
    });
    const { ways, report } = await readRoadFile(byteSourceFromBytes('route500.geojson', new TextEncoder().encode(text)));
    expect(report.profile).toBe('route500');
    expect(report.dropped).toEqual({ 'unknown-class': 1 });
    expect(report.examples['unknown-class']).toEqual(['entité 3 (vocation=Piste)']);
    expect(Array.from(ways.wayOneway)).toEqual([0, 1]);
  });
});

describe('bad or foreign road files get a French error naming the file', () => {
  const read = (name: string, bytes: Uint8Array | string) =>
    readRoadFile(byteSourceFromBytes(name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes));
  const cases: [string, string, Uint8Array | string, RegExp][] = [
    ['an empty file', 'vide.osm.pbf', new Uint8Array(0), /vide\.osm\.pbf : fichier vide/],
    ['a PNG', 'carte.osm.pbf', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13), /carte\.osm\.pbf : format non reconnu/],
    ['a gzip file', 'nord.osm.pbf.gz', Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0), /gzip/],
    ['OSM XML', 'nord.osm', '<?xml version="1.0"?><osm></osm>', /XML.*osmium cat/],
    ['JSON that is not GeoJSON', 'x.geojson', '{"hello": [1, 2]}', /pas une FeatureCollection/],
    ['broken JSON', 'x.geojson', '{"type": "FeatureCollection", "features": [{"type": ', /tronqué|illisible/],
    [
      'polygons only',
      'communes.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { highway: 'primary' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
          },
        ],
      }),
      /aucune ligne de route/,
    ],
    [
      'lines without known fields',
      'lignes.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { nom: 'x' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [0, 0],
                [1, 0],
              ],
            },
          },
        ],
      }),
      /aucun champ de classe.*nom/,
    ],
    [
      'coordinates neither degrees nor Lambert-93',
      'x.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { highway: 'primary' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [5000, 5000],
                [1, 0],
              ],
            },
          },
        ],
      }),
      /entité 1, position 1.*ni en degrés/,
    ],
    ['a PBF without any road', 'batiments.osm.pbf', encodeOsmPbf({ nodes: NET.nodes, ways: [NET.ways[15]] }), /aucune route carrossable/],
    ['a zstd-compressed PBF', 'z.osm.pbf', encodeOsmPbf(NET, { compression: 'zstd' }), /zstd.*osmium cat/],
    [
      'a history PBF',
      'h.osm.pbf',
      encodeOsmPbf(NET, { requiredFeatures: ['OsmSchema-V0.6', 'HistoricalInformation'] }),
      /HistoricalInformation.*historique/,
    ],
    ['a truncated PBF', 't.osm.pbf', encodeOsmPbf(NET).subarray(0, 200), /tronqué/],
  ];
  for (const [what, name, bytes, message] of cases) {
    it(`refuses ${what}`, async () => {
      const error = await read(name, bytes).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.name).toBe('RoadFileError');
      expect(error?.message).toMatch(message);
      expect(error?.message.startsWith(`${name} : `)).toBe(true);
    });
  }
});

describe('OSM tag rules', () => {
  const tags = (t: Record<string, string>) => (k: string) => t[k];
  it('keeps roads with their direction and speed limit', () => {
    expect(classifyOsmWay(tags({ highway: 'motorway' }))).toMatchObject({ keep: true, oneway: 1 });
    expect(classifyOsmWay(tags({ highway: 'motorway', oneway: 'no' }))).toMatchObject({ keep: true, oneway: 0 });
    expect(classifyOsmWay(tags({ highway: 'secondary', junction: 'roundabout' }))).toMatchObject({ oneway: 1 });
    expect(classifyOsmWay(tags({ highway: 'residential', oneway: '-1' }))).toMatchObject({ oneway: -1 });
    expect(classifyOsmWay(tags({ highway: 'residential', oneway: 'true' }))).toMatchObject({ oneway: 1 });
    expect(classifyOsmWay(tags({ highway: 'service', access: 'no', motor_vehicle: 'yes' }))).toMatchObject({ keep: true });
  });
  it('drops non-roads and closed roads with the reason', () => {
    expect(classifyOsmWay(tags({ highway: 'steps' }))).toMatchObject({ keep: false, reason: 'non-road' });
    expect(classifyOsmWay(tags({ highway: 'residential', motor_vehicle: 'no' }))).toMatchObject({ keep: false, reason: 'access' });
    expect(classifyOsmWay(tags({ highway: 'residential', access: 'no' }))).toMatchObject({ keep: false, reason: 'access' });
    expect(classifyOsmWay(tags({ highway: 'pedestrian', area: 'yes' }))).toMatchObject({ keep: false, reason: 'non-road' });
    expect(classifyOsmWay(tags({ highway: 'service', area: 'yes' }))).toMatchObject({ keep: false, reason: 'area' });
    expect(classifyOsmWay(tags({ highway: 'primary', oneway: 'reversible' }))).toMatchObject({ keep: false, reason: 'variable-direction' });
    expect(classifyOsmWay(tags({ highway: 'hovercraft' }))).toMatchObject({ keep: false, reason: 'unknown-class' });
  });
  it('reads maxspeed values', () => {
    expect(parseMaxspeedKmh('50')).toBe(50);
    expect(parseMaxspeedKmh('FR:rural')).toBe(80);
    expect(parseMaxspeedKmh('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeedKmh('none')).toBe(0);
    expect(parseMaxspeedKmh(undefined)).toBe(0);
    expect(parseMaxspeedKmh('50;30')).toBeNull();
  });
});

describe('speed table override', () => {
  it('merges known classes and refuses the rest', () => {
    expect(speedTableFromJson({ motorway: 120 }, 'v.json').motorway).toBe(120);
    expect(speedTableFromJson({ motorway: 120 }, 'v.json').residential).toBe(30);
    expect(() => speedTableFromJson({ autoroute: 120 }, 'v.json')).toThrow(/v\.json : classe de route inconnue « autoroute »/);
    expect(() => speedTableFromJson({ motorway: 0 }, 'v.json')).toThrow(/entre 1 et 255/);
    expect(() => speedTableFromJson([1], 'v.json')).toThrow(/objet JSON/);
  });
});
