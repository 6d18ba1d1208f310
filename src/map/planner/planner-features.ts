import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { ScenarioOperation } from '../../core/coverage/scenario-types.ts';
import type { SuggestionResult } from '../../core/planning/suggest-placements.ts';
import type { LayerData, PlannerSiteRef } from '../../state/app-state.ts';

/** What the planner's map layer draws from. */
export interface PlannerFeatureInput {
  /** The active scenario's operations (drawn at once, before the worker's outcome), or null. */
  operations: readonly ScenarioOperation[] | null;
  /** The bundle's France Services (where an existing site is). */
  franceServices: LayerData | undefined;
  suggestions: SuggestionResult | null;
  pick: PlannerSiteRef | null;
  /** A site being dragged, drawn where the pointer is. */
  dragging: { ref: PlannerSiteRef; lngLat: readonly [number, number] } | null;
}

type Props = { role: string; [key: string]: string | number | null };
const point = (lngLat: readonly [number, number], properties: Props): Feature<Geometry, Props> => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lngLat[0], lngLat[1]] },
  properties,
});

/** Where each existing France Services is, by id. */
function positions(data: LayerData | undefined): Map<string, [number, number]> {
  const at = new Map<string, [number, number]>();
  for (const f of data?.features ?? []) {
    const id = f.properties?.id;
    if (f.geometry?.type === 'Point' && (typeof id === 'string' || typeof id === 'number')) {
      const [lng, lat] = f.geometry.coordinates;
      at.set(String(id), [lng, lat]);
    }
  }
  return at;
}

const sameRef = (a: PlannerSiteRef | null, b: PlannerSiteRef) =>
  a !== null && a.kind === b.kind && (a.kind === 'existing' ? a.id === (b as typeof a).id : a.operation === (b as typeof a).operation);

/**
 * The planner's sites as GeoJSON (`role`: hypothetical, removed, path, suggestion, pick): an added
 * site where the scenario puts it; a moved site at its new place, its old place marked removed and
 * a path between; a closed site marked removed; each suggestion with its rank; a ring around the
 * site picked to be moved. A hypothetical feature carries its operation index (`op`), an existing
 * site's mark its id (`site`). Pure.
 */
export function plannerFeatures(input: PlannerFeatureInput): FeatureCollection<Geometry, Props> {
  const features: Feature<Geometry, Props>[] = [];
  const at = positions(input.franceServices);
  const dragged = (ref: PlannerSiteRef, lngLat: readonly [number, number]) =>
    input.dragging && sameRef(input.dragging.ref, ref) ? input.dragging.lngLat : lngLat;
  (input.operations ?? []).forEach((op, i) => {
    if (op.action === 'add') {
      features.push(point(dragged({ kind: 'added', operation: i }, op.lngLat), { role: 'hypothetical', op: i, name: op.name }));
      return;
    }
    const old = at.get(op.id);
    if (old) features.push(point(old, { role: 'removed', site: op.id }));
    if (op.action === 'move') {
      const to = dragged({ kind: 'existing', id: op.id }, op.lngLat);
      if (old)
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [old, [to[0], to[1]]] },
          properties: { role: 'path' },
        });
      features.push(point(to, { role: 'hypothetical', op: i, site: op.id, name: null }));
    }
  });
  // an existing site dragged for the first time: drawn hypothetical where the pointer is
  const d = input.dragging;
  if (
    d &&
    d.ref.kind === 'existing' &&
    !(input.operations ?? []).some((op) => op.action !== 'add' && op.id === (d.ref as { id: string }).id)
  ) {
    const old = at.get(d.ref.id);
    if (old) features.push(point(old, { role: 'removed', site: d.ref.id }));
    features.push(point(d.lngLat, { role: 'hypothetical', op: -1, site: d.ref.id, name: null }));
  }
  for (const s of input.suggestions?.suggestions ?? [])
    features.push(point([s.lon, s.lat], { role: 'suggestion', rank: s.rank, name: s.name }));
  const pick = input.pick;
  if (pick) {
    const op =
      pick.kind === 'added' ? input.operations?.[pick.operation] : input.operations?.find((o) => o.action === 'move' && o.id === pick.id);
    const where = op && op.action !== 'close' ? op.lngLat : pick.kind === 'existing' ? at.get(pick.id) : null;
    if (where) features.push(point(where, { role: 'pick' }));
  }
  return { type: 'FeatureCollection', features };
}
