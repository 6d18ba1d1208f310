import { useEffect, useMemo } from 'react';
import type { FindItem, FindResults } from '../../state/slices/find.slice.ts';
import { roadTimesRequestKey, type FindRoadTimes, type RoadTimeTarget } from '../../state/road-times-state.ts';
import { useAppStore } from '../use-app-store.ts';

/** The key a result's road time is kept under: its layer and id (one site listed in two groups is timed once). */
export const roadTimeKey = (item: FindItem): string => `${item.site.layer}\u0000${item.site.id}`;

/** The drive times of the results on screen, as the cards and the method note read them. */
export interface ResultsRoadTimes {
  /** Null: the bundle has no road graph (or no search), the results keep their estimates. */
  times: FindRoadTimes | null;
  /** Minutes by road to a result; undefined when there is none (no graph, still loading, off the network, no path). */
  minutesOf(item: FindItem): number | undefined;
}

/** The placed sites of the results (a commune-only site's point is its commune's centre: no time to it is shown). */
function targetsOf(results: FindResults | null): RoadTimeTarget[] {
  if (!results || results.loading) return [];
  const seen = new Map<string, RoadTimeTarget>();
  for (const g of results.groups)
    for (const item of g.items)
      if (item.precision === 'exact') seen.set(roadTimeKey(item), { key: roadTimeKey(item), lngLat: item.site.lngLat });
  return [...seen.values()];
}

/**
 * Asks the store for the drive minutes from the searched point to the results once they are all
 * loaded (the store asks its worker only when the bundle has a road graph), and reads them back
 * for the results on screen only: times of an earlier search are never shown.
 */
export function useResultsRoadTimes(results: FindResults | null): ResultsRoadTimes {
  const request = useAppStore((s) => s.requestFindRoadTimes);
  const hasRoads = useAppStore((s) => Boolean(s.manifest?.roads));
  const stored = useAppStore((s) => s.findRoadTimes);
  const origin = results?.origin.lngLat;
  const targets = useMemo(() => targetsOf(results), [results]);
  const key = origin && targets.length ? roadTimesRequestKey([origin[0], origin[1]], targets) : null;
  useEffect(() => {
    if (hasRoads && origin && targets.length) request([origin[0], origin[1]], targets);
  }, [hasRoads, origin, targets, request]);
  const times = hasRoads && stored && stored.request === key ? stored : null;
  return {
    times,
    minutesOf(item) {
      const m = times?.status === 'ok' ? times.minutes[roadTimeKey(item)] : undefined;
      return m !== undefined && Number.isFinite(m) ? m : undefined;
    },
  };
}
