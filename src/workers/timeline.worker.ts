/// <reference lib="webworker" />
/**
 * Timeline worker: fetches the layers of a département's bundle, builds its coverage timeline
 * once (src/core/timeline: placements and distances computed once for every date) and answers
 * the growth series under a rule and the plan status, off the main thread.
 */
import { ruleToUrl } from '../core/coverage/coverage-rule.ts';
import { readBundlePlan } from '../data/bundle/bundle-source.ts';
import { fetchBundleSource, fetchLayer, fetchManifest } from '../data/bundle/fetch-bundle.ts';
import type { CoverageLayerData } from '../data/coverage/coverage-input.ts';
import { TIMELINE_LAYERS, growthResult, planResult, prepareTimeline, type PreparedTimeline } from '../data/timeline/timeline-results.ts';
import type { GrowthResult } from '../data/timeline/timeline-runner.ts';
import type { TimelineRequest, TimelineResponse } from './timeline-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: TimelineResponse) => scope.postMessage(message);

/** The last département asked for: its timeline, and its series per rule. */
let current: { dept: string; prepared: Promise<PreparedTimeline>; series: Map<string, GrowthResult> } | null = null;

async function prepare(dept: string): Promise<PreparedTimeline> {
  const manifest = await fetchManifest(dept);
  const ids = TIMELINE_LAYERS.filter((l) => manifest.layers[l]?.status === 'ok');
  const loaded = await Promise.all(
    ids.map(async (l) => [l, await fetchLayer(dept, manifest.layers[l].file, manifest.layers[l].topology)] as const),
  );
  const layers: Record<string, CoverageLayerData> = Object.fromEntries(loaded);
  return prepareTimeline(dept, manifest, layers);
}

function preparedFor(dept: string) {
  if (current?.dept !== dept) {
    const prepared = prepare(dept);
    // a failure is not kept: the next request tries again
    prepared.catch(() => {
      if (current?.prepared === prepared) current = null;
    });
    current = { dept, prepared, series: new Map() };
  }
  return current;
}

scope.onmessage = async (event: MessageEvent<TimelineRequest>) => {
  const request = event.data;
  try {
    const entry = preparedFor(request.dept);
    const prepared = await entry.prepared;
    if (request.type === 'growth') {
      const key = ruleToUrl(request.rule);
      let result = entry.series.get(key);
      if (!result) {
        result = growthResult(prepared, request.rule);
        entry.series.set(key, result);
      }
      post({ id: request.id, type: 'growth', result });
    } else {
      const plan = await readBundlePlan(fetchBundleSource, request.dept, prepared.manifest);
      post({ id: request.id, type: 'plan', result: planResult(prepared, plan) });
    }
  } catch (err) {
    post({ id: request.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
