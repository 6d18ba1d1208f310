import { describe, expect, it } from 'vitest';
import { attachPoints, createRoadNodeIndex } from '../../src/core/roads/attach-points.ts';
import { buildRoadGraph } from '../../src/core/roads/build-road-graph.ts';
import { createDriveTimeEngine } from '../../src/core/roads/drive-time-engine.ts';
import { createDijkstraWorkspace } from '../../src/core/roads/multi-source-dijkstra.ts';
import { pointsByNode, reachWithin } from '../../src/core/roads/reach-within.ts';
import { ROAD_CLASSES } from '../../src/core/roads/road-classes.ts';
import type { RoadGraph } from '../../src/core/roads/road-graph.ts';
import { createRoadWaysBuilder } from '../../src/core/roads/road-ways.ts';
import { timesToNearestSite } from '../../src/core/roads/times-to-nearest-site.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

/** A seeded random road network: vertices in a small box, ways of 2 to 4 vertices, a third one-way. */
function randomGraph(seed: number, vertices: number, ways: number): RoadGraph {
  const random = mulberry32(seed);
  const b = createRoadWaysBuilder();
  const ids = Array.from({ length: vertices }, () => b.vertexAt(3 + random() * 0.3, 50 + random() * 0.2));
  for (let w = 0; w < ways; w++) {
    const n = 2 + Math.floor(random() * 3);
    const vs = Array.from({ length: n }, () => ids[Math.floor(random() * vertices)]);
    const r = random();
    b.addWay(vs, {
      roadClass: Math.floor(random() * ROAD_CLASSES.length),
      oneway: r < 0.17 ? 1 : r < 0.33 ? -1 : 0,
      maxspeedKmh: random() < 0.2 ? 30 + Math.floor(random() * 60) : 0,
    });
  }
  return buildRoadGraph(b.finish(), { maxEdgeM: 1500 + random() * 3000 }).graph;
}

/**
 * Oracle: the textbook O(V²) Dijkstra with no heap, from one node, on the *reversed* edges
 * (time from every node to `target`), written independently of the engine.
 */
function naiveTimesTo(graph: RoadGraph, target: number, startSeconds: number): Float64Array {
  const n = graph.nodeCount;
  const incoming: [number, number][][] = Array.from({ length: n }, () => []);
  for (let u = 0; u < n; u++) {
    for (let e = graph.edgeOffsets[u]; e < graph.edgeOffsets[u + 1]; e++) incoming[graph.edgeTargets[e]].push([u, graph.edgeSeconds[e]]);
  }
  const dist = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  dist[target] = startSeconds;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0) break;
    done[u] = 1;
    for (const [v, s] of incoming[u]) if (dist[u] + s < dist[v]) dist[v] = dist[u] + s;
  }
  return dist;
}

describe('multi-source drive times against single-source Dijkstra from every site', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`equals the minimum over the sites, seed ${seed}`, () => {
      const random = mulberry32(seed * 7919);
      const graph = randomGraph(seed, 120 + seed * 10, 150 + seed * 15);
      const siteCount = 1 + Math.floor(random() * 6);
      const siteLng = Array.from({ length: siteCount }, () => 3 + random() * 0.3);
      const siteLat = Array.from({ length: siteCount }, () => 50 + random() * 0.2);
      const sites = attachPoints(createRoadNodeIndex(graph), siteLng, siteLat, { speedKmh: 20, maxKm: 50 });
      const siteNodes = Array.from(sites.node);
      const siteSeconds = Array.from(sites.connectorSeconds);
      const times = timesToNearestSite(graph, sites);
      expect(Array.from(sites.node)).toEqual(siteNodes); // inputs unchanged
      expect(Array.from(sites.connectorSeconds)).toEqual(siteSeconds);
      const perSite = siteNodes.map((node, i) => naiveTimesTo(graph, node, siteSeconds[i]));
      let reached = 0;
      for (let v = 0; v < graph.nodeCount; v++) {
        const best = Math.min(...perSite.map((d) => d[v]));
        if (best === Infinity) {
          expect(times.seconds[v]).toBe(Infinity);
          expect(times.site[v]).toBe(-1);
          continue;
        }
        reached++;
        expect(times.seconds[v]).toBeCloseTo(best, 6);
        // the site named is one whose own time equals the best
        expect(perSite[times.site[v]][v]).toBeCloseTo(best, 6);
      }
      expect(reached).toBeGreaterThan(graph.nodeCount / 10);
    });
  }

  it('reachWithin finds exactly the points within the limit, reusing one workspace', () => {
    const graph = randomGraph(42, 200, 260);
    const random = mulberry32(4242);
    const index = createRoadNodeIndex(graph);
    const n = 300;
    const lng = Array.from({ length: n }, () => 3 + random() * 0.3);
    const lat = Array.from({ length: n }, () => 50 + random() * 0.2);
    const points = attachPoints(index, lng, lat, { speedKmh: 20, maxKm: 3 });
    const byNode = pointsByNode(graph.nodeCount, points);
    const ws = createDijkstraWorkspace(graph.nodeCount, graph.edgeCount);
    for (let c = 0; c < 6; c++) {
      const site = attachPoints(index, [3 + random() * 0.3], [50 + random() * 0.2], { speedKmh: 20, maxKm: 50 });
      const limit = 3 + random() * 12;
      const got = reachWithin(graph, { node: site.node[0], connectorSeconds: site.connectorSeconds[0] }, limit, points, byNode, ws);
      const d = naiveTimesTo(graph, site.node[0], site.connectorSeconds[0]);
      const expected = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        if (points.node[i] < 0) continue;
        const t = (d[points.node[i]] + points.connectorSeconds[i]) / 60;
        if (t <= limit) expected.set(i, t);
      }
      expect(new Set(got.points)).toEqual(new Set(expected.keys()));
      got.points.forEach((p, k) => {
        expect(got.minutes[k]).toBeCloseTo(expected.get(p)!, 6);
      });
    }
  });

  it('the engine attaches each point to its nearest attachable node (brute force)', () => {
    const graph = randomGraph(9, 150, 200);
    const engine = createDriveTimeEngine(graph, { speedKmh: 20, maxKm: 5 });
    const random = mulberry32(99);
    const lng = Array.from({ length: 200 }, () => 2.95 + random() * 0.4);
    const lat = Array.from({ length: 200 }, () => 49.95 + random() * 0.3);
    const a = engine.attach(lng, lat);
    for (let i = 0; i < lng.length; i++) {
      let best = Infinity;
      for (let v = 0; v < graph.nodeCount; v++) {
        if (graph.nodeFlags[v] & 1) best = Math.min(best, distanceKm([lng[i], lat[i]], [graph.nodeLng[v], graph.nodeLat[v]]));
      }
      if (best > 5) expect(a.node[i]).toBe(-1);
      else expect(a.distanceKm[i]).toBeCloseTo(best, 9);
    }
  });
});
