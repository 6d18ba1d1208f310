import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import type { CoverageInput, CoverageRule } from '../../core/coverage/coverage-types.ts';
import { planStatusRows } from '../../core/plan/plan-status.ts';
import type { PlanSeed } from '../../core/plan/plan-types.ts';
import { compareSnapshots, type SnapshotComparison } from '../../core/timeline/compare-snapshots.ts';
import { createCoverageTimeline, type CoverageTimeline } from '../../core/timeline/coverage-timeline.ts';
import type { BundleManifestFile } from '../bundle/bundle-types.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  type CoverageLayerData,
} from '../coverage/coverage-input.ts';
import { PLAN_LAYERS, planFactsFromBundle } from '../plan/plan-facts.ts';
import { datedNetworkFromBundle, franceServicesSnapshotsFromBundle, type UndatedSite } from './dated-network.ts';
import type { GrowthResult, PlanResult } from './timeline-runner.ts';

type Layers = Readonly<Record<string, CoverageLayerData | undefined>>;

/** Layers the timeline and the plan read from the bundle: the coverage table's and the plan's. */
export const TIMELINE_LAYERS: readonly string[] = [...new Set([...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS, ...PLAN_LAYERS])];

/** A département's network over time, built once from its bundle; the growth series and the plan are read from it. */
export interface PreparedTimeline {
  dept: string;
  manifest: BundleManifestFile;
  layers: Layers;
  input: CoverageInput;
  timeline: CoverageTimeline;
  undated: UndatedSite[];
  snapshot: SnapshotComparison | null;
}

/** Builds the coverage timeline of a bundle (the costly part: placements and distances, once). */
export function prepareTimeline(dept: string, manifest: BundleManifestFile, layers: Layers): PreparedTimeline {
  const input = coverageInputFromBundle(manifest, layers);
  const { network, undated } = datedNetworkFromBundle(manifest, layers);
  const snaps = franceServicesSnapshotsFromBundle(layers);
  return {
    dept,
    manifest,
    layers,
    input,
    timeline: createCoverageTimeline(input, network),
    undated,
    snapshot: snaps.older.length ? compareSnapshots(snaps.older, snaps.newer) : null,
  };
}

/** The growth series under `rule`: `timeline.series(rule)`, with the list's date, the 2020 snapshot and the undated sites. */
export function growthResult(p: PreparedTimeline, rule: CoverageRule): GrowthResult {
  const list = p.manifest.layers['france-services'].sources[0];
  return {
    dept: p.dept,
    listDate: p.timeline.listDate,
    cantons: p.input.cantons.length,
    series: p.timeline.series(rule),
    snapshot: p.snapshot,
    undated: p.undated.map((u) => ({ id: u.id, name: u.name, text: u.text })),
    source: `${list.attribution}, licence : ${list.licence}`,
  };
}

/**
 * The plan status of the bundle: `planStatusRows` on the plan it carries, measured under the
 * département's rule (as `plan-status` on the CLI). `plan`: `undefined` for a bundle built before
 * plans were copied (every measure is then listed as with no plan, and the result says so).
 */
export function planResult(p: PreparedTimeline, plan: PlanSeed | null | undefined): PlanResult {
  const facts = planFactsFromBundle(p.manifest, p.layers, p.input, p.timeline, defaultCoverageRule(p.manifest));
  return {
    dept: p.dept,
    departement: facts.departement,
    plan: plan === undefined ? 'not-in-bundle' : plan,
    rows: planStatusRows(plan ?? null, facts),
    adultesRelais: facts.adultesRelais,
  };
}
