import { attachPoints, createRoadNodeIndex, DEFAULT_CONNECTOR, type Connector, type PointAttachment } from './attach-points.ts';
import { createDijkstraWorkspace, type DijkstraWorkspace } from './multi-source-dijkstra.ts';
import { pointDriveTimes, DRIVE_TIME_BANDS_MINUTES, type PointDriveTimes } from './point-drive-times.ts';
import { pointsByNode, reachWithin, type PointsByNode, type ReachedPoints } from './reach-within.ts';
import { reversedEdgesOf, type RoadGraph } from './road-graph.ts';
import { minutesFromOrigin } from './times-from-point.ts';
import { timesToNearestSite, type NodeTimes } from './times-to-nearest-site.ts';

/**
 * Drive times on one road graph, with everything that is built once kept: the node index, the
 * reversed edges, a search workspace, and the per-node grouping of each point set.
 *
 * ```ts
 * const engine = createDriveTimeEngine(roadGraphFromBinary(bytes));
 * const sites = engine.attach(siteLng, siteLat);        // fixed France Services + nearby ones
 * const cells = engine.attach(cellLng, cellLat);        // population grid cells
 * const times = engine.timesToNearestSite(sites);       // one multi-source Dijkstra
 * const { minutes, site, band } = engine.pointDriveTimes(times, cells);
 * aggregateDriveTimesByArea({ minutes, weights, areaOf, areaCount });
 * engine.reachWithin(candidateLng, candidateLat, cells, 30); // the placement optimiser
 * engine.minutesToPoints(homeLng, homeLat, sitesListed, 120); // a resident's results
 * ```
 */
export interface DriveTimeEngine {
  readonly graph: RoadGraph;
  readonly connector: Connector;
  /** Attaches points (WGS84 degrees) to their nearest attachable node; see attachPoints. */
  attach(lng: ArrayLike<number>, lat: ArrayLike<number>): PointAttachment;
  /** One multi-source run from every attached site. */
  timesToNearestSite(sites: PointAttachment): NodeTimes;
  /** Per-point minutes, nearest site and band (10/20/30 minutes by default). */
  pointDriveTimes(times: NodeTimes, points: PointAttachment, bandsMinutes?: readonly number[]): PointDriveTimes;
  /** Minutes from one query point to its nearest site (NaN off the network, Infinity with no path) and which site (-1). */
  minutesFrom(lng: number, lat: number, times: NodeTimes): { minutes: number; site: number };
  /** Points that reach a site placed at (lng, lat) within `maxMinutes` (bounded single-source run). */
  reachWithin(lng: number, lat: number, points: PointAttachment, maxMinutes: number): ReachedPoints;
  /**
   * Minutes from (lng, lat) to each target, driven forward (bounded single-source run); Infinity
   * beyond `maxMinutes`, NaN when the origin or the target is off the network.
   */
  minutesToPoints(lng: number, lat: number, targets: PointAttachment, maxMinutes: number): Float64Array;
}

/** Creates a {@link DriveTimeEngine} for a graph; `connector` defaults to {@link DEFAULT_CONNECTOR}. */
export function createDriveTimeEngine(graph: RoadGraph, connector: Connector = DEFAULT_CONNECTOR): DriveTimeEngine {
  const index = createRoadNodeIndex(graph);
  reversedEdgesOf(graph);
  let workspace: DijkstraWorkspace | null = null;
  const grouped = new WeakMap<PointAttachment, PointsByNode>();
  const attach = (lng: ArrayLike<number>, lat: ArrayLike<number>) => attachPoints(index, lng, lat, connector);
  return {
    graph,
    connector,
    attach,
    timesToNearestSite: (sites) => timesToNearestSite(graph, sites),
    pointDriveTimes: (times, points, bandsMinutes = DRIVE_TIME_BANDS_MINUTES) => pointDriveTimes(times, points, bandsMinutes),
    minutesFrom(lng, lat, times) {
      const one = attach([lng], [lat]);
      const r = pointDriveTimes(times, one);
      return { minutes: r.minutes[0], site: r.site[0] };
    },
    reachWithin(lng, lat, points, maxMinutes) {
      const site = attach([lng], [lat]);
      let byNode = grouped.get(points);
      if (!byNode) {
        byNode = pointsByNode(graph.nodeCount, points);
        grouped.set(points, byNode);
      }
      workspace ??= createDijkstraWorkspace(graph.nodeCount, graph.edgeCount);
      return reachWithin(graph, { node: site.node[0], connectorSeconds: site.connectorSeconds[0] }, maxMinutes, points, byNode, workspace);
    },
    minutesToPoints(lng, lat, targets, maxMinutes) {
      const origin = attach([lng], [lat]);
      workspace ??= createDijkstraWorkspace(graph.nodeCount, graph.edgeCount);
      return minutesFromOrigin(
        graph,
        { node: origin.node[0], connectorSeconds: origin.connectorSeconds[0] },
        targets,
        maxMinutes,
        workspace,
      );
    },
  };
}
