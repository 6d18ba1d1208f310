import type { Map as MapLibreMap } from 'maplibre-gl';

/** When the first view is complete (`done`), and when everything asked for is drawable at once (`ready`). */
export interface FirstViewState {
  done: () => boolean;
  ready: () => boolean;
}

/**
 * While the first view loads, MapLibre redraws the whole map for every data event (a source's
 * data indexed, each tile arriving): with a dozen layers that is fifteen frames or so, each a
 * full draw, which is what made the first view with the default layers settle two to three
 * times slower than the empty map on a software-rendered browser (docs/benchmarks.md, "Map
 * idle"). Until `done()` says the first view is complete, redraws are drawn at most once every
 * `intervalMs`: the first one at once, those asked in the interval after it gathered into one at
 * its end. A camera move and a redraw asked once everything is in (`ready()`) are drawn at once.
 * Afterwards the map redraws as MapLibre asks. Returns a function that restores MapLibre's own
 * behaviour at once.
 */
export function gatherFirstViewRepaints(map: MapLibreMap, intervalMs: number, state: FirstViewState): () => void {
  // MapLibre's method lives on its prototype: restoring removes the instance's own one
  const own = Object.hasOwn(map, 'triggerRepaint') ? map.triggerRepaint : undefined;
  const repaint = map.triggerRepaint.bind(map);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  const draw = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastDrawAt = Date.now();
    repaint();
  };
  const restore = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (own) map.triggerRepaint = own;
    else delete (map as { triggerRepaint?: unknown }).triggerRepaint;
  };
  map.triggerRepaint = () => {
    if (state.done()) {
      restore();
      repaint();
      return;
    }
    const sinceLastMs = Date.now() - lastDrawAt;
    if (map.isMoving() || state.ready() || sinceLastMs >= intervalMs) {
      draw();
      return;
    }
    timer ??= setTimeout(draw, intervalMs - sinceLastMs);
  };
  return restore;
}
