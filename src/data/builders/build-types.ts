import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { SourceDescription } from '../sources/source-description.ts';
import type { Reporter } from '../report.ts';
import type { DepartementCoverageConfig, LayerManifest, SourceUse } from '../bundle/bundle-types.ts';
import { layerFileOf } from '../../layers/layer-registry.ts';
import type { LayerDefinition } from '../../layers/layer-types.ts';
import type { RoadGraph } from '../../core/roads/road-graph.ts';
import type { RoadNetworkInfo } from '../../core/roads/road-network-info.ts';
import type { RoadsManifest } from '../roads/roads-manifest.ts';

export type { LayerManifest, SourceUse };

/** One raw file as found by the CLI (or a test): its path for messages, and its bytes. */
export interface RawFile {
  /** Path as declared in the source mapping, with placeholders filled (relative to the raw folder). */
  path: string;
  /** Where it was found, for messages. */
  location: string;
  bytes: Uint8Array;
  /**
   * When set, the parsed content is kept here and shared by every later read with the same columns:
   * for a national file read by each of many départements (`coverage --national`). Readers never modify it.
   */
  parsed?: Map<string, unknown>;
}

/** Reference data from the npm package @etalab/decoupage-administratif. */
export interface AdminReference {
  version: string;
  communes: RefCommune[];
  epci: RefEpci[];
  arrondissements: RefArrondissement[];
  departements: { code: string; nom: string; region: string }[];
}
export interface RefCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  arrondissement?: string;
  population?: number;
  codesPostaux?: string[];
  anciensCodes?: string[];
  chefLieu?: string;
  /** The commune of an arrondissement municipal (Paris, Lyon, Marseille). */
  commune?: string;
}
export interface RefEpci {
  code: string;
  nom: string;
  type: string;
  populationMunicipale?: number;
  membres: { code: string; nom: string; populationMunicipale?: number }[];
}
export interface RefArrondissement {
  code: string;
  nom: string;
  departement: string;
}

/** Département settings from data/departements/<code>.json. */
export interface DepartementConfig {
  code: string;
  name: string;
  extent: [number, number, number, number];
  neighbourBufferKm: number;
  coverage: DepartementCoverageConfig;
  priorityTerritories: { id: string; name: string; epci: string[]; communes: string[]; why: string; seedRefs?: string[] }[];
  seed: string | null;
}

export interface BuiltLayer {
  manifest: LayerManifest;
  data: FeatureCollection<Geometry | null> | FeatureCollection;
}

export type AnyFeature = Feature<Geometry, Record<string, unknown>>;

/** Everything a layer builder can read. */
export interface BuildInputs {
  dept: DepartementConfig;
  deptSlug: string;
  sources: Map<string, SourceDescription>;
  /** Raw files per source id, in the order of the source's `files` (absent optional sources: empty list). */
  files: Map<string, RawFile[]>;
  reference: AdminReference;
  reporter(layer: string, source: string): Reporter;
  /**
   * The road graph kept from the previous bundle (the `data` build carries it over), for the
   * drive-time zones; absent or null: the zones have no data.
   */
  roads?: { graph: RoadGraph; info: RoadNetworkInfo; manifest?: RoadsManifest } | null;
}

/** Builds a SourceUse from a description and counts. */
export function sourceUse(
  desc: SourceDescription,
  files: RawFile[] | string[],
  counts: { read: number; kept: number; rejected: number },
  notes?: string[],
): SourceUse {
  return {
    id: desc.id,
    title: desc.title,
    producer: desc.producer,
    licence: desc.licence,
    attribution: desc.attribution,
    vintage: desc.vintage,
    files: files.map((f) => (typeof f === 'string' ? f : f.path)),
    rows_read: counts.read,
    rows_kept: counts.kept,
    rows_rejected: counts.rejected,
    ...(notes?.length ? { notes } : {}),
  };
}

/** The first fields of a layer's manifest entry, from its registry entry: id, title and file name. */
export function layerHead(layer: LayerDefinition): Pick<LayerManifest, 'id' | 'title' | 'file'> {
  return { id: layer.id, title: layer.title, file: layerFileOf(layer) };
}
