/// <reference lib="webworker" />
/**
 * Coverage worker: fetches the layers the table needs (from the browser cache, as the
 * map already loaded most of them), builds the engine input and runs the costly,
 * rule-independent part of the computation off the main thread. The rule is applied
 * on the main thread, instantly, on every edit.
 */
import { prepareCoverage } from '../core/coverage/compute-coverage.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  type CoverageLayerData,
} from '../data/coverage/coverage-input.ts';
import { fetchBundleSource, fetchLayer, fetchManifest } from '../data/bundle/fetch-bundle.ts';
import { readCoverageDriveTime } from '../data/bundle/read-bundle-roads.ts';
import type { CoverageRequest, CoverageResponse } from './coverage-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: CoverageResponse) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<CoverageRequest>) => {
  const { id, dept, extraLayers } = event.data;
  const start = performance.now();
  try {
    post({ id, type: 'progress', stage: 'loading' });
    const manifest = await fetchManifest(dept);
    const ids = [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS].filter((l) => manifest.layers[l]?.status === 'ok');
    const loaded = await Promise.all(ids.map(async (l) => [l, await fetchLayer(dept, manifest.layers[l].file)] as const));
    const layers: Record<string, CoverageLayerData> = Object.fromEntries(loaded);
    post({ id, type: 'progress', stage: 'computing' });
    // the road graph when `roads` built one: the drive-time columns (docs/drive-time.md)
    const driveTime = await readCoverageDriveTime(fetchBundleSource, dept, manifest);
    const base = prepareCoverage({ ...coverageInputFromBundle(manifest, layers, extraLayers ?? []), driveTime });
    post({ id, type: 'result', base, elapsedMs: Math.round(performance.now() - start) });
  } catch (err) {
    post({ id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
