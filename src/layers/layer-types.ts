import type { LayerData, LayerManifest } from '../data/bundle/bundle-types.ts';
import type { JsonProps } from './feature-props.ts';

/**
 * The shape of one entry of the layer registry (src/layers/layer-registry.ts): everything the
 * app says and does about a layer, as data. Each layer has one module (src/layers/<id>.ts)
 * exporting its entry; the map, the legend, the list view, the details panel, the nearest
 * search, the coverage input, the importer and the builders read it instead of naming the layer.
 */

export type LegendSymbol = 'point' | 'ring' | 'area' | 'outline' | 'dashed' | 'grid' | 'cluster';
export type LegendGroup = 'services' | 'territories' | 'context';

/** How a layer reads in the legend; the map uses the same colour. */
export interface LayerLegend {
  group: LegendGroup;
  colour: string;
  symbol: LegendSymbol;
  /** Secondary entries shown under the layer (e.g. fixed sites vs buses). */
  variants?: readonly { label: string; colour: string; symbol: LegendSymbol }[];
}

/** A MapLibre expression as plain JSON (the registry does not depend on maplibre-gl). */
export type JsonExpression = readonly unknown[];

/**
 * How a layer is drawn: one of the map's style kinds (src/map/layers/layer-catalog.ts) and its
 * parameters. Colours default to the legend colour.
 */
export type LayerStyle =
  /** Discs for fixed sites, rings for buses (`kind: 'bus'`). */
  | { kind: 'france-services'; radius: number }
  /** One disc per point. Radii in pixels at zoom 9. */
  | { kind: 'points'; radius: number; opacity?: number; strokeColour?: string; strokeWidth?: number }
  /** Dense points grouped into numbered clusters at low zoom (a clustered source). */
  | { kind: 'clustered-points'; radius: number; strokeWidth?: number }
  /** Population cells, shaded by population. */
  | { kind: 'population-grid' }
  /** Areas coloured per class by feature state (`choropleth` below gives the classes). */
  | { kind: 'choropleth'; opacity: number; lineColour: string; filter?: JsonExpression; sortKey?: JsonExpression }
  /** Areas as a translucent fill and/or an outline; `filter` narrows the features drawn. */
  | {
      kind: 'areas';
      filter?: JsonExpression;
      fill?: { colour?: string; opacity: number };
      outline?: AreaOutlineParams;
    }
  /** Areas that can be clicked and hovered (an invisible fill) with a dashed outline that thickens when selected. */
  | { kind: 'selectable-areas'; outline: { width: number; dash: readonly number[] } }
  /** Lines for context: outlines of areas and line features alike (borders, coastlines). */
  | { kind: 'context-lines'; outline: AreaOutlineParams };

export interface AreaOutlineParams {
  colour?: string;
  /** Line width in pixels at zoom 9. */
  width: number;
  opacity?: number;
  dash?: readonly number[];
}

/**
 * Stacking rank of each style layer of a layer (higher draws above). Bands, bottom to top:
 * 0 the online basemap · 100–199 area fills and choropleths (100–109: context under the
 * département's white fill) · 200–299 grids, click targets, outlines and the planner's
 * choropleth (210, 250) · 300 imported or unknown layers · 400–499 sites · 500–599 names ·
 * 600+ "Trouver un service".
 */
export interface LayerZRanks {
  /** The style layer named like the layer (points, grid). */
  main?: number;
  fill?: number;
  line?: number;
  /** Invisible click target (`--hit`). */
  hit?: number;
  /** Cluster discs and their counts (`--cluster`, `--cluster-count`: rank + 1). */
  cluster?: number;
  /** Area names (`--label`). */
  label?: number;
}

/** Names of areas written on the map, with the zooms they show at. */
export interface AreaLabelParams {
  minzoom: number;
  maxzoom?: number;
  /** Text size in pixels at `minzoom`, and at zoom 14. */
  size: [number, number];
  colour: string;
  bold?: boolean;
  uppercase?: boolean;
}

/** A property a layer can be filtered on, with French labels for its values. */
export interface FilterField {
  field: string;
  /** French title of the group of checkboxes. */
  label: string;
  /** French label of each known value; other values are shown as they are. */
  valueLabels?: Record<string, string>;
  /** Said under the checkboxes when some features have no value for the field. */
  missingNote?: string;
}

/** One column of the list view (the table alternative to the map). */
export interface ListColumn {
  label: string;
  value(p: JsonProps): string;
  numeric?: boolean;
  /** The value is a phone number (written as a tel: link). */
  phone?: boolean;
}

/** What the list view shows of a layer: columns after the name, or one sentence when features have no name. */
export interface LayerList {
  /** Areas (named by code and population) rather than sites. */
  area?: boolean;
  columns?(features: readonly { properties: JsonProps | null }[]): ListColumn[];
  /** A summary in place of the table (features without names, like grid cells). */
  summary?(features: readonly { properties: JsonProps | null }[]): string;
}

/** Sections of the details panel that only some layers have. */
export interface LayerDetails {
  /** Opening hours per day (a table). */
  hours?: boolean;
  /** Whether an appointment is needed. */
  appointment?: boolean;
  /** The canton's row of the planner's coverage table. */
  cantonCoverage?: boolean;
  /** French labels of the layer's `kind` values. */
  kindLabels?: Record<string, string>;
}

/** One class of a choropleth legend. */
export interface ChoroplethClass {
  colour: string;
  /** French label, e.g. "3 à 8 postes", "18,5 % ou plus", "aucun poste". */
  label: string;
  /** Features in this class for the values shown now. */
  count: number;
}

export interface Choropleth {
  /** Which figure is shown, in French (e.g. "Postes adultes-relais financés en 2025"). */
  title: string;
  classes: ChoroplethClass[];
  /** Class index (into `classes`) per feature id; features without a value are absent. */
  classOf: ReadonlyMap<string, number>;
  /** Colour per class index, for the map. */
  colours: readonly string[];
  /** What the legend counts per class (default: territoire / territoires). */
  unit?: { one: string; many: string };
}

/** A layer drawn as classes set on the map as feature state. */
export interface LayerChoropleth {
  /** Years the figure exists for, ascending (a year selector when more than one); absent: one figure. */
  years?(layer: LayerManifest | undefined, data: LayerData | undefined): number[];
  /** The classes for the data (and the year, for a yearly figure). */
  build(data: LayerData, year: number | null): Choropleth;
}

/** A layer computed from another layer's data, with no file of its own. */
export interface DerivedFrom {
  /** The base layer. */
  from: string;
  /** The base layer's features this layer draws. */
  keep(p: JsonProps): boolean;
  /** Ids of the base layer's sources it cites. */
  sourceIds: readonly string[];
  caveats: readonly string[];
}

/** The role of a layer in the planner's coverage table (src/data/coverage/coverage-input.ts). */
export interface LayerCoverage {
  /** Required: no table without it; optional: used when present; counted: an optional point layer counted per canton (a column). */
  role: 'required' | 'optional' | 'counted';
  /** Order of the layer's sources in the table's metadata (and of counted columns). */
  order: number;
}

/** What a user may import into the layer (the Importer tab, the CLI's `validate`). */
export interface LayerImport {
  /** French title of the target in the import form. */
  title: string;
  /** What the layer is for, in French. */
  description: string;
  /** Import fields (src/data/import/import-fields.ts): point sites or areas. */
  geometry: 'point' | 'area';
  /** Formats accepted, as the bundle manifest lists them for a layer without open data. */
  accepts?: readonly string[];
}

/** The layer's group in "Trouver un service". */
export interface LayerNearest {
  /** Group id (the CLI's `nearest --layer` value); layers of one group are searched together. */
  group: string;
  /** On the group's first layer: its French title and its rank among the groups. */
  title?: string;
  order?: number;
}

export interface LayerDefinition {
  /** Layer id: file name, URL and CLI value (lower case and hyphens). */
  id: string;
  /** French title (the manifest's, or the derived layer's). */
  title: string;
  legend: LayerLegend;
  defaultVisible: boolean;
  style: LayerStyle;
  zRank: LayerZRanks;
  labels?: AreaLabelParams;
  /**
   * Drawn from this zoom only; its data is fetched when the view first reaches it (or when a panel
   * needs it: the commune search, the planner). Keeps the first view light (docs/benchmarks.md).
   */
  minzoom?: number;
  filters?: readonly FilterField[];
  list?: LayerList;
  details?: LayerDetails;
  nearest?: LayerNearest;
  coverage?: LayerCoverage;
  import?: LayerImport;
  /** Ids of the sources (data/sources/<id>.json) the builder reads for this layer. */
  sourceIds: readonly string[];
  derived?: DerivedFrom;
  choropleth?: LayerChoropleth;
  /** Said under « aucune donnée chargée » when the layer has no data: how to get some (French, for the département `dept`). */
  noData?: { howTo(dept: string): string };
}
