import type { Map as MapLibreMap } from 'maplibre-gl';

/** What `placeNewSymbolsOnce` reads of MapLibre's style: internals, checked before use. */
interface PlacementInternals {
  _updatePlacement: (...args: unknown[]) => boolean;
  pauseablePlacement?: { isDone(): boolean; placement: unknown };
  placement?: { stale: boolean; hasTransitions(now: number): boolean };
}

function placementInternals(map: MapLibreMap): PlacementInternals | null {
  const style = (map as unknown as { style?: Partial<PlacementInternals> | null }).style;
  return style && typeof style._updatePlacement === 'function' ? (style as PlacementInternals) : null;
}

/**
 * Spares the map a second placement of its names after the frame that took in new tiles of names.
 *
 * MapLibre places the names (symbol collisions) at the end of each frame (`Style#_updatePlacement`).
 * When the frame brings new tiles of names, it marks that placement stale whatever happened, "since
 * the placement gets split over multiple frames it is possible these buckets were processed before
 * they were changed", and a stale placement asks for another frame that places everything again.
 * A placement begun and finished in the same frame (always so until the map is first idle, where
 * MapLibre places everything at once, and whenever the names fit in its time budget) was made with
 * those tiles: the next frame draws the same image. In the first view that frame comes after the
 * GPU work of the one that draws every layer (its GL programs compiled, about 300 ms without a GPU),
 * so the map settled that much later (docs/benchmarks.md, "Map idle", tenth round).
 *
 * So such a placement is not marked stale; one paused across frames still is, as MapLibre does.
 * Reaches into MapLibre's internals: when they are not as expected (a MapLibre upgrade), the map is
 * left as it is and this returns false. `tests/e2e/suites/smoke.suite.ts` checks, on the real map,
 * that the first view's names are placed and the map idle in the frame that draws them.
 */
export function placeNewSymbolsOnce(map: MapLibreMap, now: () => number = () => performance.now()): boolean {
  const style = placementInternals(map);
  if (!style) return false;
  const update = style._updatePlacement;
  style._updatePlacement = function (this: PlacementInternals, ...args: unknown[]): boolean {
    const before = this.pauseablePlacement;
    const redraw = update.apply(this, args);
    const begun = this.pauseablePlacement;
    const placement = this.placement;
    const placedInOne = begun !== undefined && begun !== before && begun.isDone() && placement === begun.placement;
    if (!placedInOne || !placement?.stale) return redraw;
    placement.stale = false;
    // what MapLibre returns for a placement done and not stale: a redraw only while names fade
    return placement.hasTransitions(now());
  };
  return true;
}
