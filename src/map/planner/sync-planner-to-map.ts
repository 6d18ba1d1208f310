import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { CANTONS } from '../../layers/cantons.ts';
import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import { FRANCE_SERVICES_NEARBY } from '../../layers/france-services-nearby.ts';
import type { AppState } from '../../state/app-state.ts';
import { sourceIdOf, styleLayersFor } from '../layers/layer-catalog.ts';
import { beforeIdFor } from '../sync-layer-extras.ts';
import { plannerFeatures, type PlannerFeatureInput } from './planner-features.ts';
import { PLANNER_SOURCE, plannerSiteLayers } from './planner-sites.layer.ts';

/** What the planner last applied to the map. */
export interface AppliedPlanner {
  input: PlannerFeatureInput | null;
  shown: boolean | null;
  /** The canton whose figures are shown (feature state `focus` on the cantons source). */
  focus: { code: string; source: unknown } | null;
}

export function emptyAppliedPlanner(): AppliedPlanner {
  return { input: null, shown: null, focus: null };
}

/** The feature properties `franceServicesFilter` reads (the map keeps them: src/map/layers/map-properties.ts). */
export const PLANNER_FILTER_PROPERTIES = ['labelled_on', 'id'] as const;

/** The France Services layers drawn on the map, filtered by labelling date and by the scenario in the planner. */
const DATED_LAYERS = [FRANCE_SERVICES.id, FRANCE_SERVICES_NEARBY.id];

/**
 * The filter of a France Services style layer in the planner: its own filter, and the sites labelled
 * on or before the day shown (a site with no date counts from the list's date), and not closed or
 * moved away by the scenario (drawn by the planner's layer instead). Outside the planner: its own.
 */
export function franceServicesFilter(layerId: string, state: AppState): FilterSpecification | null {
  const own = (styleLayersFor(layerId)[0] as { filter?: FilterSpecification }).filter ?? null;
  if (!state.plannerOpen) return own;
  const parts: ExpressionSpecification[] = [];
  const listDate = state.coverageTimeline?.listDate;
  if (state.coverageDate !== null && listDate)
    parts.push(['<=', ['coalesce', ['get', 'labelled_on'], listDate], state.coverageDate] as ExpressionSpecification);
  const gone = state.coverageDate === null ? (state.scenario?.operations ?? []).flatMap((op) => (op.action === 'add' ? [] : [op.id])) : [];
  if (layerId === FRANCE_SERVICES.id && gone.length) parts.push(['!', ['in', ['to-string', ['get', 'id']], ['literal', gone]]]);
  if (parts.length === 0) return own;
  return ['all', ...(own ? [own as ExpressionSpecification] : []), ...parts] as FilterSpecification;
}

/** The planner's layer input for the state; the same object while nothing it draws changed. */
export function plannerInputOf(state: AppState, previous: PlannerFeatureInput | null): PlannerFeatureInput {
  const scenarioShown = state.plannerOpen && state.coverageDate === null;
  const next: PlannerFeatureInput = {
    operations: scenarioShown ? (state.scenario?.operations ?? null) : null,
    franceServices: state.layerData[FRANCE_SERVICES.id],
    suggestions: state.plannerOpen ? state.suggestion.result : null,
    pick: state.plannerOpen ? state.plannerPick : null,
    dragging: null,
  };
  const same =
    previous &&
    previous.operations === next.operations &&
    previous.franceServices === next.franceServices &&
    previous.suggestions === next.suggestions &&
    previous.pick === next.pick;
  return same ? previous : next;
}

/**
 * Applies the planner to the map: its own source and style layers (the scenario's sites, the
 * suggestions), the France Services filter (date, scenario), and the focused canton. Minimal
 * calls, like the rest of the controller; returns true when it changed the map.
 */
export function syncPlannerToMap(map: MapLibreMap, state: AppState, applied: AppliedPlanner): boolean {
  let changed = false;
  if (!map.getSource(PLANNER_SOURCE)) {
    map.addSource(PLANNER_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    applied.input = null;
    applied.shown = null;
  }
  for (const spec of plannerSiteLayers()) {
    if (map.getLayer(spec.id)) continue;
    map.addLayer({ ...spec, layout: { ...(spec.layout ?? {}), visibility: 'none' } } as LayerSpecification, beforeIdFor(map, spec.id));
    applied.shown = null;
  }
  const input = plannerInputOf(state, applied.input);
  if (input !== applied.input) {
    (map.getSource(PLANNER_SOURCE) as GeoJSONSource).setData(plannerFeatures(input));
    applied.input = input;
    changed = true;
  }
  if (applied.shown !== state.plannerOpen) {
    for (const spec of plannerSiteLayers()) map.setLayoutProperty(spec.id, 'visibility', state.plannerOpen ? 'visible' : 'none');
    applied.shown = state.plannerOpen;
    changed = true;
  }
  for (const id of DATED_LAYERS) {
    if (!map.getLayer(id)) continue;
    const filter = franceServicesFilter(id, state);
    if (JSON.stringify(map.getFilter(id) ?? null) !== JSON.stringify(filter)) {
      map.setFilter(id, filter);
      changed = true;
    }
  }
  if (syncFocus(map, state, applied)) changed = true;
  return changed;
}

/** The canton hovered or focused in the planner: outlined on the map (feature state `focus`). */
function syncFocus(map: MapLibreMap, state: AppState, applied: AppliedPlanner): boolean {
  const source = sourceIdOf(CANTONS.id);
  const sourceObject = map.getSource(source);
  const code = state.plannerOpen ? state.plannerHover : null;
  const current = applied.focus;
  if (current?.code === code && current?.source === sourceObject) return false;
  if (!sourceObject) {
    applied.focus = null;
    return false;
  }
  if (current && current.source === sourceObject) map.setFeatureState({ source, id: current.code }, { focus: false });
  if (code) map.setFeatureState({ source, id: code }, { focus: true });
  applied.focus = code ? { code, source: sourceObject } : null;
  return true;
}
