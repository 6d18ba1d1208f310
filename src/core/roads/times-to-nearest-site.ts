import type { PointAttachment } from './attach-points.ts';
import { createDijkstraWorkspace, multiSourceDijkstra } from './multi-source-dijkstra.ts';
import { reversedEdgesOf, type RoadGraph } from './road-graph.ts';

/** For every graph node, the drive time to its nearest site and which site that is. */
export interface NodeTimes {
  /** Seconds from the node to the nearest site (connector included); Infinity when no site can be reached. */
  seconds: Float64Array;
  /** Index of that site in the sites' attachment, or -1. */
  site: Int32Array;
  /** Sites off the network (beyond the connector's cap): they reach nobody. */
  sitesOffNetwork: number[];
}

/**
 * One multi-source Dijkstra from every site at once, on the reversed graph: the time from each
 * node *to* the nearest site (one-way streets are driven in their legal direction on the way
 * there). Each site starts at its connector time. Costs one Dijkstra, not one per site or per
 * place. Inputs are not modified.
 */
export function timesToNearestSite(graph: RoadGraph, sites: PointAttachment): NodeTimes {
  const reversed = reversedEdgesOf(graph);
  const ws = createDijkstraWorkspace(graph.nodeCount, graph.edgeCount);
  multiSourceDijkstra(
    { offsets: reversed.offsets, neighbours: reversed.sources, seconds: reversed.seconds },
    sites.node,
    sites.connectorSeconds,
    ws,
  );
  const sitesOffNetwork: number[] = [];
  for (let i = 0; i < sites.count; i++) if (sites.node[i] < 0) sitesOffNetwork.push(i);
  return { seconds: ws.seconds, site: ws.origin, sitesOffNetwork };
}
