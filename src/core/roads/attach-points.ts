import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';
import { NODE_ATTACHABLE, type RoadGraph } from './road-graph.ts';

/**
 * How a point (a grid cell centre, a commune centre, a site, an address) reaches the road
 * network: the straight line to the nearest attachable road node, driven at `speedKmh`, up to
 * `maxKm`. A point farther than `maxKm` from every attachable node is "off the network": it gets
 * no drive time at all (never an invented one) and is counted apart.
 */
export interface Connector {
  speedKmh: number;
  maxKm: number;
}

/** Straight line at 20 km/h (the slow last stretch: lanes, car parks, the detour), at most 2 km (6 minutes). */
export const DEFAULT_CONNECTOR: Connector = { speedKmh: 20, maxKm: 2 };

/** Points attached to the graph, one entry per point, in input order. */
export interface PointAttachment {
  count: number;
  /** Graph node, or -1 when the point is off the network (beyond the connector's cap). */
  node: Int32Array;
  /** Straight-line km to that node (NaN when off the network). */
  distanceKm: Float64Array;
  /** Connector time, seconds (NaN when off the network). */
  connectorSeconds: Float64Array;
}

/** A geodesic index (kdbush) over the graph's attachable nodes, built once per graph. */
export interface RoadNodeIndex {
  graph: RoadGraph;
  tree: KDBush;
  /** Index item → graph node. */
  nodes: Uint32Array;
}

/** Indexes the nodes points may attach to (those touching a road other than a motorway or its ramps). */
export function createRoadNodeIndex(graph: RoadGraph): RoadNodeIndex {
  let count = 0;
  for (let i = 0; i < graph.nodeCount; i++) if (graph.nodeFlags[i] & NODE_ATTACHABLE) count++;
  const nodes = new Uint32Array(count);
  const tree = new KDBush(Math.max(1, count));
  if (count === 0) tree.add(0, 0);
  for (let i = 0, k = 0; i < graph.nodeCount; i++) {
    if (!(graph.nodeFlags[i] & NODE_ATTACHABLE)) continue;
    nodes[k++] = i;
    tree.add(graph.nodeLng[i], graph.nodeLat[i]);
  }
  tree.finish();
  return { graph, tree, nodes };
}

/**
 * Attaches points (`lng[i]`, `lat[i]`, WGS84 degrees) to their nearest attachable road node
 * through `connector` ({@link DEFAULT_CONNECTOR}). Nodes at exactly the same distance are told
 * apart by their coordinates (west first, then south), so the choice does not depend on how the
 * graph numbered its nodes. One index query per point, no scan of the nodes. Inputs are not modified.
 */
export function attachPoints(
  index: RoadNodeIndex,
  lng: ArrayLike<number>,
  lat: ArrayLike<number>,
  connector: Connector = DEFAULT_CONNECTOR,
): PointAttachment {
  if (lng.length !== lat.length) throw new RangeError(`lng and lat differ in length (${lng.length} and ${lat.length})`);
  if (!(connector.speedKmh > 0) || !(connector.maxKm >= 0))
    throw new RangeError('connector speed must be positive and its cap zero or more');
  const count = lng.length;
  const node = new Int32Array(count).fill(-1);
  const distanceKm = new Float64Array(count).fill(NaN);
  const connectorSeconds = new Float64Array(count).fill(NaN);
  const { graph, tree, nodes } = index;
  if (nodes.length === 0) return { count, node, distanceKm, connectorSeconds };
  for (let i = 0; i < count; i++) {
    const x = lng[i];
    const y = lat[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`point ${i} has no coordinates: [${x}, ${y}]`);
    const found = around(tree, x, y, 2, connector.maxKm);
    if (found.length === 0) continue;
    let best = nodes[found[0]];
    const d = distance(x, y, graph.nodeLng[best], graph.nodeLat[best]);
    const tolerance = d * 1e-12 + 1e-12;
    if (found.length > 1 && distance(x, y, graph.nodeLng[nodes[found[1]]], graph.nodeLat[nodes[found[1]]]) <= d + tolerance) {
      // ties: every node at the same distance, the westernmost (then southernmost) wins
      for (const t of around(tree, x, y, Infinity, d + tolerance)) {
        const n = nodes[t];
        if (
          graph.nodeLng[n] < graph.nodeLng[best] ||
          (graph.nodeLng[n] === graph.nodeLng[best] && graph.nodeLat[n] < graph.nodeLat[best])
        ) {
          best = n;
        }
      }
    }
    const bestKm = distance(x, y, graph.nodeLng[best], graph.nodeLat[best]);
    node[i] = best;
    distanceKm[i] = bestKm;
    connectorSeconds[i] = (bestKm / connector.speedKmh) * 3600;
  }
  return { count, node, distanceKm, connectorSeconds };
}
