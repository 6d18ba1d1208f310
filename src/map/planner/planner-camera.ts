import type { LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import { geometryBBox } from '../../core/geo/geometry-bbox.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { findFeature } from '../../state/selectors.ts';
import type { AppStore } from '../../state/store.ts';

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

const box = (b: readonly [number, number, number, number]): LngLatBoundsLike => [
  [b[0], b[1]],
  [b[2], b[3]],
];

/**
 * The planner's camera: choosing a canton (on the map or in the table) zooms to it, closing it
 * shows the whole département again; when the map's container changes size (a panel opens,
 * closes or is resized, the window too), a view that showed the whole département, or the
 * canton the planner zoomed to, is fitted again instead of being cropped. Returns an unbinder.
 */
export function bindPlannerCamera(map: MapLibreMap, store: AppStore): () => void {
  /** The canton the view was fitted to, until the user moves the map. */
  let cantonFit: readonly [number, number, number, number] | null = null;
  /** Whether the whole département was in view after the last move (before a resize changed the view). */
  let wholeInView = false;
  let resizing = false;
  let plannerClosedAt = 0;

  const extent = () => store.getState().manifest?.departement.extent ?? null;
  const fitTo = (b: readonly [number, number, number, number], padding: number, animate: boolean, maxZoom = 16) =>
    map.fitBounds(box(b), { padding, maxZoom, animate: animate && !prefersReducedMotion(), duration: 500 });

  const unsubscribe = store.subscribe((s, prev) => {
    if (prev.plannerOpen && !s.plannerOpen) plannerClosedAt = Date.now();
    if (!s.plannerOpen || s.selected === prev.selected) return;
    const feature = s.selected?.layer === CANTONS.id ? findFeature(s, s.selected) : null;
    const g = feature?.geometry;
    if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
      cantonFit = geometryBBox(g) as [number, number, number, number];
      fitTo(cantonFit, 40, true, 11.5);
    } else if (prev.selected?.layer === CANTONS.id && !s.selected) {
      cantonFit = null;
      const e = extent();
      if (e) fitTo(e, 16, true);
    }
  });

  const onMoveStart = (e: { originalEvent?: unknown }) => {
    if (e.originalEvent) cantonFit = null;
  };
  const onMoveEnd = () => {
    if (resizing) return;
    const e = extent();
    const view = map.getBounds();
    wholeInView = e !== null && view.contains([e[0], e[1]]) && view.contains([e[2], e[3]]);
  };
  const onResize = () => {
    const s = store.getState();
    if (!s.plannerOpen && Date.now() - plannerClosedAt > 2000) return;
    const target = cantonFit ?? (wholeInView ? extent() : null);
    if (!target) return;
    resizing = true;
    requestAnimationFrame(() => {
      resizing = false;
      fitTo(target, cantonFit ? 40 : 16, false, cantonFit ? 11.5 : 16);
    });
  };

  map.on('movestart', onMoveStart);
  map.on('moveend', onMoveEnd);
  map.on('resize', onResize);
  return () => {
    unsubscribe();
    map.off('movestart', onMoveStart);
    map.off('moveend', onMoveEnd);
    map.off('resize', onResize);
  };
}
