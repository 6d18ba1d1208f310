import type { GeoJSONSource, Map as MapLibreMap, MapGeoJSONFeature, MapMouseEvent, PointLike } from 'maplibre-gl';
import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import type { PlannerSiteRef } from '../../state/app-state.ts';
import type { AppStore } from '../../state/store.ts';
import { COVERAGE_FILL } from '../layers/coverage.layer.ts';
import { plannerFeatures } from './planner-features.ts';
import { PLANNER_LAYERS, PLANNER_SOURCE } from './planner-sites.layer.ts';
import { plannerInputOf } from './sync-planner-to-map.ts';

const TOLERANCE_PX = 8;
/** Pixels the pointer must travel before a press on a site becomes a drag. */
const DRAG_PX = 4;

function near(map: MapLibreMap, at: { x: number; y: number }, layers: string[], tolerance = TOLERANCE_PX): MapGeoJSONFeature | undefined {
  const present = layers.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
  if (!present.length) return undefined;
  const box: [PointLike, PointLike] = [
    [at.x - tolerance, at.y - tolerance],
    [at.x + tolerance, at.y + tolerance],
  ];
  return map.queryRenderedFeatures(box, { layers: present })[0];
}

/** The scenario's site under a point: a hypothetical one (added, or an existing site moved), else a France Services of the list. */
function siteAt(map: MapLibreMap, at: { x: number; y: number }, tolerance?: number): { ref: PlannerSiteRef; label: string } | null {
  const h = near(map, at, [PLANNER_LAYERS.hypothetical], tolerance);
  if (h) {
    const p = h.properties ?? {};
    if (typeof p.site === 'string') return { ref: { kind: 'existing', id: p.site }, label: 'le site déplacé' };
    return { ref: { kind: 'added', operation: Number(p.op) }, label: typeof p.name === 'string' ? p.name : 'le site hypothétique' };
  }
  const f = near(map, at, [FRANCE_SERVICES.id], tolerance);
  if (f?.id !== undefined)
    return { ref: { kind: 'existing', id: String(f.id) }, label: String(f.properties?.name ?? 'la France Services') };
  return null;
}

/** A visually hidden polite status in the map, for what a key press on the map did in the planner. */
function statusRegion(map: MapLibreMap): HTMLElement {
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.dataset.testid = 'planner-map-status';
  map.getContainer().append(status);
  return status;
}

/**
 * The planner's pointer and keyboard use of the map: hovering a canton shows its figures; in a
 * scenario tool a click (or Entrée on the map's centre reticle) adds, picks then moves, or closes a
 * France Services; a hypothetical site (and, with the move tool, any France Services) can be
 * dragged; Échap leaves the tool. Registered before the selection handlers (map-events.ts), which
 * skip what is handled here (the event's default is prevented). Returns an unbinder.
 */
export function bindPlannerInteractions(map: MapLibreMap, store: AppStore): () => void {
  const status = statusRegion(map);
  let drag: { ref: PlannerSiteRef; from: { x: number; y: number }; moved: boolean } | null = null;

  /** Acts at a point with the current tool; returns what happened (French), or null when the tool is off. */
  const act = (at: { x: number; y: number }, lngLat: [number, number], tolerance?: number): string | null => {
    const s = store.getState();
    switch (s.plannerTool) {
      case 'add':
        s.addScenarioSite(lngLat);
        return 'France Services hypothétique ajoutée au scénario.';
      case 'close': {
        const hit = siteAt(map, at, tolerance);
        if (!hit) return 'Aucune France Services ici.';
        if (hit.ref.kind === 'added') s.removeScenarioOperation(hit.ref.operation);
        else s.closeScenarioSite(hit.ref.id);
        return `Fermée dans le scénario : ${hit.label}.`;
      }
      case 'move': {
        if (s.plannerPick) {
          s.moveScenarioSite(s.plannerPick, lngLat);
          return 'Site déplacé.';
        }
        const hit = siteAt(map, at, tolerance);
        if (!hit) return 'Aucune France Services ici : visez un site à déplacer.';
        s.setPlannerPick(hit.ref);
        return `Choisi : ${hit.label}. Visez son nouvel emplacement, puis Entrée.`;
      }
      default:
        return null;
    }
  };

  const onClick = (e: MapMouseEvent) => {
    if (!store.getState().plannerOpen) return;
    const done = act(e.point, [e.lngLat.lng, e.lngLat.lat]);
    // a click on the planner's own sites, or with a tool, is not a selection
    if (done !== null || near(map, e.point, [PLANNER_LAYERS.hypothetical, PLANNER_LAYERS.suggestion])) e.preventDefault();
  };

  const preview = (lngLat: readonly [number, number] | null) => {
    const s = store.getState();
    const input = plannerInputOf(s, null);
    const source = map.getSource(PLANNER_SOURCE) as GeoJSONSource | undefined;
    source?.setData(plannerFeatures({ ...input, dragging: drag && lngLat ? { ref: drag.ref, lngLat } : null }));
  };

  const onDown = (e: MapMouseEvent) => {
    const s = store.getState();
    if (!s.plannerOpen || e.originalEvent.button !== 0) return;
    const hit = siteAt(map, e.point);
    // a hypothetical site can always be dragged; a site of the list only with the move tool
    if (!hit || (hit.ref.kind === 'existing' && s.plannerTool !== 'move' && !near(map, e.point, [PLANNER_LAYERS.hypothetical]))) return;
    e.preventDefault();
    drag = { ref: hit.ref, from: { x: e.point.x, y: e.point.y }, moved: false };
  };

  const onMove = (e: MapMouseEvent) => {
    const s = store.getState();
    if (!s.plannerOpen) return;
    if (drag) {
      if (!drag.moved && Math.hypot(e.point.x - drag.from.x, e.point.y - drag.from.y) < DRAG_PX) return;
      drag.moved = true;
      map.getCanvas().classList.add('is-dragging-site');
      preview([e.lngLat.lng, e.lngLat.lat]);
      return;
    }
    const canton = near(map, e.point, [COVERAGE_FILL], 0);
    s.setPlannerHover(canton?.id !== undefined ? String(canton.id) : null);
  };

  const onUp = (e: MapMouseEvent) => {
    if (!drag) return;
    const { ref, moved } = drag;
    drag = null;
    map.getCanvas().classList.remove('is-dragging-site');
    if (!moved) return; // a press without a move: the click does what the tool says
    store.getState().moveScenarioSite(ref, [e.lngLat.lng, e.lngLat.lat]);
    preview(null);
  };

  // released outside the map: the drag is dropped
  const onWindowUp = () => {
    if (!drag) return;
    drag = null;
    map.getCanvas().classList.remove('is-dragging-site');
    preview(null);
  };

  const onLeave = () => {
    if (store.getState().plannerOpen && !drag) store.getState().setPlannerHover(null);
  };

  const canvas = map.getCanvas();
  const onKeyDown = (e: KeyboardEvent) => {
    const s = store.getState();
    if (!s.plannerOpen || s.plannerTool === 'none' || e.target !== canvas) return;
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    // the selection's own Enter (map-events.ts) is not run
    e.stopImmediatePropagation();
    const centre = { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 };
    const c = map.getCenter();
    status.textContent = act(centre, [c.lng, c.lat], 14) ?? '';
  };
  const onEscape = (e: KeyboardEvent) => {
    const s = store.getState();
    if (e.key !== 'Escape' || !s.plannerOpen || s.plannerTool === 'none') return;
    if (s.plannerPick) s.setPlannerPick(null);
    else s.setPlannerTool('none');
    status.textContent = 'Outil du scénario arrêté.';
  };

  map.on('click', onClick);
  map.on('mousedown', onDown);
  map.on('mousemove', onMove);
  map.on('mouseup', onUp);
  map.on('mouseout', onLeave);
  canvas.addEventListener('keydown', onKeyDown);
  document.addEventListener('keydown', onEscape);
  window.addEventListener('mouseup', onWindowUp);
  return () => {
    window.removeEventListener('mouseup', onWindowUp);
    map.off('click', onClick);
    map.off('mousedown', onDown);
    map.off('mousemove', onMove);
    map.off('mouseup', onUp);
    map.off('mouseout', onLeave);
    canvas.removeEventListener('keydown', onKeyDown);
    document.removeEventListener('keydown', onEscape);
    status.remove();
  };
}
