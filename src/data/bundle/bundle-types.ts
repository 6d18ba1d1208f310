import type { FeatureCollection, Geometry } from 'geojson';

/**
 * The bundle contract: what `npm run -s cli -- data` writes to `public/data/<dept>/` and what
 * every reader (the app, its workers, the CLI) reads back. The builders produce it; nobody else
 * defines it.
 */

/** One official source as used by a layer: who made it, which vintage, and the rows it gave. */
export interface SourceUse {
  id: string;
  title: string;
  producer: string;
  licence: string;
  attribution: string;
  vintage: string;
  files: string[];
  /** Rows of the source that concern the département. */
  rows_read: number;
  rows_kept: number;
  rows_rejected: number;
  notes?: string[];
}

/** One layer of the bundle as the manifest describes it. */
export interface LayerManifest {
  id: string;
  title: string;
  file: string;
  /**
   * The layer's TopoJSON copy (`<layer>.topojson`, src/data/bundle/layer-topology.ts), which the
   * app fetches instead of `file`: written for polygon layers whose copy decodes back exactly.
   */
  topology?: string;
  status: 'ok' | 'no-data';
  features: number;
  sources: SourceUse[];
  caveats: string[];
  /** Formats a user may import to fill the layer (for layers with no open data). */
  accepts?: string[];
  stats?: Record<string, number | string | Record<string, number>>;
}

/** The département's coverage rule as configured in data/departements/<code>.json. */
export interface DepartementCoverageConfig {
  target: number;
  priorityTarget: number;
  priority: { qpv: boolean; ruralPopulationShareMin: number; territories: boolean };
  ruralDensityLevels: string[];
  basis: string;
  seedRefs?: string[];
}

export interface BundleManifest {
  format: 'maillage-bundle';
  version: 1;
  departement: { code: string; name: string; extent: [number, number, number, number] };
  reference: { package: string; version: string };
  coverage: DepartementCoverageConfig;
  layers: Record<string, LayerManifest>;
  report: { entries: number; by_action: Record<string, number>; sites_drawn_outside_their_canton?: number };
}

/**
 * The manifest as the CLI writes it to `public/data/<dept>/manifest.json`:
 * the bundle manifest plus the build stamp added at write time.
 */
export type BundleManifestFile = BundleManifest & {
  built_at?: string;
  raw_folders?: string[];
  accepted_drops?: AcceptedDrops;
  /** The road graph of drive times, when one was built (`roads` command); absent: straight-line estimates only. */
  roads?: BundleRoads;
  /**
   * The département's SDAASP action plan, copied into the bundle by the build from the seed that
   * `data/departements/<code>.json` names; null: the département has none. Absent: a bundle built
   * before plans were copied (rebuild it).
   */
  plan?: BundlePlanEntry | null;
  /** What a `data --update` build changed against the bundle it replaced (`changes.json`, src/data/bundle/bundle-changes.ts); absent: a plain build. */
  changes?: BundleChangesEntry | null;
  /**
   * The national comparison (`national.json`: every metropolitan département's figures from
   * `coverage --national`, this one's neighbours, ranks and quartiles); null or absent: none was built.
   */
  national?: BundleNationalEntry | null;
};

/** The manifest's entry for `changes.json` (src/data/bundle/bundle-changes.ts): where the report is and which bundle it compares with. */
export interface BundleChangesEntry {
  file: string;
  previous_built_at: string | null;
  updated_at: string;
}

/** Where the bundle holds its national comparison (read with `readBundleNational`). */
export interface BundleNationalEntry {
  /** File of the bundle folder (`national.json`). */
  file: string;
  /** When the national summary it comes from was computed (ISO). */
  built_at: string;
}

/** Where the bundle holds the SDAASP plan (read with `readBundlePlan`, checked by `parsePlanSeed`). */
export interface BundlePlanEntry {
  /** File of the bundle folder (`plan.json`): the seed's JSON as checked at build time. */
  file: string;
  /** Where the build read it, relative to the project (`seeds/sdaasp-59-actions.json`). */
  seed: string;
}

/**
 * The road graph kept with the bundle (docs/drive-time.md): written by `roads --file F`, carried
 * over by the next `data` build of the same département, read by the app's worker and the CLI
 * through `readBundleRoads` (src/data/bundle/read-bundle-roads.ts).
 */
export interface BundleRoads {
  /** File of the graph (`roads.bin`, versioned binary). */
  graph: string;
  /** File of its own manifest (`roads.json`: counts, speeds, connector, coverage), checked before use. */
  manifest: string;
  /** Size of the graph file, bytes (a truncated copy is refused). */
  bytes: number;
  nodes: number;
  edges: number;
  /** The road file the user brought: its name, its date (last modification, ISO) and format. */
  source: { file: string; modified: string | null; format: string };
  /** When the graph was built (ISO). */
  built_at: string;
  /** Set by a `data` build that carried the graph over from the previous bundle: that bundle's `built_at`. */
  carried_over_from?: string | null;
}

/** A layer that keeps fewer rows of a source than the previous bundle did. */
export interface RowDrop {
  layer: string;
  source: string;
  previous: number;
  now: number;
  drop_percent: number;
}

/** Falls in rows a person confirmed with `data --accept-drop`, against the bundle built at `previous_built_at`. */
export interface AcceptedDrops {
  accepted_at: string;
  previous_built_at: string | null;
  drops: RowDrop[];
}

/** GeoJSON of one layer as written by the CLI (properties are plain JSON). */
export type LayerData = FeatureCollection<Geometry | null, Record<string, unknown>>;
