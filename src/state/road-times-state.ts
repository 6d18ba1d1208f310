import type { LngLatPair } from '../data/roads/road-times.ts';
import type { RoadNetworkInfo } from '../core/roads/road-network-info.ts';

/** A site of the finder's results to time by road: its key (`layer\0id`) and its point. */
export interface RoadTimeTarget {
  key: string;
  lngLat: LngLatPair;
}

/** Drive minutes of the finder's current results on the bundle's road graph (docs/drive-time.md). */
export interface FindRoadTimes {
  /** The request these times answer: origin and targets (see roadTimesRequestKey). */
  request: string;
  status: 'loading' | 'ok' | 'error';
  /** The road file they were measured on (null while loading, or when the answer said the bundle has none). */
  network: RoadNetworkInfo | null;
  /** The searched point reaches the road network (within the connector's cap). */
  originOnNetwork: boolean;
  /** Site key → minutes; `Infinity`: no path, `NaN`: off the network; absent: not asked or not answered yet. */
  minutes: Record<string, number>;
  error: string | null;
}

/** Road-times slice: the finder's drive times, asked of a worker only when the bundle has a road graph. */
export interface RoadTimesSlice {
  /** Null when there is no search, no road graph in the bundle or no runner (the results keep their estimates). */
  findRoadTimes: FindRoadTimes | null;
  /** Asks the drive minutes from `origin` to `targets` (no-op when the same request is already asked or answered). */
  requestFindRoadTimes(origin: LngLatPair, targets: readonly RoadTimeTarget[]): void;
}

/** One text per request: the same origin and targets in the same order give the same key. */
export function roadTimesRequestKey(origin: LngLatPair, targets: readonly RoadTimeTarget[]): string {
  return `${origin[0]},${origin[1]}|${targets.map((t) => `${t.key}@${t.lngLat[0]},${t.lngLat[1]}`).join('|')}`;
}
