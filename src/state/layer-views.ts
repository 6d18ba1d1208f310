import type { Feature, Geometry } from 'geojson';
import { classIndexOf, quantileBreaks } from '../core/classify/quantile-breaks.ts';
import type { AppState, LayerData, LayerFilter, LayerManifest } from './app-state.ts';
import { COLORBREWER, LAYER_LEGEND, legendFor } from './slices/view.slice.ts';

/**
 * What the legend and the map show of each layer beyond its raw data: filters and their
 * counts, derived layers (rural communes, illectronisme), choropleth classes. Pure selectors,
 * memoised on the data and the options, so React and the map controller get stable results.
 */

type Props = Record<string, unknown>;
type AnyFeature = Feature<Geometry | null, Props>;

// ───────────────────────────── filters ─────────────────────────────

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

/** The filters offered per layer (values are read from the data). */
export const LAYER_FILTER_FIELDS: Readonly<Record<string, readonly FilterField[]>> = {
  'digital-inclusion': [
    {
      field: 'labels',
      label: 'Dispositif national',
      valueLabels: { CNFS: 'Conseillers numériques', 'France Services': 'France Services', 'Aidants Connect': 'Aidants Connect' },
    },
    { field: 'services', label: 'Service proposé', missingNote: 'sans service renseigné (masqués dès qu’un service est coché)' },
  ],
  'first-reception': [
    {
      field: 'kind',
      label: 'Nature du lieu',
      valueLabels: {
        mediatheque: 'Bibliothèque, médiathèque',
        'tiers-lieu': 'Tiers-lieu',
        administration: 'Administration, collectivité',
        association: 'Association',
        'france-travail': 'France Travail (ex-Pôle emploi)',
        'centre-social': 'Centre social',
        'securite-sociale': 'Sécurité sociale (CAF, CPAM, CARSAT, MSA…)',
        'maison-de-quartier': 'Maison de quartier',
        'mairie-ccas': 'Mairie, CCAS',
        'organisme-formation': 'Organisme de formation',
        intercommunalite: 'Intercommunalité',
        autre: 'Autre',
      },
    },
  ],
};

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
  const data = state.layerData[id];
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
  const fields = LAYER_FILTER_FIELDS[id];
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
  switch (id) {
    case 'rural-communes':
      return (p) => p.rural === true;
    case 'illectronisme':
      return (p) => typeof p.illectronisme_rate_pct === 'number';
    default:
      return null;
  }
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
    const known = LAYER_LEGEND.filter((l) => present.includes(l.derived?.from ?? l.id)).map((l) => l.id);
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
  const derived = legendFor(id).derived;
  const base = derived ? manifest.layers[derived.from] : undefined;
  if (!derived || !base) return undefined;
  const data = state.layerData[derived.from];
  let perManifest = infoCache.get(manifest);
  if (!perManifest) infoCache.set(manifest, (perManifest = new Map()));
  const cached = perManifest.get(id);
  if (cached && cached.data === data) return cached.info;
  const keep = derivedFeatureFilter(id);
  const info: LayerInfo = {
    id,
    title: derived.title,
    status: base.status,
    features: data && keep ? data.features.filter((f) => keep(f.properties ?? {})).length : null,
    sources: base.sources.filter((s) => derived.sourceIds.includes(s.id)),
    caveats: derived.caveats,
  };
  perManifest.set(id, { data, info });
  return info;
}

// ───────────────────────────── choropleths ─────────────────────────────

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
}

const formatNumber = (v: number, digits: number) => v.toLocaleString('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: digits });

function featureKey(p: Props): string | null {
  const id = p.id ?? p.code;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function rampFor(scheme: keyof typeof COLORBREWER, n: number): readonly string[] {
  const ramps = COLORBREWER[scheme] as Record<number, readonly string[]>;
  if (ramps[n]) return ramps[n];
  return n < 2 ? ramps[2].slice(-1) : ramps[5];
}

/** Years with an adultes-relais count (`posts_YYYY` in the data, or the manifest's yearly totals), ascending. */
export function selectMediatorsYears(state: AppState): number[] {
  const stats = state.manifest?.layers['health-mediators']?.stats?.posts_by_year;
  const key = stats && typeof stats === 'object' ? Object.keys(stats).join(',') : '';
  const data = state.layerData['health-mediators'];
  const cached = key ? yearsCache.get(key) : data ? yearsOfDataCache.get(data) : NO_YEARS;
  if (cached) return cached;
  let years: number[];
  if (key) years = key.split(',').map(Number);
  else {
    const set = new Set<number>();
    for (const f of data!.features)
      for (const k of Object.keys(f.properties ?? {})) if (/^posts_\d{4}$/.test(k)) set.add(Number(k.slice(6)));
    years = [...set];
  }
  years = years.filter((y) => Number.isInteger(y)).sort((a, b) => a - b);
  if (key) yearsCache.set(key, years);
  else yearsOfDataCache.set(data!, years);
  return years;
}
const NO_YEARS: number[] = [];
const yearsOfDataCache = new WeakMap<object, number[]>();
const yearsCache = new Map<string, number[]>();

/** The year the adultes-relais choropleth shows: the chosen one if the data has it, else the latest. */
export function selectMediatorsYear(state: AppState): number | null {
  const years = selectMediatorsYears(state);
  if (state.mediatorsYear !== null && years.includes(state.mediatorsYear)) return state.mediatorsYear;
  return years.length ? years[years.length - 1] : null;
}

/**
 * Adultes-relais posts per territory for `year`: class 0 is "no post"; the other classes
 * are quantiles of every positive yearly count of every year, so a colour means the same
 * number of posts whatever the year chosen.
 */
export function mediatorsChoropleth(data: LayerData, year: number): Choropleth {
  const features = data.features as AnyFeature[];
  const all: number[] = [];
  for (const f of features)
    for (const [k, v] of Object.entries(f.properties ?? {})) if (/^posts_\d{4}$/.test(k) && typeof v === 'number' && v > 0) all.push(v);
  const breaks = quantileBreaks(all, 4, 1);
  const colours = ['#d9d9d9', ...rampFor('puBu', breaks.length + 1)];
  const classOf = new Map<string, number>();
  const counts = colours.map(() => 0);
  for (const f of features) {
    const p = f.properties ?? {};
    const key = featureKey(p);
    const v = p[`posts_${year}`];
    if (key === null || typeof v !== 'number' || !Number.isFinite(v)) continue;
    const cls = v <= 0 ? 0 : 1 + classIndexOf(v, breaks);
    classOf.set(key, cls);
    counts[cls]++;
  }
  const posts = (n: number) => `${formatNumber(n, 0)} poste${n > 1 ? 's' : ''}`;
  const bounds = [all.length ? Math.min(...all) : 1, ...breaks];
  const labels = [
    'aucun poste',
    ...bounds.map((lo, i) => {
      const next = bounds[i + 1];
      if (next === undefined) return `${posts(lo)} ou plus`;
      return next - 1 <= lo ? posts(lo) : `${formatNumber(lo, 0)} à ${posts(next - 1)}`;
    }),
  ];
  return {
    title: `Postes adultes-relais financés en ${year}`,
    classes: colours.map((colour, i) => ({ colour, label: labels[i], count: counts[i] })),
    classOf,
    colours,
  };
}

/** Illectronisme rate per EPCI (%): quantile classes rounded to half a point. */
export function illectronismeChoropleth(data: LayerData): Choropleth {
  const features = data.features as AnyFeature[];
  const rates = features
    .map((f) => f.properties?.illectronisme_rate_pct)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const breaks = quantileBreaks(rates, 5, 0.5);
  const colours = rampFor('purples', breaks.length + 1);
  const classOf = new Map<string, number>();
  const counts = colours.map(() => 0);
  for (const f of features) {
    const p = f.properties ?? {};
    const key = featureKey(p);
    const v = p.illectronisme_rate_pct;
    if (key === null || typeof v !== 'number' || !Number.isFinite(v)) continue;
    const cls = classIndexOf(v, breaks);
    classOf.set(key, cls);
    counts[cls]++;
  }
  const pct = (v: number) => `${formatNumber(v, 1)} %`;
  const labels = colours.map((_, i) => {
    if (breaks.length === 0) return rates.length ? `${pct(Math.min(...rates))} à ${pct(Math.max(...rates))}` : '';
    if (i === 0) return `moins de ${pct(breaks[0])}`;
    if (i === breaks.length) return `${pct(breaks[i - 1])} ou plus`;
    return `${formatNumber(breaks[i - 1], 1)} à moins de ${pct(breaks[i])}`;
  });
  return {
    title: 'Part des personnes en situation d’illectronisme',
    classes: colours.map((colour, i) => ({ colour, label: labels[i], count: counts[i] })),
    classOf,
    colours,
  };
}

const choroplethCache = new WeakMap<object, Map<string, Choropleth>>();

/** The choropleth of a layer for the current options (year), or null (not a choropleth, or not loaded). */
export function selectChoropleth(state: AppState, id: string): Choropleth | null {
  let data: LayerData | undefined;
  let key: string;
  let build: (d: LayerData) => Choropleth;
  if (id === 'health-mediators') {
    data = state.layerData['health-mediators'];
    const year = selectMediatorsYear(state);
    if (year === null) return null;
    key = `${id}:${year}`;
    build = (d) => mediatorsChoropleth(d, year);
  } else if (id === 'illectronisme') {
    data = state.layerData.epci;
    key = id;
    build = illectronismeChoropleth;
  } else return null;
  if (!data) return null;
  let perData = choroplethCache.get(data);
  if (!perData) choroplethCache.set(data, (perData = new Map()));
  let result = perData.get(key);
  if (!result) perData.set(key, (result = build(data)));
  return result;
}

/** Layers drawn as a choropleth (classes set on the map as feature state). */
export const CHOROPLETH_LAYERS: readonly string[] = ['health-mediators', 'illectronisme'];
