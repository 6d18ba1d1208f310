import FlatQueue from 'flatqueue';

/** Adjacency in CSR form: the neighbours of `u` are `neighbours[offsets[u] .. offsets[u + 1])`. */
export interface Adjacency {
  offsets: Uint32Array;
  neighbours: Uint32Array;
  seconds: Float32Array;
}

/**
 * Reusable arrays for repeated searches on one graph (the placement optimiser runs one bounded
 * search per candidate): only the nodes a search touched are reset before the next one.
 */
export interface DijkstraWorkspace {
  seconds: Float64Array;
  origin: Int32Array;
  /** Nodes settled by the last search, in the order they were settled. */
  settled: Uint32Array;
  settledCount: number;
  /** Nodes whose time was set by the last search (settled or only reached). */
  touched: Uint32Array;
  touchedCount: number;
  queue: FlatQueue<number>;
}

/** Arrays for searches on a graph of `nodeCount` nodes and `edgeCount` edges. */
export function createDijkstraWorkspace(nodeCount: number, edgeCount: number): DijkstraWorkspace {
  return {
    seconds: new Float64Array(nodeCount).fill(Infinity),
    origin: new Int32Array(nodeCount).fill(-1),
    settled: new Uint32Array(nodeCount),
    settledCount: 0,
    touched: new Uint32Array(nodeCount),
    touchedCount: 0,
    // every push follows an improvement found while scanning a settled node's edges, and each
    // node is settled once: at most one push per edge, plus the starts
    queue: new FlatQueue<number>(edgeCount + nodeCount + 1, Float64Array, Uint32Array),
  };
}

/**
 * Dijkstra from several starts at once (binary heap from `flatqueue`, lazy deletion): every node
 * gets the smallest `startSeconds[i] + path time` over all starts `i`, and the index `i` of that
 * start (`origin`, the first start in input order on a tie at the same node). Nodes farther than
 * `maxSeconds` are neither settled nor reported. One run costs one Dijkstra, whatever the number
 * of starts. Starts with a negative node are skipped. Inputs are not modified; the result lives
 * in `workspace` (reset at the start of the call).
 */
export function multiSourceDijkstra(
  adjacency: Adjacency,
  startNodes: ArrayLike<number>,
  startSeconds: ArrayLike<number>,
  workspace: DijkstraWorkspace,
  maxSeconds = Infinity,
): DijkstraWorkspace {
  const { offsets, neighbours, seconds: edgeSeconds } = adjacency;
  const ws = workspace;
  const { seconds, origin, settled, touched, queue } = ws;
  for (let i = 0; i < ws.touchedCount; i++) {
    seconds[touched[i]] = Infinity;
    origin[touched[i]] = -1;
  }
  ws.touchedCount = 0;
  ws.settledCount = 0;
  queue.clear();
  let touchedCount = 0;
  for (let i = 0; i < startNodes.length; i++) {
    const node = startNodes[i];
    const s = startSeconds[i];
    if (node < 0 || !(s <= maxSeconds)) continue;
    if (s < seconds[node]) {
      if (seconds[node] === Infinity) touched[touchedCount++] = node;
      seconds[node] = s;
      origin[node] = i;
      queue.push(node, s);
    }
  }
  let settledCount = 0;
  while (queue.length > 0) {
    const d = queue.peekValue()!;
    const u = queue.pop()!;
    if (d > seconds[u]) continue; // a stale entry: u was settled earlier with a smaller time
    settled[settledCount++] = u;
    const o = origin[u];
    for (let e = offsets[u], end = offsets[u + 1]; e < end; e++) {
      const v = neighbours[e];
      const nd = d + edgeSeconds[e];
      if (nd < seconds[v] && nd <= maxSeconds) {
        if (seconds[v] === Infinity) touched[touchedCount++] = v;
        seconds[v] = nd;
        origin[v] = o;
        queue.push(v, nd);
      }
    }
  }
  ws.settledCount = settledCount;
  ws.touchedCount = touchedCount;
  return ws;
}
