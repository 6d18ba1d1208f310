/**
 * A fictional road network where straight-line and road answers differ, written by hand: a river
 * runs north–south along 3.05° E, crossed by one bridge at 50.05° N. Each bank has a street along
 * 50.00° N (3.00–3.04° on the west, 3.06–3.10° on the east) and a bank road up to the bridge.
 * Every road is `residential` (30 km/h: 2 minutes per km), a vertex every 0.01°.
 *
 *        50.05 ─ W3.04 ══ bridge ══ E3.06
 *                  │                 │
 *        50.00 ─ ──┘ 3.04  river 3.06 └──
 *              3.00                 3.10
 */
import { buildRoadGraph } from '../../../src/core/roads/build-road-graph.ts';
import { roadClassIndex } from '../../../src/core/roads/road-classes.ts';
import type { RoadGraph } from '../../../src/core/roads/road-graph.ts';
import type { CoverageInput, FranceServicesSite } from '../../../src/core/coverage/coverage-types.ts';
import { createDriveTimeEngine } from '../../../src/core/roads/drive-time-engine.ts';
import type { RoadNetworkInfo } from '../../../src/core/roads/road-network-info.ts';
import { rect } from './fictional-departement.ts';
import { createRoadWaysBuilder } from '../../../src/core/roads/road-ways.ts';

export const RIVER_LNG = 3.05;
export const BRIDGE_LAT = 50.05;

const r = (x: number) => Math.round(x * 1e6) / 1e6;
const steps = (from: number, to: number) => Array.from({ length: Math.round((to - from) / 0.01) + 1 }, (_, i) => r(from + i * 0.01));

const street = (coordinates: number[][]) => ({
  type: 'Feature',
  properties: { highway: 'residential' },
  geometry: { type: 'LineString', coordinates },
});

/** The network as GeoJSON road lines (what `roads --file` reads). */
export function riverRoadsGeojson(): { type: 'FeatureCollection'; features: unknown[] } {
  return {
    type: 'FeatureCollection',
    features: [
      street(steps(3.0, 3.04).map((x) => [x, 50])),
      street(steps(3.06, 3.1).map((x) => [x, 50])),
      street(steps(50, BRIDGE_LAT).map((y) => [3.04, y])),
      street(steps(50, BRIDGE_LAT).map((y) => [3.06, y])),
      street([
        [3.04, BRIDGE_LAT],
        [3.05, BRIDGE_LAT],
        [3.06, BRIDGE_LAT],
      ]),
    ],
  };
}

/** The same network as a road graph (the core's builder, every way two-way residential). */
export function riverRoadGraph(): RoadGraph {
  const b = createRoadWaysBuilder();
  for (const f of riverRoadsGeojson().features as { geometry: { coordinates: [number, number][] } }[])
    b.addWay(
      f.geometry.coordinates.map(([x, y]) => b.vertexAt(x, y)),
      { roadClass: roadClassIndex('residential'), oneway: 0 },
    );
  return buildRoadGraph(b.finish()).graph;
}

export const RIVER_NETWORK: RoadNetworkInfo = {
  sourceFile: 'riviere-fictive.geojson',
  sourceDate: '2099-06-01',
  sourceFormat: 'geojson',
  builtAt: '2099-06-02T00:00:00.000Z',
  nodes: 0,
  edges: 0,
  connector: { speedKmh: 20, maxKm: 2 },
};

/** West canton and commune left of the river (3.05° E), east ones right of it. */
export function riverDepartement(existing: FranceServicesSite[], withRoads: boolean): CoverageInput {
  const side = (code: string, name: string, x0: number, centroid: [number, number]) => ({
    canton: {
      type: 'Feature' as const,
      properties: { code: `99${code}`, name: `Canton-${name}` },
      geometry: rect(x0, 49.95, x0 + 0.1, 50.15),
    },
    commune: {
      code: `99${code}1`,
      name,
      population: 1000,
      cantonCode: `99${code}`,
      rural: true,
      epciCode: null,
      qpvCodes: [],
      geometry: rect(x0, 49.95, x0 + 0.1, 50.15),
      centroid,
    },
  });
  const west = side('01', 'Rive-Ouest', 2.95, [3.04, 50]);
  const east = side('02', 'Rive-Est', 3.05, [3.08, 50]);
  return {
    departement: { code: '99', name: 'Département-de-la-Rivière' },
    cantons: [west.canton, east.canton],
    communes: [west.commune, east.commune],
    franceServices: existing,
    nearbyFranceServices: [],
    populationGrid: [
      { lngLat: [3.02, 50], population: 100 }, // west bank, 2.9 km by the west street from the west candidate
      { lngLat: [3.06, 50], population: 1000 }, // east bank, at the foot of the east bank road
      { lngLat: [3.07, 50], population: 1000 },
    ],
    populationGridVintage: '2099',
    healthMediatorPosts: null,
    countedLayers: [],
    priorityTerritories: [],
    sources: [],
    driveTime: withRoads ? { engine: createDriveTimeEngine(riverRoadGraph()), network: RIVER_NETWORK } : null,
  };
}

/** A France Services 14 km north of every road: it reaches nobody by road, and nobody within 3 km. */
export const FAR_SITE: FranceServicesSite = { id: 'fs-nord', kind: 'fixed', lngLat: [3.0, 50.14], communeCode: '99011' };
