import { formatUrlState, parseUrlState, type UrlState } from '../state/url-state.ts';
import { LAYERS, isImportedLayerId } from '../layers/layer-registry.ts';
import { importsOfDept, isImportedLayer, isLayerVisible } from '../state/imported-layers.ts';
import type { AppState } from '../state/app-state.ts';
import type { AppStore } from '../state/store.ts';
import { defaultCoverageRule } from '../core/coverage/coverage-rule.ts';

const DEFAULT_LAYERS = LAYERS.filter((l) => l.defaultVisible).map((l) => l.id);

/** Layers shown: those the user set, and the imported layers of the département (shown unless hidden); a removed import is gone. */
function shownLayerIds(s: AppState): string[] {
  const ids = new Set([...Object.keys(s.visible), ...importsOfDept(s).map((l) => l.id)]);
  return [...ids].filter((id) => isLayerVisible(s, id) && (!isImportedLayerId(id) || isImportedLayer(s, id)));
}

function urlStateOf(s: AppState): UrlState {
  return {
    dept: s.dept,
    camera: s.camera,
    layers: shownLayerIds(s),
    selected: s.selected,
    planner: s.plannerOpen,
    plan: s.planViewOpen,
    rule: s.coverageRule,
    filter: s.coverageFilter,
    date: s.coverageDate,
    scenario: s.scenario ? { name: s.scenario.name, operations: s.scenario.operations, ignored: 0 } : null,
    layerFilters: Object.fromEntries(
      Object.entries(s.layerFilters)
        .map(
          ([layer, f]) =>
            [
              layer,
              Object.fromEntries(
                Object.entries(f)
                  .filter(([, v]) => v.length > 0)
                  .map(([k, v]) => [k, [...v]]),
              ),
            ] as const,
        )
        .filter(([, f]) => Object.keys(f).length > 0),
    ),
    mediatorsYear: s.mediatorsYear,
    basemap: s.basemap,
    embed: s.embed,
  };
}

/** Applies a parsed link to the store (at start, and on back/forward). */
export function applyUrlState(store: AppStore, url: UrlState): void {
  const s = store.getState();
  s.setEmbed(url.embed);
  if (url.layers) {
    const wanted = new Set(url.layers);
    for (const id of new Set([...Object.keys(s.visible), ...importsOfDept(s).map((l) => l.id), ...url.layers]))
      s.setLayerVisible(id, wanted.has(id));
  } else {
    for (const l of LAYERS) s.setLayerVisible(l.id, l.defaultVisible);
  }
  if (url.rule) s.setCoverageRule(url.rule);
  else if (s.manifest && s.coverageRule) s.setCoverageRule(defaultCoverageRule(s.manifest));
  s.setCoverageFilter(url.filter);
  s.setCoverageDate(url.date);
  s.setLinkScenario(url.scenario);
  for (const layer of Object.keys(s.layerFilters)) if (!url.layerFilters[layer]) s.clearLayerFilters(layer);
  for (const [layer, fields] of Object.entries(url.layerFilters)) {
    for (const [field, values] of Object.entries(fields)) s.setLayerFilter(layer, field, values);
    for (const field of Object.keys(s.layerFilters[layer] ?? {})) if (!fields[field]) s.setLayerFilter(layer, field, []);
  }
  s.setMediatorsYear(url.mediatorsYear);
  s.setBasemap(url.basemap);
  s.setPlannerOpen(url.planner);
  s.setPlanViewOpen(url.plan);
  if (url.selected) s.select(url.selected, { reveal: !url.camera });
  else s.clearSelection();
  if (url.camera) s.requestCamera(url.camera);
}

/**
 * Mirrors the store in the address bar: every discrete change (layers, selection,
 * planner, rule, filters) is a history entry, so back/forward walks through them; map
 * moves replace the current entry. Back/forward applies the entry to the store.
 * Returns an unbinder.
 */
export function bindUrlToStore(store: AppStore, win: Window = window): () => void {
  // the first write only normalises the link the page was opened with; after back/forward, the
  // entry is the one the browser moved to: both replace instead of adding an entry
  let replaceNext = true;
  let scheduled = false;
  let last = win.location.search;
  /** The last written link without its map view: a change that leaves it alone is only a map move. */
  let lastWithoutCamera: string | null = null;
  const defaults = () => {
    const m = store.getState().manifest;
    return { layers: DEFAULT_LAYERS, rule: m ? defaultCoverageRule(m) : null };
  };
  const write = () => {
    scheduled = false;
    const s = store.getState();
    if (s.manifestStatus !== 'loaded') return;
    const state = urlStateOf(s);
    const d = defaults();
    const next = formatUrlState(state, d);
    const withoutCamera = formatUrlState({ ...state, camera: null }, d);
    const onlyCamera = withoutCamera === lastWithoutCamera;
    lastWithoutCamera = withoutCamera;
    if (next === last) return;
    const href = `${win.location.pathname}${next}${win.location.hash}`;
    if (onlyCamera || replaceNext) win.history.replaceState(null, '', href);
    else win.history.pushState(null, '', href);
    replaceNext = false;
    last = next;
  };
  // one history entry per user action: the store changes of one action (e.g. opening the
  // planner also shows the cantons) are written together
  const unsubscribe = store.subscribe(() => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(write, 0);
  });
  const onPop = () => {
    last = win.location.search;
    lastWithoutCamera = null;
    replaceNext = true;
    applyUrlState(store, parseUrlState(win.location.search));
  };
  win.addEventListener('popstate', onPop);
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', onPop);
  };
}
