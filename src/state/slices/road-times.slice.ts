import type { StateCreator } from 'zustand/vanilla';
import type { RoadTimesRunner } from '../../data/roads/road-times.ts';
import type { AppState } from '../app-state.ts';
import { roadTimesRequestKey, type RoadTimesSlice } from '../road-times-state.ts';

/**
 * The finder's drive minutes: asked of `runner` (a worker in the browser) only when the bundle's
 * manifest announces a road graph, so that a bundle without one never starts the worker nor
 * fetches anything. An answer that arrives after a newer request is dropped.
 */
export function createRoadTimesSlice(runner?: RoadTimesRunner): StateCreator<AppState, [], [], RoadTimesSlice> {
  let asked = 0;
  return (set, get) => ({
    findRoadTimes: null,

    requestFindRoadTimes(origin, targets) {
      const { dept, manifest } = get();
      if (!runner || !dept || !manifest?.roads || targets.length === 0) {
        if (get().findRoadTimes !== null) set({ findRoadTimes: null });
        return;
      }
      const request = roadTimesRequestKey(origin, targets);
      if (get().findRoadTimes?.request === request) return;
      const number = ++asked;
      set({ findRoadTimes: { request, status: 'loading', network: null, originOnNetwork: false, minutes: {}, error: null } });
      runner
        .minutesFrom(
          dept,
          origin,
          targets.map((t) => t.lngLat),
        )
        .then(
          (answer) => {
            if (number !== asked) return;
            const minutes: Record<string, number> = {};
            targets.forEach((t, i) => {
              minutes[t.key] = answer.minutes[i];
            });
            set({
              findRoadTimes: {
                request,
                status: 'ok',
                network: answer.network,
                originOnNetwork: answer.originOnNetwork,
                minutes,
                error: null,
              },
            });
          },
          (err: unknown) => {
            if (number !== asked) return;
            const error = err instanceof Error ? err.message : String(err);
            set({ findRoadTimes: { request, status: 'error', network: null, originOnNetwork: false, minutes: {}, error } });
          },
        );
    },
  });
}
