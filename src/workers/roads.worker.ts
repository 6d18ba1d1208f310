/// <reference lib="webworker" />
/**
 * Road-times worker: drive minutes from a resident's searched point to the sites listed for
 * them (src/data/roads/road-times.ts). Started by the first search made on a bundle with a road
 * graph; the graph (`roads.bin`) is read once, on that search, and kept.
 */
import { fetchBundleSource } from '../data/bundle/fetch-bundle.ts';
import { createRoadTimesService } from '../data/roads/road-times.ts';
import type { RoadTimesRequest, RoadTimesResponse } from './roads-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const service = createRoadTimesService(fetchBundleSource);

scope.onmessage = async (event: MessageEvent<RoadTimesRequest>) => {
  const request = event.data;
  const start = performance.now();
  let response: RoadTimesResponse;
  try {
    const answer = await service.minutesFrom(request.dept, request.origin, request.targets);
    response = { id: request.id, type: 'minutes', answer, elapsedMs: Math.round(performance.now() - start) };
  } catch (err) {
    response = { id: request.id, type: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(response);
};
