import type { Map as MapLibreMap } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatherFirstViewRepaints, trackUnindexedSources, type RepaintPacing } from '../../src/map/first-view-repaint.ts';

/** A stand-in map: counts the redraws MapLibre's own triggerRepaint would ask for, and lets a test fire `render`. */
function fakeMap() {
  const state = { draws: 0, moving: false, ready: false, done: false };
  const listeners = new Set<() => void>();
  const map = {
    triggerRepaint() {
      state.draws++;
    },
    isMoving: () => state.moving,
    on(type: string, listener: () => void) {
      if (type === 'render') listeners.add(listener);
    },
    off(type: string, listener: () => void) {
      if (type === 'render') listeners.delete(listener);
    },
    /** MapLibre's `render` event: the frame asked for is drawn. */
    render() {
      for (const l of listeners) l();
    },
    listeners,
  };
  const view = { done: () => state.done, ready: () => state.ready };
  return { map, state, view };
}

/** A fixed interval of 400 ms whatever a redraw costs. */
const FIXED: RepaintPacing = { minIntervalMs: 400, maxIntervalMs: 400, costFactor: 8 };
const PACED: RepaintPacing = { minIntervalMs: 400, maxIntervalMs: 2000, costFactor: 8 };

afterEach(() => vi.useRealTimers());

/** Lets the redraws asked so far be decided (each is decided in a microtask, after what asked for it). */
const decided = () => Promise.resolve();

function gather(map: ReturnType<typeof fakeMap>['map'], pacing: RepaintPacing, view: ReturnType<typeof fakeMap>['view']) {
  return gatherFirstViewRepaints(map as unknown as MapLibreMap, pacing, view, () => Date.now());
}

/** Gathers, then lets the first interval pass (counted from the map's creation): the next redraw asked is drawn at once. */
function gatherLater(map: ReturnType<typeof fakeMap>['map'], pacing: RepaintPacing, view: ReturnType<typeof fakeMap>['view']) {
  const restore = gather(map, pacing, view);
  vi.advanceTimersByTime(pacing.minIntervalMs);
  return restore;
}

describe('redraws of the first view', () => {
  it('gathers the first frame until everything is in, or until the interval after the map was made is over', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gather(map, FIXED, view);
    // the style is there, the département's files are not: the empty background is not drawn yet
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(0);
    vi.advanceTimersByTime(399);
    expect(state.draws).toBe(0);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(1);

    // everything in before the interval is over: drawn at once, and only once
    const quick = fakeMap();
    gather(quick.map, FIXED, quick.view);
    quick.map.triggerRepaint();
    await decided();
    vi.advanceTimersByTime(100);
    quick.state.ready = true;
    quick.map.triggerRepaint();
    await decided();
    expect(quick.state.draws).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(quick.state.draws).toBe(1);

    // the camera moving: drawn at once
    const moving = fakeMap();
    gather(moving.map, FIXED, moving.view);
    moving.state.moving = true;
    moving.map.triggerRepaint();
    await decided();
    expect(moving.state.draws).toBe(1);
  });

  it('hands the waiting first frame to MapLibre when the pacing is restored before it is drawn', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    const restore = gather(map, FIXED, view);
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(0);
    restore();
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(1);
  });

  it('draws a redraw asked a whole interval after the last one at once, then gathers those asked within the interval into one at its end', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gatherLater(map, FIXED, view);
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(1);
    for (let i = 0; i < 10; i++) map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(399);
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(2);
    // a redraw asked a whole interval after the last one is drawn at once
    vi.advanceTimersByTime(400);
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(3);
  });

  it('spaces the redraws by what one costs, within the bounds', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gatherLater(map, PACED, view);
    map.triggerRepaint();
    await decided();
    // that redraw took 150 ms to come out: the next ones are 8 × 150 = 1,200 ms apart
    vi.advanceTimersByTime(150);
    map.render();
    map.triggerRepaint();
    await decided();
    vi.advanceTimersByTime(1049);
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(2);
    // a cheap redraw (10 ms): back to the minimum
    vi.advanceTimersByTime(10);
    map.render();
    vi.advanceTimersByTime(390);
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(3);
    // a very slow one (1 s): the maximum, not 8 s
    vi.advanceTimersByTime(1000);
    map.render();
    map.triggerRepaint();
    await decided();
    vi.advanceTimersByTime(999);
    expect(state.draws).toBe(3);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(4);
  });

  it('draws at once while the camera moves and when everything is in, dropping the gathered one', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gatherLater(map, FIXED, view);
    map.triggerRepaint();
    await decided();
    map.triggerRepaint();
    await decided();
    state.moving = true;
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(2);
    state.moving = false;
    map.triggerRepaint();
    await decided();
    state.ready = true;
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(3);
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(3);
  });

  it('decides on a redraw asked while a frame is drawn once that frame is over', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gather(map, FIXED, view);
    // every source indexed, no tile asked for yet: the frame that asks for them is drawn at once
    state.ready = true;
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(1);
    // in that frame MapLibre asks for a redraw as it creates each tile, before the others are
    // listed (`ready` still says yes); by the end of the frame the tiles are loading
    map.triggerRepaint();
    map.triggerRepaint();
    state.ready = false;
    map.render();
    await decided();
    // no second frame at once: gathered until the interval is over, or until the tiles are in
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(400);
    expect(state.draws).toBe(2);
  });

  it('gives MapLibre its own redraws back once the first view is done, or when restored', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    const own = map.triggerRepaint;
    gatherLater(map, FIXED, view);
    map.triggerRepaint();
    await decided();
    map.triggerRepaint();
    await decided();
    state.done = true;
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(2);
    expect(map.triggerRepaint).toBe(own);
    expect(map.listeners.size).toBe(0);
    // the gathered redraw was dropped: the one drawn at once covers it
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(2);

    const other = fakeMap();
    const restore = gatherLater(other.map, FIXED, other.view);
    other.map.triggerRepaint();
    await decided();
    other.map.triggerRepaint();
    await decided();
    // the redraw gathered when the pacing is restored goes to MapLibre at once, and only once
    restore();
    expect(other.map.listeners.size).toBe(0);
    expect(other.state.draws).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(other.state.draws).toBe(2);
    other.map.triggerRepaint();
    await decided();
    expect(other.state.draws).toBe(3);
  });

  it('hands a redraw not yet decided to MapLibre when the pacing is restored', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    const restore = gatherLater(map, FIXED, view);
    map.triggerRepaint();
    await decided();
    expect(state.draws).toBe(1);
    // asked, then restored before it is decided: not lost (the map would otherwise wait for a frame forever)
    map.triggerRepaint();
    restore();
    expect(state.draws).toBe(2);
    await decided();
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(2);
    // nothing waiting: restoring draws nothing
    const other = fakeMap();
    gather(other.map, FIXED, other.view)();
    expect(other.state.draws).toBe(0);
  });

  it('makes one decision for the redraws asked together', async () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    let asked = 0;
    gatherLater(map, FIXED, {
      ...view,
      ready: () => {
        asked++;
        return view.ready();
      },
    });
    for (let i = 0; i < 5; i++) map.triggerRepaint();
    await decided();
    expect(asked).toBe(1);
    expect(state.draws).toBe(1);
    for (let i = 0; i < 5; i++) map.triggerRepaint();
    await decided();
    expect(asked).toBe(2);
  });
});

/** A stand-in map for the source events: fires them to the listeners, knows which sources exist. */
function eventedMap() {
  const listeners = new Map<string, Set<(e: unknown) => void>>();
  const sources = new Set<string>();
  const map = {
    on(type: string, listener: (e: unknown) => void) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener);
    },
    off(type: string, listener: (e: unknown) => void) {
      listeners.get(type)?.delete(listener);
    },
    getSource: (id: string) => (sources.has(id) ? {} : undefined),
    fire(type: string, e: Record<string, unknown>) {
      for (const l of listeners.get(type) ?? []) l(e);
    },
    count: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
  return { map, sources };
}

describe('when the first view is done', () => {
  it('tells once that MapLibre has its redraws back, whether the view is done or the pacing restored', async () => {
    const { map, state, view } = fakeMap();
    let released = 0;
    const restore = gatherFirstViewRepaints(map as unknown as MapLibreMap, FIXED, { ...view, released: () => released++ });
    map.triggerRepaint();
    await decided();
    expect(released).toBe(0);
    state.done = true;
    map.triggerRepaint();
    await decided();
    expect(released).toBe(1);
    restore();
    expect(released).toBe(1);
  });
});

describe('sources being indexed by the map worker', () => {
  const loading = (sourceId: string, tile?: object) => ({ dataType: 'source', sourceId, ...(tile ? { tile } : {}) });

  it('holds a source from its data given until the worker has indexed it', () => {
    const { map, sources } = eventedMap();
    sources.add('a').add('b');
    const unindexed = trackUnindexedSources(map as unknown as MapLibreMap);
    map.fire('sourcedataloading', loading('a'));
    map.fire('sourcedataloading', loading('b'));
    expect(unindexed.size).toBe(2);
    // its content event, or a tile's, is not the index
    map.fire('sourcedata', { dataType: 'source', sourceId: 'a', sourceDataType: 'content' });
    expect(unindexed.has('a')).toBe(true);
    map.fire('sourcedata', { dataType: 'source', sourceId: 'a', sourceDataType: 'metadata' });
    expect(unindexed.has('a')).toBe(false);
    expect(unindexed.size).toBe(1);
    map.fire('sourcedata', { dataType: 'source', sourceId: 'b', sourceDataType: 'metadata' });
    expect(unindexed.size).toBe(0);
  });

  it('does not count a tile loading as the source being indexed', () => {
    const { map, sources } = eventedMap();
    sources.add('a');
    const unindexed = trackUnindexedSources(map as unknown as MapLibreMap);
    map.fire('sourcedataloading', loading('a', { state: 'loading' }));
    expect(unindexed.size).toBe(0);
  });

  it('lets go of a source whose update is abandoned, that fails, or that is removed', () => {
    const { map, sources } = eventedMap();
    sources.add('a').add('b').add('c');
    const unindexed = trackUnindexedSources(map as unknown as MapLibreMap);
    for (const id of ['a', 'b', 'c']) map.fire('sourcedataloading', loading(id));
    map.fire('sourcedataabort', { dataType: 'source', sourceId: 'a' });
    map.fire('error', { error: new Error('tuiles illisibles'), sourceId: 'b' });
    expect([unindexed.has('a'), unindexed.has('b'), unindexed.has('c')]).toEqual([false, false, true]);
    sources.delete('c');
    map.fire('styledata', { dataType: 'style' });
    expect(unindexed.size).toBe(0);
  });

  it('stops listening when stopped', () => {
    const { map, sources } = eventedMap();
    sources.add('a');
    const unindexed = trackUnindexedSources(map as unknown as MapLibreMap);
    expect(map.count()).toBeGreaterThan(0);
    map.fire('sourcedataloading', loading('a'));
    unindexed.stop();
    expect(map.count()).toBe(0);
    expect(unindexed.size).toBe(0);
    map.fire('sourcedataloading', loading('a'));
    expect(unindexed.size).toBe(0);
  });
});
