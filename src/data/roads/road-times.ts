import { createDriveTimeEngine, type DriveTimeEngine } from '../../core/roads/drive-time-engine.ts';
import type { RoadNetworkInfo } from '../../core/roads/road-network-info.ts';
import { readBundleManifest, type BundleSource } from '../bundle/bundle-source.ts';
import { readBundleRoads } from '../bundle/read-bundle-roads.ts';

/**
 * Drive minutes from a resident's searched point to the sites listed for them, on the bundle's
 * road graph: what the finder's results show as « ≈ N min en voiture par la route ». The app runs
 * it in a worker (src/workers/roads.worker.ts), the graph read once, on the first search that needs it.
 */

/** `[lng, lat]` in WGS84 degrees. */
export type LngLatPair = readonly [number, number];

/** A search's answer. `network: null`: the bundle has no road graph (the finder keeps its estimates). */
export interface RoadTimesAnswer {
  network: RoadNetworkInfo | null;
  /** The searched point reaches the road network (within the connector's cap). */
  originOnNetwork: boolean;
  /**
   * Per target, in input order: minutes by car (connectors included); `Infinity` when no path
   * within {@link ROAD_TIMES_MAX_MINUTES}, `NaN` when the origin or the target is off the network.
   */
  minutes: number[];
}

/** Minutes from one point to a few sites, on the road graph of a département's bundle. */
export interface RoadTimesRunner {
  minutesFrom(dept: string, origin: LngLatPair, targets: readonly LngLatPair[]): Promise<RoadTimesAnswer>;
}

/** The search stops there: a site farther by road is "no path" for a resident (as `nearest --access drive`; the finder keeps its estimate). */
export const ROAD_TIMES_MAX_MINUTES = 240;

interface Loaded {
  engine: DriveTimeEngine;
  network: RoadNetworkInfo;
}

/**
 * A {@link RoadTimesRunner} reading bundles from `source`: the manifest and the graph of a
 * département are read on its first request and kept (a failed read is retried on the next
 * request); each request is then one bounded Dijkstra from the origin (minutesToPoints).
 */
export function createRoadTimesService(source: BundleSource, maxMinutes = ROAD_TIMES_MAX_MINUTES): RoadTimesRunner {
  const loaded = new Map<string, Promise<Loaded | null>>();
  const load = (dept: string): Promise<Loaded | null> => {
    let promise = loaded.get(dept);
    if (!promise) {
      promise = (async () => {
        const manifest = await readBundleManifest(source, dept);
        const roads = await readBundleRoads(source, dept, manifest);
        return roads ? { engine: createDriveTimeEngine(roads.graph, roads.info.connector), network: roads.info } : null;
      })();
      promise.catch(() => loaded.delete(dept));
      loaded.set(dept, promise);
    }
    return promise;
  };
  return {
    async minutesFrom(dept, origin, targets) {
      const roads = await load(dept);
      if (!roads) return { network: null, originOnNetwork: false, minutes: targets.map(() => NaN) };
      const { engine } = roads;
      const originOnNetwork = engine.attach([origin[0]], [origin[1]]).node[0] >= 0;
      const attached = engine.attach(
        targets.map((t) => t[0]),
        targets.map((t) => t[1]),
      );
      const minutes = engine.minutesToPoints(origin[0], origin[1], attached, maxMinutes);
      return { network: roads.network, originOnNetwork, minutes: [...minutes] };
    },
  };
}
