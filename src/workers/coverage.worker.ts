/// <reference lib="webworker" />
/**
 * Coverage worker: the planner's engine off the main thread. `open` fetches the layers the
 * table needs (from the browser cache, as the map already loaded most of them), builds the
 * engine input and the planning session (the costly, rule-independent part, once per data
 * change); then each user action is one message: a scenario applied, suggested placements,
 * the network as of a day (the timeline, built on first use). The rule
 * alone is applied on the main thread, instantly, on every edit.
 */
import type { CoverageInput } from '../core/coverage/coverage-types.ts';
import { createPlanningSession, type PlanningSession } from '../core/planning/planning-session.ts';
import { createCoverageTimeline, type CoverageTimeline } from '../core/timeline/coverage-timeline.ts';
import { openingDay, parseNetworkDate, type DatedNetwork } from '../core/timeline/coverage-as-of.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  type CoverageLayerData,
} from '../data/coverage/coverage-input.ts';
import { fetchBundleSource, fetchLayer, fetchManifest } from '../data/bundle/fetch-bundle.ts';
import type { PlanningSessionInfo } from '../data/pipeline-runners.ts';
import { datedNetworkFromBundle } from '../data/timeline/dated-network.ts';
import { readCoverageDriveTime } from '../data/bundle/read-bundle-roads.ts';
import { populationCellsFromGrid } from '../data/roads/drive-time-inputs.ts';
import type { CoverageRequest, CoverageResponse } from './coverage-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: CoverageResponse) => scope.postMessage(message);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The session opened last: the engine, and what the timeline is built from when first asked. */
interface Current {
  id: number;
  session: PlanningSession;
  input: CoverageInput;
  network: DatedNetwork | null;
  timeline: CoverageTimeline | null;
}

let current: Current | null = null;
let opened = 0;

/** The first labelling day of the département's sites, or null when none is dated. */
function firstDayOf(network: DatedNetwork): string | null {
  const days = network.franceServices.filter((s) => s.labelledOn !== null).map((s) => openingDay(s, network.listDate));
  return days.length ? days.sort()[0] : null;
}

async function open(request: Extract<CoverageRequest, { type: 'open' }>): Promise<void> {
  const { id, dept, extraLayers } = request;
  // numbered when asked: an older open finishing last never replaces a newer session
  const number = ++opened;
  const start = performance.now();
  post({ id, type: 'progress', stage: 'loading' });
  const manifest = await fetchManifest(dept);
  const ids = [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS].filter((l) => manifest.layers[l]?.status === 'ok');
  const loaded = await Promise.all(
    ids.map(async (l) => [l, await fetchLayer(dept, manifest.layers[l].file, manifest.layers[l].topology)] as const),
  );
  const layers: Record<string, CoverageLayerData> = Object.fromEntries(loaded);
  post({ id, type: 'progress', stage: 'computing' });
  // the road graph when `roads` built one: the drive-time columns (docs/drive-time.md)
  const driveTime = await readCoverageDriveTime(fetchBundleSource, dept, manifest);
  const input = { ...coverageInputFromBundle(manifest, layers, extraLayers ?? []), driveTime };
  // the drive-time zones follow each scenario when there is a road graph (the isochrones layer's cells)
  const grid = layers['population-grid'];
  const session = createPlanningSession(input, driveTime && grid ? populationCellsFromGrid(grid) : null);
  let network: DatedNetwork | null = null;
  let timeline: PlanningSessionInfo['timeline'] = null;
  let timelineError: string | null = null;
  try {
    const dated = datedNetworkFromBundle(manifest, layers);
    network = dated.network;
    timeline = { listDate: network.listDate, firstDay: firstDayOf(network), undated: dated.undated.length };
  } catch (err) {
    timelineError = messageOf(err);
  }
  if (number !== opened) throw Object.assign(new Error('données remplacées pendant le calcul'), { stale: true });
  current = { id: number, session, input, network, timeline: null };
  const info: PlanningSessionInfo = {
    session: current.id,
    base: session.before,
    candidates: [...session.candidates],
    timeline,
    timelineError,
  };
  post({ id, type: 'ready', info, elapsedMs: Math.round(performance.now() - start) });
}

/** The session a request was made for, or an error saying it was replaced. */
function sessionFor(session: number): Current {
  if (!current || current.id !== session)
    throw Object.assign(new Error('calcul demandé pour des données remplacées depuis'), { stale: true });
  return current;
}

function timelineOf(c: Current): CoverageTimeline {
  if (!c.network) throw new Error('les dates de labellisation des France Services ne sont pas disponibles');
  return (c.timeline ??= createCoverageTimeline(c.input, c.network));
}

function answer(request: Exclude<CoverageRequest, { type: 'open' }>): CoverageResponse {
  const start = performance.now();
  const c = sessionFor(request.session);
  const elapsed = () => Math.round(performance.now() - start);
  switch (request.type) {
    case 'scenario': {
      const outcome = c.session.applyScenario(request.scenario, request.rule);
      return { id: request.id, type: 'scenario', outcome, elapsedMs: elapsed() };
    }
    case 'suggest':
      return { id: request.id, type: 'suggest', result: c.session.suggest(request.options), elapsedMs: elapsed() };
    case 'at': {
      const timeline = timelineOf(c);
      const day = parseNetworkDate(request.day, c.network!);
      return { id: request.id, type: 'at', base: timeline.baseAt(day), elapsedMs: elapsed() };
    }
  }
}

scope.onmessage = async (event: MessageEvent<CoverageRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'open') await open(request);
    else post(answer(request));
  } catch (err) {
    const stale = Boolean((err as { stale?: boolean } | null)?.stale);
    post({ id: request.id, type: 'error', message: messageOf(err), ...(stale ? { stale } : {}) });
  }
};
