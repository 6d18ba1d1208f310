import type { PointAttachment } from './attach-points.ts';
import { multiSourceDijkstra, type DijkstraWorkspace } from './multi-source-dijkstra.ts';
import { reversedEdgesOf, type RoadGraph } from './road-graph.ts';

/** The points attached to each node (CSR): those of node `u` are `points[offsets[u] .. offsets[u + 1])`. */
export interface PointsByNode {
  offsets: Uint32Array;
  points: Uint32Array;
}

/** Groups attached points by node, once per set of points (counting sort). Input is not modified. */
export function pointsByNode(nodeCount: number, points: PointAttachment): PointsByNode {
  const offsets = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < points.count; i++) if (points.node[i] >= 0) offsets[points.node[i] + 1]++;
  for (let u = 0; u < nodeCount; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, nodeCount);
  const list = new Uint32Array(offsets[nodeCount]);
  for (let i = 0; i < points.count; i++) if (points.node[i] >= 0) list[fill[points.node[i]]++] = i;
  return { offsets, points: list };
}

/** Points within the limit, in no particular order. */
export interface ReachedPoints {
  /** Indexes into the points' attachment. */
  points: Uint32Array;
  /** Minutes from each of those points to the site, connector included. */
  minutes: Float64Array;
}

/**
 * Which points can drive to one site within `maxMinutes`: a bounded Dijkstra on the reversed
 * graph from the site's node (starting at the site's connector time), stopped at the limit, then
 * each reached node's points with their own connector time added. Costs only the part of the
 * graph within the limit; `workspace` is reused across calls (the placement optimiser runs one
 * per candidate). Inputs are not modified.
 */
export function reachWithin(
  graph: RoadGraph,
  site: { node: number; connectorSeconds: number },
  maxMinutes: number,
  points: PointAttachment,
  byNode: PointsByNode,
  workspace: DijkstraWorkspace,
): ReachedPoints {
  if (!(maxMinutes >= 0)) throw new RangeError(`maxMinutes must be 0 or more, got ${maxMinutes}`);
  const maxSeconds = maxMinutes * 60;
  if (site.node < 0) return { points: new Uint32Array(0), minutes: new Float64Array(0) };
  const reversed = reversedEdgesOf(graph);
  const ws = multiSourceDijkstra(
    { offsets: reversed.offsets, neighbours: reversed.sources, seconds: reversed.seconds },
    [site.node],
    [site.connectorSeconds],
    workspace,
    maxSeconds,
  );
  const found: number[] = [];
  const foundMinutes: number[] = [];
  for (let k = 0; k < ws.settledCount; k++) {
    const u = ws.settled[k];
    const s = ws.seconds[u];
    for (let j = byNode.offsets[u]; j < byNode.offsets[u + 1]; j++) {
      const p = byNode.points[j];
      const t = s + points.connectorSeconds[p];
      if (t <= maxSeconds) {
        found.push(p);
        foundMinutes.push(t / 60);
      }
    }
  }
  return { points: Uint32Array.from(found), minutes: Float64Array.from(foundMinutes) };
}
