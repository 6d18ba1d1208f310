import type { OsmNetwork } from '../../tests/unit/helpers/osm-pbf-encoder.ts';
import { mulberry32 } from './seeded-random.ts';

/** Box of the synthetic network: the Nord's south-west corner, extended as far as the grid needs. */
const ORIGIN = [2.3, 50.0] as const;
/** Grid spacing: about 200 m at 50° N in both directions (below the graph's 250 m edge cap: no interpolation). */
const STEP = [0.0028, 0.0018] as const;

/**
 * A seeded synthetic road network as OpenStreetMap data: a jittered `side` × `side` grid of
 * junctions about 200 m apart, rows and columns cut into ways of 3 to 15 segments, 3 % of the
 * segments missing (detours, a few islands), a class hierarchy by row/column (every 40th
 * primary, every 10th secondary, every 5th tertiary, one motorway across the middle, the rest
 * residential) and 8 % of the residential ways one-way. `side` = 710 gives about 2 million
 * directed edges.
 */
export function syntheticRoadNetwork(seed: number, side: number): OsmNetwork {
  const random = mulberry32(seed);
  const nodes: OsmNetwork['nodes'] = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      nodes.push({
        id: 1 + i * side + j,
        lng: ORIGIN[0] + (j + (random() - 0.5) * 0.6) * STEP[0],
        lat: ORIGIN[1] + (i + (random() - 0.5) * 0.6) * STEP[1],
      });
    }
  }
  const ways: OsmNetwork['ways'] = [];
  let wayId = 1;
  const classOf = (k: number) =>
    k === Math.floor(side / 2)
      ? 'motorway'
      : k % 40 === 0
        ? 'primary'
        : k % 10 === 0
          ? 'secondary'
          : k % 5 === 0
            ? 'tertiary'
            : 'residential';
  for (const horizontal of [true, false]) {
    for (let k = 0; k < side; k++) {
      const highway = classOf(k);
      const id = (t: number) => (horizontal ? 1 + k * side + t : 1 + t * side + k);
      let t = 0;
      while (t < side - 1) {
        const len = 3 + Math.floor(random() * 13);
        const refs: number[] = [id(t)];
        let u = t;
        while (u < side - 1 && refs.length <= len) {
          if (highway !== 'motorway' && random() < 0.03) break; // a missing segment
          refs.push(id(++u));
        }
        const tags: Record<string, string> = { highway };
        if (highway === 'motorway') tags.oneway = 'no';
        else if (highway === 'residential' && random() < 0.08) tags.oneway = random() < 0.5 ? 'yes' : '-1';
        if (refs.length >= 2) ways.push({ id: wayId++, refs, tags });
        t = Math.max(u, t + 1);
      }
    }
  }
  return { nodes, ways };
}

/** Seeded points (sites, cells) in the network's box. */
export function syntheticPoints(seed: number, side: number, n: number): { lng: Float64Array; lat: Float64Array } {
  const random = mulberry32(seed);
  const lng = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lng[i] = ORIGIN[0] + random() * (side - 1) * STEP[0];
    lat[i] = ORIGIN[1] + random() * (side - 1) * STEP[1];
  }
  return { lng, lat };
}
