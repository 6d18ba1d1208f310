import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * While the first view loads, MapLibre redraws the whole map for every data event (a source's
 * data indexed, each tile arriving): with a dozen layers that is fifteen frames or so, each a
 * full draw, which is what made the first view with the default layers settle two to three
 * times slower than the empty map on a software-rendered browser (docs/benchmarks.md, "Map
 * idle"). Until `done()` says the first view is complete, redraws asked while data is still
 * loading are gathered into one every `intervalMs`; a camera move and the frame that finds
 * everything loaded are drawn at once. Afterwards the map redraws as MapLibre asks.
 * Returns a function that restores MapLibre's own behaviour at once.
 */
export function gatherFirstViewRepaints(map: MapLibreMap, intervalMs: number, done: () => boolean): () => void {
  // MapLibre's method lives on its prototype: restoring removes the instance's own one
  const own = Object.hasOwn(map, 'triggerRepaint') ? map.triggerRepaint : undefined;
  const repaint = map.triggerRepaint.bind(map);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const restore = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (own) map.triggerRepaint = own;
    else delete (map as { triggerRepaint?: unknown }).triggerRepaint;
  };
  map.triggerRepaint = () => {
    if (done()) {
      restore();
      repaint();
      return;
    }
    if (map.isMoving() || map.loaded()) {
      repaint();
      return;
    }
    timer ??= setTimeout(() => {
      timer = null;
      repaint();
    }, intervalMs);
  };
  return restore;
}
