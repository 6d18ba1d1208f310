import type { Feature, Geometry } from 'geojson';
import type { LocationPrecision } from '../core/nearest/location-precision.ts';

/**
 * Typed access to feature properties. Bundle layers are plain JSON once written: each layer
 * module declares the interface of its features' properties, builders produce objects that
 * satisfy it, and readers (details panel, list view, nearest search, coverage input) read
 * through {@link readProps}, whose keys are checked against that interface by the compiler.
 */

/** Properties as read from a file: any JSON value under any key. */
export type JsonProps = Readonly<Record<string, unknown>>;

export type AnyFeature = Feature<Geometry | null, Record<string, unknown>>;

/** The keys of a properties interface (string keys only). */
export type PropKey<P> = Extract<keyof P, string>;

/** Typed readers over one feature's properties: each returns null when the value is absent or of another type. */
export interface PropsReader<P> {
  /** Trimmed text, numbers as text; null when absent or empty. */
  text(key: PropKey<P>): string | null;
  /** A finite number. */
  number(key: PropKey<P>): number | null;
  /** `true` or `false`. */
  bool(key: PropKey<P>): boolean | null;
  /** A list of texts (non-text elements left out); empty when absent. */
  texts(key: PropKey<P>): string[];
  /** The raw value, for structured fields (hours, sources). */
  raw(key: PropKey<P>): unknown;
  /** The raw JSON properties (for keys made at run time, like `posts_2024`). */
  readonly json: JsonProps;
}

/** Reads the properties of a feature of a layer whose properties interface is `P`. */
export function readProps<P>(properties: JsonProps | null | undefined): PropsReader<P> {
  const json: JsonProps = properties ?? {};
  return {
    json,
    text(key) {
      const v = json[key];
      if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
      if (typeof v === 'number') return String(v);
      return null;
    },
    number(key) {
      const v = json[key];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    },
    bool(key) {
      const v = json[key];
      return typeof v === 'boolean' ? v : null;
    },
    texts(key) {
      const v = json[key];
      return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
    },
    raw(key) {
      return json[key];
    },
  };
}

/**
 * Properties every point site of a service layer carries (bundle layers and imports): what
 * the details panel, the list view and "Trouver un service" show of any site.
 */
export interface SiteProperties {
  /** The source's own id (stable; the map's feature id). */
  id: string;
  /** Layer id of the site. */
  layer?: string;
  name: string;
  /** Kind of site within the layer (labels: the layers' `details.kindLabels`). */
  kind?: string | null;
  nature?: string | null;
  address?: string | null;
  postcode?: string | null;
  commune_name?: string | null;
  commune_code?: string | null;
  canton_code?: string | null;
  canton_method?: 'cog' | 'polygon' | null;
  epci_code?: string | null;
  phone?: string | null;
  mail?: string | null;
  website?: string | null;
  comment?: string | null;
  /** Placed at its commune's centre (no usable coordinates). */
  approximate?: boolean;
  /**
   * How well the point says where the place is: `exact` (its own address or coordinates) or
   * `commune` (only its commune is known: the point is the commune's centre). Written by the
   * build on every site of the service layers; absent on imports and older bundles.
   */
  location_precision?: LocationPrecision;
  /** Id of the source (data/sources/<id>.json) the site comes from. */
  source?: string;
}

/**
 * One record of a place as a source lists it. The build merges the records of one place listed
 * by several sources (or twice by one) into one site, and lists them all in its `sources`.
 */
export interface PlaceSourceRecord {
  /** Source id (data/sources/<id>.json). */
  source: string;
  /** The source's title, as in the manifest. */
  source_title: string;
  /** The record's own id (the site's `id` for the record that stands for the place). */
  id: string;
  /** The name this record gives the place. */
  name: string;
  /** The record's kind within the layer (e.g. `conseillers-numeriques-2021`). */
  kind: string | null;
  /** For a lieu de médiation numérique: the directory the aggregated list took the record from. */
  via?: string | null;
  /** Conseillers numériques counts of the record (kept per record for the plan's facts). */
  advisors?: number | null;
  advisors_attributed?: number | null;
  advisors_recruited?: number | null;
}

/** Properties of administrative areas and zones (communes, cantons, EPCI, territories). */
export interface AreaProperties {
  code: string;
  name: string;
  population?: number | null;
  population_in_departement?: number | null;
  communes?: number;
}

/**
 * The union of the fields the generic panels read of any feature (details panel, list view):
 * sites, areas and zones. Each layer's properties interface is a subset of it.
 */
export interface DisplayProperties extends SiteProperties, Omit<AreaProperties, 'communes'> {
  communes?: number | string;
  qpv_names?: string;
  qpv_count?: number;
  /** France Services: weekly opening hours, parsed per day. */
  hours?: unknown;
  appointment?: boolean | null;
  labelled_on?: string | null;
  services?: string[];
  /** Every record of the place, when several were merged into one site. */
  sources?: PlaceSourceRecord[];
  dept?: string;
  opening_hours_osm?: string | null;
  rural?: boolean | null;
  illectronisme_rate_pct?: number | null;
  territory_type?: 'commune' | 'epci';
  latest_year?: string;
  in_departement?: 0 | 1;
}

/** The stable id of a feature: `properties.id` for sites and zones, `properties.code` for administrative areas. */
export function featureIdOf(feature: { properties: JsonProps | null }): string | null {
  const p = feature.properties ?? {};
  const id = p.id ?? p.code;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}
