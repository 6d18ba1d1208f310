import type { DriveTimeAggregate } from '../roads/aggregate-drive-times-by-area.ts';
import type { CoverageMethod, CoverageSource } from './coverage-types.ts';

/** Shares below this fraction of a commune's area are slivers of simplified borders, not real parts. */
export const SLIVER_SHARE = 0.005;

/** Distance thresholds (km) of the access columns. */
export const ACCESS_THRESHOLDS_KM = [5, 10, 15] as const;

/** Straight-line access from where people live, accumulated per canton. */
export interface Access {
  weight: number;
  weightedDistanceKm: number;
  maxDistanceKm: number;
  within: [number, number, number];
}

/** What a canton holds, independent of the target rule. */
export interface CantonFigures {
  code: string;
  name: string;
  communes: number;
  splitCommunes: string[];
  population: number;
  ruralPopulation: number;
  /** Population per priority territory id. */
  territoryPopulation: Map<string, number>;
  qpv: Set<string>;
  /** Communes with at least one QPV (a split commune counts in each of its cantons; total: distinct communes). */
  qpvCommunes: number;
  franceServices: number;
  franceServicesBuses: number;
  access: Access | null;
  /** Drive times to the nearest fixed France Services on the road graph; null when no road graph is loaded. */
  driveTime: DriveTimeAggregate | null;
  healthMediatorPosts: number | null;
  layerCounts: Record<string, number | null>;
}

/**
 * The costly, rule-independent part of the table: sites placed in cantons, split
 * communes apportioned, distances measured. Compute once per data change
 * ({@link prepareCoverage}); apply any rule instantly ({@link applyCoverageRule}).
 */
export interface CoverageBase {
  departement: { code: string; name: string };
  cantons: CantonFigures[];
  total: CantonFigures;
  territories: { id: string; name: string }[];
  countedLayers: { id: string; title: string; hasData: boolean }[];
  healthMediatorYear: string | null;
  method: CoverageMethod;
  sources: readonly CoverageSource[];
}
