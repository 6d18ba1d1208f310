import type { PointAttachment } from './attach-points.ts';
import { multiSourceDijkstra, type DijkstraWorkspace } from './multi-source-dijkstra.ts';
import type { RoadGraph } from './road-graph.ts';

/**
 * Drive minutes from one origin (a resident's address) to each of `targets` (the sites listed
 * for them): one Dijkstra on the graph as driven (one-way streets in their legal direction),
 * from the origin's node at its connector time, stopped at `maxMinutes`; each target's time is
 * its node's time plus its own connector. Per target, in input order: minutes, `Infinity` when
 * no path within `maxMinutes`, `NaN` when the origin or the target is off the network.
 * `workspace` is reused across calls. Inputs are not modified.
 */
export function minutesFromOrigin(
  graph: RoadGraph,
  origin: { node: number; connectorSeconds: number },
  targets: PointAttachment,
  maxMinutes: number,
  workspace: DijkstraWorkspace,
): Float64Array {
  if (!(maxMinutes >= 0)) throw new RangeError(`maxMinutes must be 0 or more, got ${maxMinutes}`);
  const out = new Float64Array(targets.count).fill(NaN);
  if (origin.node < 0) return out;
  const maxSeconds = maxMinutes * 60;
  const ws = multiSourceDijkstra(
    { offsets: graph.edgeOffsets, neighbours: graph.edgeTargets, seconds: graph.edgeSeconds },
    [origin.node],
    [origin.connectorSeconds],
    workspace,
    maxSeconds,
  );
  for (let i = 0; i < targets.count; i++) {
    const node = targets.node[i];
    if (node < 0) continue;
    const t = ws.seconds[node] + targets.connectorSeconds[i];
    out[i] = t <= maxSeconds ? t / 60 : Infinity;
  }
  return out;
}
