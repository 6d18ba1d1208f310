/** `[lng, lat]` in WGS84 degrees (the same as coverage-types' Position; not imported, to keep the types acyclic). */
type Position = readonly [number, number];

/**
 * One change of the France Services network: `add` a hypothetical fixed site at a point
 * (`communeCode` when known, else the commune whose polygon holds the point), `move` an
 * existing site of the département to a point, `close` an existing site.
 */
export type ScenarioOperation =
  | { action: 'add'; lngLat: Position; name: string | null; communeCode?: string | null }
  | { action: 'move'; id: string; lngLat: Position }
  | { action: 'close'; id: string };

/** A named list of operations, applied in order; each existing site is moved or closed at most once. */
export interface Scenario {
  name: string | null;
  operations: readonly ScenarioOperation[];
}

/** What one operation did, for the map, the table and the exports. */
export interface ScenarioSite {
  /** Index of the operation in the scenario. */
  operation: number;
  action: ScenarioOperation['action'];
  /** The existing site's id (move, close), or the id given to the hypothetical site (`hypothetique-1`, … in order). */
  id: string;
  name: string | null;
  /** The new place (add, move); null for a closed site. */
  lngLat: Position | null;
  /** The commune of the new place (INSEE code), null when none holds it or for a closed site. */
  communeCode: string | null;
  /** The canton the site now counts in; for a closed site the canton it counted in; null outside every canton. */
  cantonCode: string | null;
  kind: 'fixed' | 'bus';
  /** True for a site at a place that does not exist today (added or moved): flagged in every export. */
  hypothetical: boolean;
}

/** Carried by a table computed with a scenario applied. */
export interface CoverageScenarioInfo {
  name: string | null;
  sites: ScenarioSite[];
}
