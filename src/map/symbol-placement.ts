import { now as mapLibreNow, type Map as MapLibreMap } from 'maplibre-gl';

/** What `placeNewSymbolsOnce` reads of MapLibre's style: internals, each checked before use. */
interface PlacementInternals {
  _updatePlacement: (...args: unknown[]) => boolean;
  pauseablePlacement?: { isDone?: () => boolean; placement?: unknown };
  placement?: { stale?: unknown; hasTransitions?: (now: number) => boolean };
}

/** The styles already wrapped: MapLibre makes a new one when it restores a lost WebGL context. */
const wrapped = new WeakSet<object>();

function placementInternals(map: MapLibreMap): PlacementInternals | null {
  const style = (map as unknown as { style?: Partial<PlacementInternals> | null }).style;
  return style && typeof style._updatePlacement === 'function' ? (style as PlacementInternals) : null;
}

function wrap(style: PlacementInternals, now: () => number): void {
  if (wrapped.has(style)) return;
  wrapped.add(style);
  const update = style._updatePlacement;
  style._updatePlacement = function (this: PlacementInternals, ...args: unknown[]): boolean {
    const before = this.pauseablePlacement;
    const redraw = update.apply(this, args);
    const begun = this.pauseablePlacement;
    const placement = this.placement;
    if (!begun || begun === before || typeof begun.isDone !== 'function' || typeof placement?.hasTransitions !== 'function') return redraw;
    if (!begun.isDone() || placement !== begun.placement || placement.stale !== true) return redraw;
    placement.stale = false;
    // what MapLibre returns for a placement done and not stale: a redraw only while names fade
    return placement.hasTransitions(now());
  };
}

/**
 * Spares the map a second placement of its names after the frame that took in new tiles of names.
 *
 * MapLibre places the names (symbol collisions) at the end of each frame (`Style#_updatePlacement`).
 * When the frame brings new tiles of names, it marks that placement stale whatever happened, "since
 * the placement gets split over multiple frames it is possible these buckets were processed before
 * they were changed", and a stale placement asks for another frame that places everything again.
 * A placement begun and finished in the same frame was made with those tiles: the next frame draws
 * the same image. With a fade of 0, MapLibre places everything at once in every frame: until the map
 * is first idle (its fade is 0 then), and afterwards too in this app, whose names do not fade
 * (`fadeDuration: 0`, src/map/map-controller.ts). With a fade, it begins a placement only once the
 * last one is done, older than the fade, and something changed, and spreads it over frames when it
 * exceeds its 2 ms budget.
 * In the first view the second placement's frame came after the GPU work of the one that draws every
 * layer (its GL programs compiled, about 300 ms without a GPU), so the map settled that much later
 * (docs/benchmarks.md, "Map idle", tenth round).
 *
 * So such a placement is not marked stale; one paused across frames, or new names arriving while no
 * placement is begun, still are, as MapLibre does. This reaches into MapLibre's internals, each
 * checked before use: when they are not as expected (a MapLibre upgrade), MapLibre's own answer is
 * kept, and a map whose style lacks them is left as it is (returns false). A style MapLibre makes
 * anew (on a restored WebGL context) is wrapped when it loads.
 * `tests/unit/symbol-placement.test.ts` checks the cases and that MapLibre's method still has only
 * the two reasons to mark a placement stale this relies on; `tests/e2e/suites/smoke.suite.ts`
 * checks, on the real map, that the names of the first view, and of a layer ticked afterwards, are
 * placed and the map idle in the frame that draws them.
 */
export function placeNewSymbolsOnce(map: MapLibreMap, now: () => number = mapLibreNow): boolean {
  const style = placementInternals(map);
  if (!style) return false;
  wrap(style, now);
  map.on('style.load', () => {
    const current = placementInternals(map);
    if (current) wrap(current, now);
  });
  return true;
}
