import type { BBox } from '../geo/lng-lat.ts';

/** Bit of {@link RoadGraph.nodeFlags}: a point may attach to this node (it touches a road open to frontage). */
export const NODE_ATTACHABLE = 1;

/**
 * A directed road graph in compressed sparse rows (CSR): the edges leaving node `u` are
 * `edgeOffsets[u] .. edgeOffsets[u + 1]`. Node coordinates are WGS84 degrees `[lng, lat]`,
 * rounded to 7 decimals. Built by {@link buildRoadGraph}, stored by {@link toRoadGraphBinary},
 * read back by {@link roadGraphFromBinary}.
 */
export interface RoadGraph {
  nodeCount: number;
  edgeCount: number;
  nodeLng: Float64Array;
  nodeLat: Float64Array;
  /** {@link NODE_ATTACHABLE} and future flags. */
  nodeFlags: Uint8Array;
  edgeOffsets: Uint32Array;
  edgeTargets: Uint32Array;
  /** Length along the road, metres. */
  edgeLengthM: Float32Array;
  /** Speed used, km/h (class table, lowered by maxspeed, or the producer's average). */
  edgeSpeedKmh: Uint8Array;
  /** Index into ROAD_CLASSES. */
  edgeClass: Uint8Array;
  /** Travel time, seconds: `edgeLengthM / edgeSpeedKmh`, derived when the graph is made. */
  edgeSeconds: Float32Array;
  /** `[minLng, minLat, maxLng, maxLat]` of the nodes, or null for an empty graph. */
  bbox: BBox | null;
}

export type RoadGraphArrays = Omit<RoadGraph, 'edgeSeconds' | 'bbox' | 'nodeCount' | 'edgeCount'>;

/**
 * Checks the arrays of a graph (sizes, CSR offsets, targets, speeds) and derives the edge
 * times and the bounding box. Throws a RangeError naming the first inconsistency.
 */
export function createRoadGraph(a: RoadGraphArrays): RoadGraph {
  const nodeCount = a.nodeLng.length;
  const edgeCount = a.edgeTargets.length;
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new RangeError(`incoherent road graph: ${what}`);
  };
  expect(a.nodeLat.length === nodeCount && a.nodeFlags.length === nodeCount, 'node array sizes differ');
  expect(a.edgeOffsets.length === nodeCount + 1, 'edgeOffsets must hold nodeCount + 1 entries');
  expect(a.edgeOffsets[0] === 0 && a.edgeOffsets[nodeCount] === edgeCount, 'edgeOffsets must run from 0 to edgeCount');
  for (let u = 0; u < nodeCount; u++) if (a.edgeOffsets[u] > a.edgeOffsets[u + 1]) expect(false, `edgeOffsets decrease at node ${u}`);
  expect(
    a.edgeLengthM.length === edgeCount && a.edgeSpeedKmh.length === edgeCount && a.edgeClass.length === edgeCount,
    'edge array sizes differ',
  );
  const edgeSeconds = new Float32Array(edgeCount);
  const { edgeTargets, edgeSpeedKmh, edgeLengthM } = a;
  for (let e = 0; e < edgeCount; e++) {
    const length = edgeLengthM[e];
    const speed = edgeSpeedKmh[e];
    if (edgeTargets[e] >= nodeCount || speed === 0 || !(length >= 0 && length < Infinity)) {
      expect(edgeTargets[e] < nodeCount, `edge ${e} points to node ${edgeTargets[e]}, beyond ${nodeCount} nodes`);
      expect(speed > 0, `edge ${e} has speed 0`);
      expect(false, `edge ${e} has length ${length}`);
    }
    edgeSeconds[e] = (length * 3.6) / speed;
  }
  let bbox: BBox | null = null;
  if (nodeCount > 0) {
    bbox = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < nodeCount; i++) {
      const x = a.nodeLng[i];
      const y = a.nodeLat[i];
      if (x < bbox[0]) bbox[0] = x;
      if (y < bbox[1]) bbox[1] = y;
      if (x > bbox[2]) bbox[2] = x;
      if (y > bbox[3]) bbox[3] = y;
    }
  }
  return { ...a, nodeCount, edgeCount, edgeSeconds, bbox };
}

/** The graph's edges turned around (CSR of incoming edges): what a search "towards the sites" walks. */
export interface ReversedEdges {
  offsets: Uint32Array;
  /** Tail of each incoming edge. */
  sources: Uint32Array;
  seconds: Float32Array;
}

const reversedCache = new WeakMap<RoadGraph, ReversedEdges>();

/** Incoming edges of every node, built once per graph (counting sort, O(nodes + edges)) and cached. */
export function reversedEdgesOf(graph: RoadGraph): ReversedEdges {
  const cached = reversedCache.get(graph);
  if (cached) return cached;
  const { nodeCount, edgeCount, edgeOffsets, edgeTargets, edgeSeconds } = graph;
  const offsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) offsets[edgeTargets[e] + 1]++;
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, nodeCount);
  const sources = new Uint32Array(edgeCount);
  const seconds = new Float32Array(edgeCount);
  for (let u = 0; u < nodeCount; u++) {
    for (let e = edgeOffsets[u]; e < edgeOffsets[u + 1]; e++) {
      const slot = fill[edgeTargets[e]]++;
      sources[slot] = u;
      seconds[slot] = edgeSeconds[e];
    }
  }
  const reversed = { offsets, sources, seconds };
  reversedCache.set(graph, reversed);
  return reversed;
}
