import type { LngLatPair, RoadTimesAnswer } from '../data/roads/road-times.ts';

/** Messages between the app and the road-times worker (structured-clone friendly), one per finder search. */
export type RoadTimesRequest = { id: number; type: 'minutes'; dept: string; origin: LngLatPair; targets: LngLatPair[] };

export type RoadTimesResponse =
  | { id: number; type: 'minutes'; answer: RoadTimesAnswer; elapsedMs: number }
  | { id: number; type: 'error'; message: string };
