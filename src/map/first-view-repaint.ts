import type { Map as MapLibreMap, MapSourceDataEvent } from 'maplibre-gl';

/**
 * When the first view is complete (`done`), and when everything asked for is drawable at once
 * (`ready`); `released` is called once MapLibre has its own redraws back (what only `ready` needed can stop).
 */
export interface FirstViewState {
  done: () => boolean;
  ready: () => boolean;
  released?: () => void;
}

/**
 * How far apart the gathered redraws are: `costFactor` times what the last redraw took (from being
 * asked for to MapLibre's `render` event), within [`minIntervalMs`, `maxIntervalMs`]. On a GPU a
 * redraw takes a few milliseconds and the interval is the minimum; where each one costs a tenth of
 * a second or more (software rendering, a slow phone, a busy machine), redraws are spaced so that
 * they take at most about 1 / `costFactor` of the time the data takes to arrive.
 */
export interface RepaintPacing {
  minIntervalMs: number;
  maxIntervalMs: number;
  costFactor: number;
}

/**
 * While the first view loads, MapLibre redraws the whole map for every data event (a source's
 * data indexed, each tile arriving): with a dozen layers that is fifteen frames or so, each a
 * full draw, which is what made the first view with the default layers settle two to three
 * times slower than the empty map on a software-rendered browser (docs/benchmarks.md, "Map
 * idle"). Until `done()` says the first view is complete, redraws are gathered (`RepaintPacing`):
 * those asked in the interval after the last one drawn are gathered into one at its end. The map's
 * first frame is gathered too, its interval counted from the map's creation. Drawn at once, it drew
 * the empty background, hidden under the page's loading notice (src/ui/MapView.tsx) until the map is
 * idle, and held the page while the département's files arrived: in software its GL programs and
 * the copy of the canvas take a fifth of a second, and the files waited that long to be read and
 * handed to the map's worker (docs/benchmarks.md, "Map idle", ninth round).
 * A camera move and a redraw asked once everything is in (`ready()`) are drawn at once.
 * Each redraw asked is decided in a microtask, after what asked for it is over: MapLibre asks for
 * one as each tile a frame requests is created, while that frame is being drawn and before the
 * next tile is in its list, so `ready()` answered then for a frame that had not yet asked for
 * everything, and a second frame, drawing nothing new, followed at once (one frame in six of the
 * first view; docs/benchmarks.md, "Map idle", eighth round). Several asked in one task make one
 * decision. Afterwards the map redraws as MapLibre asks. Returns a function that restores
 * MapLibre's own behaviour at once.
 */
export function gatherFirstViewRepaints(
  map: MapLibreMap,
  pacing: RepaintPacing,
  state: FirstViewState,
  now: () => number = () => performance.now(),
): () => void {
  // MapLibre's method lives on its prototype: restoring removes the instance's own one
  const own = Object.hasOwn(map, 'triggerRepaint') ? map.triggerRepaint : undefined;
  const repaint = map.triggerRepaint.bind(map);
  let timer: ReturnType<typeof setTimeout> | null = null;
  // as if a frame had just been drawn: the first one waits for `ready()` or the interval
  let lastDrawAt = now();
  let askedAt: number | null = null;
  let intervalMs = pacing.minIntervalMs;
  const onRender = () => {
    if (askedAt === null) return;
    const costMs = now() - askedAt;
    askedAt = null;
    intervalMs = Math.min(pacing.maxIntervalMs, Math.max(pacing.minIntervalMs, pacing.costFactor * costMs));
  };
  map.on('render', onRender);
  const draw = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    lastDrawAt = now();
    askedAt ??= lastDrawAt;
    repaint();
  };
  let released = false;
  let deciding = false;
  /** Gives MapLibre its redraws back; true if a redraw was waiting (gathered, or not yet decided). */
  const handBack = (): boolean => {
    const waiting = timer !== null || deciding;
    if (!released) {
      released = true;
      state.released?.();
    }
    if (timer !== null) clearTimeout(timer);
    timer = null;
    map.off('render', onRender);
    if (own) map.triggerRepaint = own;
    else delete (map as { triggerRepaint?: unknown }).triggerRepaint;
    return waiting;
  };
  // a redraw waiting when the pacing is restored goes to MapLibre (on a removed map it does nothing)
  const restore = () => {
    if (handBack()) repaint();
  };
  const decide = () => {
    deciding = false;
    // restored meanwhile: `restore` has handed this redraw to MapLibre
    if (released) return;
    if (state.done()) {
      handBack();
      repaint();
      return;
    }
    const sinceLastMs = now() - lastDrawAt;
    if (map.isMoving() || state.ready() || sinceLastMs >= intervalMs) {
      draw();
      return;
    }
    timer ??= setTimeout(draw, intervalMs - sinceLastMs);
  };
  map.triggerRepaint = () => {
    if (deciding) return;
    deciding = true;
    queueMicrotask(decide);
  };
  return restore;
}

/** The sources being indexed, as `trackUnindexedSources` follows them. */
export interface UnindexedSources {
  readonly size: number;
  has(sourceId: string): boolean;
  stop(): void;
}

/**
 * Follows the sources whose data the map's worker is indexing: from the moment their data is
 * given (MapLibre's `sourcedataloading`, on `addSource` and `setData`) until the worker has it
 * (`sourcedata` of type `metadata`), the update is abandoned (`sourcedataabort`), it fails (`error`
 * naming the source) or the source is removed.
 * Until then, a redraw draws nothing new for them: the frame that matters is the one after, which
 * asks for their tiles.
 */
export function trackUnindexedSources(map: MapLibreMap): UnindexedSources {
  const ids = new Set<string>();
  const forget = (id: unknown) => {
    if (typeof id === 'string') ids.delete(id);
  };
  // a tile's loading or abort (`e.tile`) is not the source's data
  const listeners: [string, (e: MapSourceDataEvent) => void][] = [
    ['sourcedataloading', (e) => (e.tile || !e.sourceId ? undefined : ids.add(e.sourceId))],
    ['sourcedata', (e) => (e.sourceDataType === 'metadata' ? forget(e.sourceId) : undefined)],
    ['sourcedataabort', (e) => (e.tile ? undefined : forget(e.sourceId))],
    ['error', (e) => forget(e.sourceId)],
    ['styledata', () => [...ids].filter((id) => !map.getSource(id)).forEach(forget)],
  ];
  for (const [type, listener] of listeners) map.on(type as 'sourcedata', listener);
  return {
    get size() {
      return ids.size;
    },
    has: (id) => ids.has(id),
    stop() {
      for (const [type, listener] of listeners) map.off(type as 'sourcedata', listener);
      ids.clear();
    },
  };
}
