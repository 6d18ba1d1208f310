import type { Feature, Geometry } from 'geojson';
import type { AppState, LayerData, LayerFilter, LayerManifest } from './app-state.ts';
import { LAYERS, layerDef } from '../layers/layer-registry.ts';
import { selectLayerData } from './imported-layers.ts';
import type { Choropleth } from '../layers/layer-types.ts';

/**
 * What the legend and the map show of each layer beyond its raw data: filters and their
 * counts, derived layers (rural communes, illectronisme), choropleth classes. Pure selectors,
 * memoised on the data and the options, so React and the map controller get stable results.
 */

type Props = Record<string, unknown>;
type AnyFeature = Feature<Geometry | null, Props>;

// ───────────────────────────── filters ─────────────────────────────

function valuesOf(props: Props, field: string): string[] {
  const v = props[field];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined && x !== '').map(String);
  return v === null || v === undefined || v === '' ? [] : [String(v)];
}

/**
 * True when a feature's properties pass the filter: for every filtered property, its value
 * (or one element of a list) is among the values kept. `skipField` leaves one property out
 * (to count the options of that property, faceted-search style).
 */
export function passesLayerFilter(props: Props | null | undefined, filter: LayerFilter | undefined, skipField?: string): boolean {
  if (!filter) return true;
  for (const [field, kept] of Object.entries(filter)) {
    if (field === skipField || kept.length === 0) continue;
    if (!valuesOf(props ?? {}, field).some((v) => kept.includes(v))) return false;
  }
  return true;
}

/** True when the filter keeps some values (an absent or empty filter keeps everything). */
export function isFilterActive(filter: LayerFilter | undefined): boolean {
  return !!filter && Object.values(filter).some((v) => v.length > 0);
}

const filteredCache = new WeakMap<object, { filter: LayerFilter | undefined; result: LayerData }>();

/** The data of a layer with its filter applied (the same object when nothing is filtered). */
export function selectFilteredLayerData(state: AppState, id: string): LayerData | undefined {
  const data = selectLayerData(state)[id];
  if (!data) return undefined;
  const filter = state.layerFilters[id];
  if (!isFilterActive(filter)) return data;
  const cached = filteredCache.get(data);
  if (cached && cached.filter === filter) return cached.result;
  const result: LayerData = { ...data, features: data.features.filter((f) => passesLayerFilter(f.properties, filter)) };
  filteredCache.set(data, { filter, result });
  return result;
}

/** One checkbox of a filter: the value, its label, and how many features it would show. */
export interface FacetOption {
  value: string;
  label: string;
  /** Features having this value among those passing the other properties' filters. */
  count: number;
  checked: boolean;
}

export interface Facet {
  field: string;
  label: string;
  options: FacetOption[];
  /** Features (passing the other filters) with no value for this property, and what to say about them. */
  missing: { count: number; note: string } | null;
}

export interface LayerFacets {
  facets: Facet[];
  /** Features passing the whole filter, and in all. */
  shown: number;
  total: number;
  active: boolean;
}

const facetsCache = new WeakMap<object, { filter: LayerFilter | undefined; result: LayerFacets }>();

/**
 * The filter checkboxes of a layer with their counts (faceted: each option counts the features
 * it would show given the other properties' filters), most frequent first. Null when the layer
 * has no filters or is not loaded.
 */
export function selectLayerFacets(state: AppState, id: string): LayerFacets | null {
  const fields = layerDef(id)?.filters;
  const data = state.layerData[id];
  if (!fields || !data) return null;
  const filter = state.layerFilters[id];
  const cached = facetsCache.get(data);
  if (cached && cached.filter === filter) return cached.result;
  const features = data.features as AnyFeature[];
  const facets = fields.map((f): Facet => {
    const counts = new Map<string, number>();
    let missing = 0;
    for (const feature of features) {
      const props = feature.properties ?? {};
      if (!passesLayerFilter(props, filter, f.field)) continue;
      const values = new Set(valuesOf(props, f.field));
      if (values.size === 0) missing++;
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const kept = filter?.[f.field] ?? [];
    for (const v of kept) if (!counts.has(v)) counts.set(v, 0);
    const options = [...counts]
      .map(([value, count]) => ({ value, count, label: f.valueLabels?.[value] ?? value, checked: kept.includes(value) }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'fr'));
    return {
      field: f.field,
      label: f.label,
      options,
      missing: missing > 0 && f.missingNote ? { count: missing, note: f.missingNote } : null,
    };
  });
  const shown = features.reduce((n, feature) => n + (passesLayerFilter(feature.properties, filter) ? 1 : 0), 0);
  const result = { facets, shown, total: features.length, active: isFilterActive(filter) };
  facetsCache.set(data, { filter, result });
  return result;
}

// ───────────────────────────── layer information (manifest or derived) ─────────────────────────────

/** What the legend says of a layer: its manifest entry, or one made for a derived layer. */
export interface LayerInfo {
  id: string;
  title: string;
  status: LayerManifest['status'];
  /** Number of features; null while a derived layer's base is not loaded. */
  features: number | null;
  sources: LayerManifest['sources'];
  caveats: readonly string[];
  accepts?: readonly string[];
  stats?: LayerManifest['stats'];
}

/** Features a derived layer draws from its base layer's data. */
export function derivedFeatureFilter(id: string): ((props: Props) => boolean) | null {
  return layerDef(id)?.derived?.keep ?? null;
}

const legendIdsCache = new WeakMap<object, string[]>();
const NO_IDS: string[] = [];

/**
 * Layer ids of the legend: the manifest's layers (known ones in legend order, then the others)
 * with the derived layers whose base layer is in the manifest. Memoised per manifest.
 * (`selectLayerIds` in store.ts lists the manifest's layers only, each with a file.)
 */
export function selectLegendLayerIds(state: AppState): string[] {
  const manifest = state.manifest;
  if (!manifest) return NO_IDS;
  let ids = legendIdsCache.get(manifest);
  if (!ids) {
    const present = Object.keys(manifest.layers);
    const known = LAYERS.filter((l) => present.includes(l.derived?.from ?? l.id)).map((l) => l.id);
    ids = [...known, ...present.filter((id) => !known.includes(id))];
    legendIdsCache.set(manifest, ids);
  }
  return ids;
}

const infoCache = new WeakMap<object, Map<string, { data: LayerData | undefined; info: LayerInfo }>>();

/** Legend information of a layer (manifest entry, or derived from its base layer); undefined if absent. */
export function selectLayerInfo(state: AppState, id: string): LayerInfo | undefined {
  const manifest = state.manifest;
  if (!manifest) return undefined;
  const own = manifest.layers[id];
  if (own) return own;
  const def = layerDef(id);
  const derived = def?.derived;
  const base = derived ? manifest.layers[derived.from] : undefined;
  if (!def || !derived || !base) return undefined;
  const data = state.layerData[derived.from];
  let perManifest = infoCache.get(manifest);
  if (!perManifest) infoCache.set(manifest, (perManifest = new Map()));
  const cached = perManifest.get(id);
  if (cached && cached.data === data) return cached.info;
  const keep = derivedFeatureFilter(id);
  const info: LayerInfo = {
    id,
    title: def.title,
    status: base.status,
    features: data && keep ? data.features.filter((f) => keep(f.properties ?? {})).length : null,
    sources: base.sources.filter((s) => derived.sourceIds.includes(s.id)),
    caveats: derived.caveats,
  };
  perManifest.set(id, { data, info });
  return info;
}

// ───────────────────────────── choropleths ─────────────────────────────

const NO_YEARS: number[] = [];
const yearsCache = new WeakMap<object, { data: LayerData | undefined; years: number[] }>();

/** Years of a yearly choropleth (from its manifest entry, else its data), ascending; memoised. */
function selectChoroplethYears(state: AppState, id: string): number[] {
  const years = layerDef(id)?.choropleth?.years;
  const layer = state.manifest?.layers[id];
  const data = state.layerData[id];
  if (!years || (!layer && !data)) return NO_YEARS;
  const key: object = layer ?? data!;
  const cached = yearsCache.get(key);
  if (cached && cached.data === data) return cached.years;
  const result = years(layer, data);
  yearsCache.set(key, { data, years: result });
  return result;
}

/** The layer whose choropleth has a year selector (the adultes-relais posts). */
const YEARLY_CHOROPLETH = LAYERS.find((l) => l.choropleth?.years)?.id ?? '';

/** Years with an adultes-relais count (`posts_YYYY` in the data, or the manifest's yearly totals), ascending. */
export function selectMediatorsYears(state: AppState): number[] {
  return selectChoroplethYears(state, YEARLY_CHOROPLETH);
}

/** The year the adultes-relais choropleth shows: the chosen one if the data has it, else the latest. */
export function selectMediatorsYear(state: AppState): number | null {
  const years = selectMediatorsYears(state);
  if (state.mediatorsYear !== null && years.includes(state.mediatorsYear)) return state.mediatorsYear;
  return years.length ? years[years.length - 1] : null;
}

const choroplethCache = new WeakMap<object, Map<string, Choropleth>>();

/** The choropleth of a layer for the current options (year), or null (not a choropleth, or not loaded). */
export function selectChoropleth(state: AppState, id: string): Choropleth | null {
  const def = layerDef(id);
  const spec = def?.choropleth;
  if (!def || !spec) return null;
  // the shown data: a scenario's drive-time zones recolour the isochrones layer (selectLayerData)
  const data = selectLayerData(state)[def.derived?.from ?? id];
  let year: number | null = null;
  if (spec.years) {
    year = selectMediatorsYear(state);
    if (year === null) return null;
  }
  if (!data) return null;
  const key = `${id}:${year ?? ''}`;
  let perData = choroplethCache.get(data);
  if (!perData) choroplethCache.set(data, (perData = new Map()));
  let result = perData.get(key);
  if (!result) perData.set(key, (result = spec.build(data, year)));
  return result;
}
