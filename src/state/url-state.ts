import { ruleFromUrl, ruleToUrl } from '../core/coverage/coverage-rule.ts';
import type { CoverageRule } from '../core/coverage/coverage-types.ts';
import { isIsoDay } from '../core/timeline/as-of-date.ts';
import { layerDef } from '../layers/layer-registry.ts';
import { MAX_LINK_OPERATIONS, operationToLink, scenarioFromLink, type LinkScenario } from './scenario-link.ts';

/**
 * What a shared link carries: the view, the visible layers, the selection, the
 * planner and its rule and filters, and the embed mode. Pure: parsed from and written
 * to a query string, so it can be tested without a browser.
 *
 * `?dept=59&carte=9.2/50.4812/3.1234&couches=france-services,qpv&sel=france-services:345
 *  &vue=planifier&regle=1-2-bus-qpv-rural50-terr&filtre=prioritaires,ecarts,sans-fs&date=2021-06-30
 *  &scenario=Plan+2027&op=add:3.15,50.68:59163&op=close:346
 *  &f.digital-inclusion.labels=Aidants+Connect&annee=2023&fond=ign&embed=1`
 *
 * `vue=couverture` (the former planner tab) opens the planner view too.
 */
export interface UrlState {
  dept: string | null;
  camera: { lng: number; lat: number; zoom: number } | null;
  /** Visible layer ids; null: the defaults. */
  layers: string[] | null;
  selected: { layer: string; id: string } | null;
  /** The planner's workspace (`vue=planifier`). */
  planner: boolean;
  /** The Plan view (`vue=plan`): the SDAASP's actions against what the open data measure. */
  plan: boolean;
  rule: CoverageRule | null;
  filter: { priorityOnly: boolean; gapsOnly: boolean; withoutOnly: boolean };
  /** The network as of a day (`date=YYYY-MM-DD`, a real day; the app checks it against the list's date); null: the list's date. */
  date: string | null;
  /** The planner's scenario (`scenario=<name>`, `op=…` repeated: src/state/scenario-link.ts). */
  scenario: LinkScenario | null;
  /** Map filters per layer and property (values kept); `f.<layer>.<property>=value`, repeated. */
  layerFilters: Record<string, Record<string, string[]>>;
  /** Year of the adultes-relais map; null: the latest. */
  mediatorsYear: number | null;
  /** Online basemap on. */
  basemap: boolean;
  embed: boolean;
}

export const EMPTY_URL_STATE: UrlState = {
  dept: null,
  camera: null,
  layers: null,
  selected: null,
  planner: false,
  plan: false,
  rule: null,
  filter: { priorityOnly: false, gapsOnly: false, withoutOnly: false },
  date: null,
  scenario: null,
  layerFilters: {},
  mediatorsYear: null,
  basemap: false,
  embed: false,
};

/** Bounds on what a link may carry (a link is untrusted input). */
const MAX_FILTER_VALUES = 50;
const MAX_FILTER_VALUE_LENGTH = 200;
const FILTER_KEY = /^f\.([a-z0-9][a-z0-9-]{0,63})\.([a-z_]{1,32})$/;

const LAYER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Any printable id (official ids hold spaces, `#`, accents…), up to 128 characters; it only ever selects a loaded feature. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ids with control characters are refused
const FEATURE_ID = /^[^\u0000-\u001f\u007f]{1,128}$/u;

function parseCamera(v: string | null): UrlState['camera'] {
  if (!v) return null;
  const m = /^(\d{1,2}(?:\.\d+)?)\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/.exec(v);
  if (!m) return null;
  const [zoom, lat, lng] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (zoom < 0 || zoom > 22 || Math.abs(lat) > 85 || Math.abs(lng) > 180) return null;
  return { lng, lat, zoom };
}

/** Reads a query string; anything malformed is ignored (a bad link opens the default view, never an error). */
export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const dept = q.get('dept')?.trim().toUpperCase() ?? null;
  const layers = q.get('couches');
  const sel = q.get('sel');
  const selMatch = sel ? /^([a-z0-9-]+):(.+)$/.exec(sel) : null;
  const filter = new Set((q.get('filtre') ?? '').split(','));
  const layerFilters: UrlState['layerFilters'] = {};
  let values = 0;
  for (const key of new Set(q.keys())) {
    const m = FILTER_KEY.exec(key);
    // only the filters the app offers (a link must not hide a layer with a filter no control can undo)
    if (!m || !layerDef(m[1])?.filters?.some((f) => f.field === m[2])) continue;
    const kept = q
      .getAll(key)
      .filter((v) => v !== '' && v.length <= MAX_FILTER_VALUE_LENGTH)
      .slice(0, MAX_FILTER_VALUES - values);
    if (kept.length === 0) continue;
    values += kept.length;
    (layerFilters[m[1]] ??= {})[m[2]] = kept;
  }
  const year = q.get('annee');
  const date = q.get('date');
  return {
    layerFilters,
    mediatorsYear: year && /^(19|20)\d\d$/.test(year) ? Number(year) : null,
    basemap: q.get('fond') === 'ign',
    dept: dept && /^(\d{2}|2A|2B|97\d)$/.test(dept) ? dept : null,
    camera: parseCamera(q.get('carte')),
    layers: layers === null ? null : layers.split(',').filter((id) => LAYER_ID.test(id)),
    selected: selMatch && LAYER_ID.test(selMatch[1]) && FEATURE_ID.test(selMatch[2]) ? { layer: selMatch[1], id: selMatch[2] } : null,
    planner: q.get('vue') === 'planifier' || q.get('vue') === 'couverture',
    plan: q.get('vue') === 'plan',
    rule: ruleFromUrl(q.get('regle')),
    filter: { priorityOnly: filter.has('prioritaires'), gapsOnly: filter.has('ecarts'), withoutOnly: filter.has('sans-fs') },
    date: date && isIsoDay(date) ? date : null,
    scenario: scenarioFromLink(q.get('scenario'), q.getAll('op')),
    embed: q.get('embed') === '1',
  };
}

/**
 * Writes the state as a query string, leaving out what equals the defaults
 * (`defaultLayers`, `defaultRule`) so that links stay short. Coordinates are rounded
 * to about a metre.
 */
export function formatUrlState(state: UrlState, defaults: { layers: readonly string[]; rule: CoverageRule | null }): string {
  const q = new URLSearchParams();
  if (state.dept) q.set('dept', state.dept);
  if (state.camera)
    q.set('carte', `${Math.round(state.camera.zoom * 100) / 100}/${state.camera.lat.toFixed(5)}/${state.camera.lng.toFixed(5)}`);
  if (state.layers) {
    const sorted = [...state.layers].sort();
    const same = sorted.length === defaults.layers.length && [...defaults.layers].sort().every((id, i) => id === sorted[i]);
    if (!same) q.set('couches', state.layers.join(','));
  }
  if (state.selected) q.set('sel', `${state.selected.layer}:${state.selected.id}`);
  if (state.planner) q.set('vue', 'planifier');
  // the Plan view is shown in place of the map: it is the view of the link
  if (state.plan) q.set('vue', 'plan');
  if (state.rule && (!defaults.rule || ruleToUrl(state.rule) !== ruleToUrl(defaults.rule))) q.set('regle', ruleToUrl(state.rule));
  const filters = [
    ...(state.filter.priorityOnly ? ['prioritaires'] : []),
    ...(state.filter.gapsOnly ? ['ecarts'] : []),
    ...(state.filter.withoutOnly ? ['sans-fs'] : []),
  ];
  if (filters.length) q.set('filtre', filters.join(','));
  if (state.date) q.set('date', state.date);
  if (state.scenario) {
    q.set('scenario', state.scenario.name);
    // a link carries at most MAX_LINK_OPERATIONS operations (the planner says so for a longer scenario)
    for (const op of state.scenario.operations.slice(0, MAX_LINK_OPERATIONS)) q.append('op', operationToLink(op));
  }
  for (const layer of Object.keys(state.layerFilters).sort()) {
    for (const field of Object.keys(state.layerFilters[layer]).sort()) {
      for (const v of state.layerFilters[layer][field]) q.append(`f.${layer}.${field}`, v);
    }
  }
  if (state.mediatorsYear !== null) q.set('annee', String(state.mediatorsYear));
  if (state.basemap) q.set('fond', 'ign');
  if (state.embed) q.set('embed', '1');
  const s = q.toString().replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':');
  return s ? `?${s}` : '';
}
