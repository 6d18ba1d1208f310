import { distanceKm } from '../geo/distance-km.ts';
import { DEFAULT_SPEEDS_KMH, LIMITED_ACCESS_CLASSES, ROAD_CLASSES, roadClassIndex, type SpeedTable } from './road-classes.ts';
import { createRoadGraph, NODE_ATTACHABLE, type RoadGraph } from './road-graph.ts';
import type { RoadWays } from './road-ways.ts';
import { Float32List, Float64List, Uint32List, Uint8List } from './typed-list.ts';

export interface BuildRoadGraphOptions {
  /** Speed per class, km/h (default {@link DEFAULT_SPEEDS_KMH}). */
  speedsKmh?: SpeedTable;
  /**
   * Longest edge, metres (default 250): a way's interior vertices are kept as nodes, and long
   * straight segments get interpolated nodes, so that a point is never more than half this
   * distance along the road from a node.
   */
  maxEdgeM?: number;
}

/** What the build kept and why it dropped the rest. */
export interface RoadGraphStats {
  ways: number;
  nodes: number;
  /** Directed edges (a two-way road segment counts twice). */
  edges: number;
  /** Nodes where points may attach (see LIMITED_ACCESS_CLASSES). */
  attachableNodes: number;
  /** Nodes added on long straight segments. */
  interpolatedNodes: number;
  /** Ways with fewer than two distinct vertices: no edge. */
  degenerateWays: number;
  /** Edges that would start and end at the same node (a closed way with no junction). */
  selfLoops: number;
  /** Kilometres of road per class (each road counted once, whatever its directions). */
  kmByClass: Partial<Record<(typeof ROAD_CLASSES)[number], number>>;
  /** Directed edges whose speed came from the producer's average speed, or was lowered by maxspeed. */
  edgesWithProducerSpeed: number;
  edgesLoweredByMaxspeed: number;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/**
 * Builds the directed road graph from road lines.
 *
 * - **Nodes**: a vertex shared by two ways (or used twice by one), and every way's two ends,
 *   are nodes, so lines meet exactly where they share a vertex (the readers decide what a
 *   shared vertex is: the same OSM node id, or the same coordinates to 7 decimals). Crossing
 *   lines without a shared vertex (bridges, tunnels) do not meet. Interior vertices become
 *   nodes only to keep edges at most `maxEdgeM` long.
 * - **Directions**: a way's `oneway` gives one edge (forward or backward), otherwise two.
 * - **Speed** of a way: the producer's average speed when given, else the class speed, lowered
 *   to the way's `maxspeed` when that is lower.
 *
 * Input is not modified. Lengths are great-circle metres (6371 km sphere), like every distance
 * of the app.
 */
export function buildRoadGraph(ways: RoadWays, options: BuildRoadGraphOptions = {}): { graph: RoadGraph; stats: RoadGraphStats } {
  const speeds = options.speedsKmh ?? DEFAULT_SPEEDS_KMH;
  const maxEdgeM = options.maxEdgeM ?? 250;
  if (!(maxEdgeM > 0)) throw new RangeError(`maxEdgeM must be positive, got ${maxEdgeM}`);
  const classSpeed = ROAD_CLASSES.map((c) => speeds[c]);
  classSpeed.forEach((s, i) => {
    if (!(s >= 1 && s <= 255)) throw new RangeError(`speed of ${ROAD_CLASSES[i]} must be 1 to 255 km/h, got ${s}`);
  });
  const limited = new Uint8Array(ROAD_CLASSES.length);
  for (const c of LIMITED_ACCESS_CLASSES) limited[roadClassIndex(c)] = 1;

  const { vertexCount, vertexLng, vertexLat, wayCount, wayOffsets, wayVertices } = ways;
  // 1. which vertices are nodes: used twice or more, or a way's end
  const uses = new Uint8Array(vertexCount);
  for (let w = 0; w < wayCount; w++) {
    const a = wayOffsets[w];
    const b = wayOffsets[w + 1];
    if (b - a < 2) continue;
    for (let i = a; i < b; i++) {
      const v = wayVertices[i];
      if (uses[v] < 2) uses[v]++;
    }
    uses[wayVertices[a]] = 2;
    uses[wayVertices[b - 1]] = 2;
  }
  const nodeOf = new Int32Array(vertexCount).fill(-1);
  const nodeLng = new Float64List();
  const nodeLat = new Float64List();
  const newNode = (lng: number, lat: number): number => {
    nodeLng.push(round7(lng));
    nodeLat.push(round7(lat));
    return nodeLng.length - 1;
  };
  for (let v = 0; v < vertexCount; v++) if (uses[v] >= 2) nodeOf[v] = newNode(vertexLng[v], vertexLat[v]);

  // 2. walk every way, emitting edges between nodes
  const from = new Uint32List();
  const to = new Uint32List();
  const len = new Float32List();
  const spd = new Uint8List();
  const cls = new Uint8List();
  const stats: RoadGraphStats = {
    ways: 0,
    nodes: 0,
    edges: 0,
    attachableNodes: 0,
    interpolatedNodes: 0,
    degenerateWays: 0,
    selfLoops: 0,
    kmByClass: {},
    edgesWithProducerSpeed: 0,
    edgesLoweredByMaxspeed: 0,
  };
  const kmByClass = new Float64Array(ROAD_CLASSES.length);
  let wayClass = 0;
  let waySpeed = 0;
  let wayOneway = 0;
  let speedSource = 0; // 0 class, 1 producer, 2 maxspeed
  const push = (u: number, v: number, lengthM: number) => {
    from.push(u);
    to.push(v);
    len.push(lengthM);
    spd.push(waySpeed);
    cls.push(wayClass);
    if (speedSource === 1) stats.edgesWithProducerSpeed++;
    else if (speedSource === 2) stats.edgesLoweredByMaxspeed++;
  };
  const emit = (a: number, b: number, lengthM: number) => {
    if (a === b) {
      stats.selfLoops++;
      return;
    }
    kmByClass[wayClass] += lengthM / 1000;
    if (wayOneway >= 0) push(a, b, lengthM);
    if (wayOneway <= 0) push(b, a, lengthM);
  };
  const p: [number, number] = [0, 0];
  const q: [number, number] = [0, 0];
  for (let w = 0; w < wayCount; w++) {
    const a = wayOffsets[w];
    const b = wayOffsets[w + 1];
    let distinct = false;
    for (let i = a + 1; i < b && !distinct; i++) distinct = wayVertices[i] !== wayVertices[a];
    if (!distinct) {
      stats.degenerateWays++;
      continue;
    }
    stats.ways++;
    wayClass = ways.wayClass[w];
    if (wayClass >= ROAD_CLASSES.length)
      throw new RangeError(`way ${w} has class index ${wayClass}, beyond the ${ROAD_CLASSES.length} classes`);
    wayOneway = ways.wayOneway[w];
    const producer = ways.waySpeedKmh[w];
    const maxspeed = ways.wayMaxspeedKmh[w];
    const base = classSpeed[wayClass];
    if (producer > 0) {
      waySpeed = Math.min(255, Math.max(1, Math.round(producer)));
      speedSource = 1;
    } else if (maxspeed > 0 && maxspeed < base) {
      waySpeed = Math.max(1, Math.round(maxspeed));
      speedSource = 2;
    } else {
      waySpeed = Math.round(base);
      speedSource = 0;
    }
    let fromNode = nodeOf[wayVertices[a]];
    let acc = 0;
    for (let i = a + 1; i < b; i++) {
      const u = wayVertices[i - 1];
      const v = wayVertices[i];
      p[0] = vertexLng[u];
      p[1] = vertexLat[u];
      q[0] = vertexLng[v];
      q[1] = vertexLat[v];
      const d = distanceKm(p, q) * 1000;
      if (d > 0) {
        if (acc > 0 && acc + d > maxEdgeM) {
          // keep the previous vertex as a node so that no edge grows beyond maxEdgeM
          if (nodeOf[u] < 0) nodeOf[u] = newNode(p[0], p[1]);
          emit(fromNode, nodeOf[u], acc);
          fromNode = nodeOf[u];
          acc = 0;
        }
        if (d > maxEdgeM) {
          const parts = Math.ceil(d / maxEdgeM);
          for (let k = 1; k < parts; k++) {
            const t = k / parts;
            const n = newNode(p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t);
            stats.interpolatedNodes++;
            emit(fromNode, n, d / parts);
            fromNode = n;
          }
          acc = d / parts;
        } else acc += d;
      }
      if (nodeOf[v] >= 0 && (nodeOf[v] !== fromNode || acc > 0)) {
        emit(fromNode, nodeOf[v], acc);
        fromNode = nodeOf[v];
        acc = 0;
      }
    }
  }

  // 3. compressed sparse rows, by tail node (counting sort, stable)
  const nodeCount = nodeLng.length;
  const edgeCount = from.length;
  const edgeOffsets = new Uint32Array(nodeCount + 1);
  const fromArr = from.data;
  for (let e = 0; e < edgeCount; e++) edgeOffsets[fromArr[e] + 1]++;
  for (let u = 0; u < nodeCount; u++) edgeOffsets[u + 1] += edgeOffsets[u];
  const fill = edgeOffsets.slice(0, nodeCount);
  const edgeTargets = new Uint32Array(edgeCount);
  const edgeLengthM = new Float32Array(edgeCount);
  const edgeSpeedKmh = new Uint8Array(edgeCount);
  const edgeClass = new Uint8Array(edgeCount);
  const nodeFlags = new Uint8Array(nodeCount);
  for (let e = 0; e < edgeCount; e++) {
    const u = fromArr[e];
    const slot = fill[u]++;
    const v = to.data[e];
    edgeTargets[slot] = v;
    edgeLengthM[slot] = len.data[e];
    edgeSpeedKmh[slot] = spd.data[e];
    edgeClass[slot] = cls.data[e];
    if (!limited[cls.data[e]]) {
      nodeFlags[u] |= NODE_ATTACHABLE;
      nodeFlags[v] |= NODE_ATTACHABLE;
    }
  }
  const graph = createRoadGraph({
    nodeLng: nodeLng.trimmed(),
    nodeLat: nodeLat.trimmed(),
    nodeFlags,
    edgeOffsets,
    edgeTargets,
    edgeLengthM,
    edgeSpeedKmh,
    edgeClass,
  });
  stats.nodes = nodeCount;
  stats.edges = edgeCount;
  for (let i = 0; i < nodeCount; i++) if (nodeFlags[i] & NODE_ATTACHABLE) stats.attachableNodes++;
  ROAD_CLASSES.forEach((c, i) => {
    if (kmByClass[i] > 0) stats.kmByClass[c] = Math.round(kmByClass[i] * 10) / 10;
  });
  return { graph, stats };
}
