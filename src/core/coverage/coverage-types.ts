import type { MultiPolygon, Polygon } from 'geojson';
import type { AreaFeature } from '../index/area-index.ts';
import type { CoverageDriveTimeInput, DriveTimeMethod } from './drive-time-types.ts';
import type { CoverageScenarioInfo } from './scenario-types.ts';

/** `[lng, lat]` in WGS84 degrees. */
export type Position = readonly [number, number];

/** A canton polygon with its INSEE code (4 characters) and name. */
export type CantonFeature = AreaFeature<{ code: string; name: string }>;

/** A commune as the coverage engine needs it. */
export interface CoverageCommune {
  code: string;
  name: string;
  /** Municipal population. */
  population: number;
  /** Canton from the COG when the commune lies wholly in one canton; null when it is split between cantons. */
  cantonCode: string | null;
  rural: boolean;
  epciCode: string | null;
  /** QPV codes of the commune (a QPV may straddle communes). */
  qpvCodes: string[];
  /** Polygon, needed to split a commune shared between cantons into its fractions (and to find its grid cells). */
  geometry: Polygon | MultiPolygon | null;
  centroid: Position;
}

/** A site of a point layer: coordinates and, when known, the INSEE code of its commune. */
export interface CoverageSite {
  id: string;
  lngLat: Position;
  communeCode: string | null;
}

/** A France Services: a fixed site, or a bus / itinerant service (counted at its base). */
export interface FranceServicesSite extends CoverageSite {
  kind: 'fixed' | 'bus';
}

/** A cell of the population grid (its centre) with the people living in it. */
export interface PopulationCell {
  lngLat: Position;
  population: number;
}

/** Posts attached to a territory (e.g. adultes-relais per contrat de ville): a commune or an EPCI. */
export interface TerritoryPosts {
  id: string;
  kind: 'commune' | 'epci';
  posts: number;
}

/** A point layer counted per canton; `sites: null` means the layer has no data (an empty cell, never 0). */
export interface CountedLayer {
  id: string;
  title: string;
  sites: readonly CoverageSite[] | null;
}

export interface PriorityTerritory {
  id: string;
  name: string;
  epci: readonly string[];
  communes: readonly string[];
}

/** Where a figure comes from: shown in every export's metadata. */
export interface CoverageSource {
  layer: string;
  title: string;
  producer: string;
  vintage: string;
  licence: string;
}

/** Everything the engine reads. Built from the bundle (src/data/coverage) or from any files (CLI, tests). */
export interface CoverageInput {
  departement: { code: string; name: string };
  cantons: readonly CantonFeature[];
  communes: readonly CoverageCommune[];
  franceServices: readonly FranceServicesSite[];
  /** France Services just across the border, used for distances only (people cross it). */
  nearbyFranceServices: readonly FranceServicesSite[];
  /** The département's populated grid cells, or null to measure from commune centroids. */
  populationGrid: readonly PopulationCell[] | null;
  /** Vintage of the population grid (e.g. "2021"), for the method text. */
  populationGridVintage?: string;
  /** Adultes-relais posts of one year per territory, or null when not loaded. */
  healthMediatorPosts: { year: string; territories: readonly TerritoryPosts[] } | null;
  /** Other point layers counted per canton (digital inclusion, first reception, MSP, imported layers). */
  countedLayers: readonly CountedLayer[];
  priorityTerritories: readonly PriorityTerritory[];
  sources: readonly CoverageSource[];
  /** The road graph of drive times (the bundle's `roads`); absent or null: the drive-time columns stay empty (estimate named). */
  driveTime?: CoverageDriveTimeInput | null;
}

/** The SDAASP target rule; every number and the priority definition are settings. */
export interface CoverageRule {
  /** France Services wanted in an ordinary canton. */
  target: number;
  /** France Services wanted in a priority canton. */
  priorityTarget: number;
  /** Whether bus / itinerant France Services count towards the target (at their base's canton). */
  countBuses: boolean;
  priority: {
    /** A canton with at least one QPV is a priority. */
    qpv: boolean;
    /** A canton whose rural population share is at least this (0–1) is a priority; null: not a criterion. */
    ruralPopulationShareMin: number | null;
    /** A canton with most of its population in a priority territory of the département config is a priority. */
    territories: boolean;
  };
}

export type PriorityReason = 'qpv' | 'rural' | 'territory';

/** One row of the coverage table (a canton, or the département total). */
export interface CoverageRow {
  rowType: 'canton' | 'total';
  cantonCode: string;
  cantonName: string;
  /** Communes in the canton; a commune split between cantons counts in each. Total row: distinct communes. */
  communes: number;
  /** Names of the communes shared with other cantons, whose population is apportioned (population grid, else area). */
  splitCommunes: string[];
  /** Municipal population (split communes apportioned by the population grid, else by area share). */
  population: number;
  franceServices: number;
  franceServicesBuses: number;
  /** Distinct QPV with a part in the canton (for a split commune: every QPV of the commune). Total row: distinct QPV. */
  qpvCount: number;
  /** Communes of the canton with at least one QPV (a split commune counts in each of its cantons). Total row: distinct communes. */
  communesWithQpv: number;
  /** Share (0–1) of the population living in rural communes (INSEE density grid). */
  ruralPopulationShare: number;
  /** Priority territories holding most of the canton's population. */
  priorityTerritories: string[];
  /** Null on the total row. */
  priority: boolean | null;
  priorityReasons: PriorityReason[];
  target: number;
  status: 'met' | 'gap';
  gap: number;
  /** Null when the canton has no France Services counted towards the target. */
  inhabitantsPerFranceServices: number | null;
  /** Population-weighted mean straight-line distance to the nearest fixed France Services. */
  meanDistanceKm: number | null;
  maxDistanceKm: number | null;
  /** Percentages (0–100) of the population within 5, 10 and 15 km (straight line). */
  populationWithin5KmPct: number | null;
  populationWithin10KmPct: number | null;
  populationWithin15KmPct: number | null;
  /** Percentages (0–100) of the population within 10, 20 and 30 minutes by car on the road graph; null without one. */
  populationWithin10MinPct: number | null;
  populationWithin20MinPct: number | null;
  populationWithin30MinPct: number | null;
  /** Population-weighted mean and largest drive time (minutes, one decimal) over the people with a time; null without a road graph. */
  meanDriveMinutes: number | null;
  maxDriveMinutes: number | null;
  /** Adultes-relais posts of the latest year, each territory's whole posts apportioned to its cantons by population; null when not loaded. */
  healthMediatorPosts: number | null;
  /** Counts of the other layers by layer id; null when the layer has no data. */
  layerCounts: Record<string, number | null>;
}

/** The table and everything needed to state how it was made. */
export interface CoverageTable {
  departement: { code: string; name: string };
  rule: CoverageRule;
  rows: CoverageRow[];
  total: CoverageRow;
  /** Ordered ids and titles of the counted layers (columns after the fixed ones). */
  countedLayers: { id: string; title: string; hasData: boolean }[];
  healthMediatorYear: string | null;
  method: CoverageMethod;
  sources: readonly CoverageSource[];
  /** Set when a scenario (hypothetical, moved or closed France Services) is applied: flagged in every export. */
  scenario?: CoverageScenarioInfo;
}

/** Facts about how the figures were computed, for the method text. */
export interface CoverageMethod {
  distanceFrom: 'population-grid' | 'commune-centroids';
  populationGridVintage: string | null;
  /** Population cells (or centroids) outside every canton polygon, assigned to the canton of the nearest commune. */
  cellsAssignedByNearestCommune: number;
  /**
   * Split communes and their shares per canton: `by` the population grid (cells whose centre lies in each
   * fraction; `cells` per fraction) or, with no grid or no cell in the commune, by area (`cells` null).
   */
  splitCommunes: {
    code: string;
    name: string;
    by: 'population-grid' | 'area';
    shares: { cantonCode: string; share: number; population: number; areaShare: number; cells: number | null }[];
  }[];
  /** Sites placed by point-in-polygon (commune split or unknown), and sites outside every canton (not counted). */
  sitesByPolygon: number;
  sitesOutside: { layer: string; id: string }[];
  fixedFranceServicesForDistance: number;
  nearbyFranceServicesForDistance: number;
  /** How the drive-time columns were measured; null (or absent, in a base made before them) when no road graph is loaded. */
  driveTime?: DriveTimeMethod | null;
}
