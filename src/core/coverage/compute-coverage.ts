import { applyCoverageRule } from './apply-coverage-rule.ts';
import { fixedSitesForDistance, nearestDistances } from './access-demand.ts';
import type { CoverageBase } from './coverage-base.ts';
import { assembleCoverageBase, prepareCoverageSteps } from './coverage-steps.ts';
import type { CoverageInput, CoverageRule, CoverageTable } from './coverage-types.ts';
import { placeSites } from './place-sites.ts';
import { demandDriveMinutes } from './drive-time-access.ts';

export { applyCoverageRule, validateCoverageRule } from './apply-coverage-rule.ts';
export { ACCESS_THRESHOLDS_KM, type CantonFigures, type CoverageBase } from './coverage-base.ts';

/**
 * Computes the rule-independent figures of every canton, in named steps
 * (src/core/coverage/coverage-steps.ts): communes and population per canton (split
 * communes apportioned by the population grid, else by area), the other layers placed,
 * adultes-relais posts spread, then the France Services placed by the COG rule and the
 * straight-line access from where people live to the nearest fixed France Services
 * (across the border too), and, when the input has a road graph, the drive time from there
 * (one multi-source run). Every spatial query goes through an index built once.
 * The input is not modified.
 */
export function prepareCoverage(input: CoverageInput): CoverageBase {
  const prepared = prepareCoverageSteps(input);
  const placement = placeSites('france-services', input.franceServices, prepared.assigner, input.cantons.length);
  const sites = fixedSitesForDistance(input.franceServices, input.nearbyFranceServices);
  const distances =
    sites.length > 0
      ? nearestDistances(
          prepared.demand.points,
          sites.map((s) => s.lngLat),
        ).distanceKm
      : null;
  const driven = prepared.drive
    ? demandDriveMinutes(
        prepared.drive,
        sites.map((s) => s.lngLat),
      )
    : null;
  return assembleCoverageBase(prepared, input.franceServices, placement, distances, driven);
}

/** Both steps at once. */
export function computeCoverage(input: CoverageInput, rule: CoverageRule): CoverageTable {
  return applyCoverageRule(prepareCoverage(input), rule);
}
