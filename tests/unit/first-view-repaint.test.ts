import type { Map as MapLibreMap } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatherFirstViewRepaints } from '../../src/map/first-view-repaint.ts';

/** A stand-in map: counts the redraws MapLibre's own triggerRepaint would ask for. */
function fakeMap() {
  const state = { draws: 0, moving: false, loaded: false };
  const map = {
    triggerRepaint() {
      state.draws++;
    },
    isMoving: () => state.moving,
    loaded: () => state.loaded,
  };
  return { map, state };
}

afterEach(() => vi.useRealTimers());

describe('redraws of the first view', () => {
  it('gathers the redraws asked while data loads into one per interval', () => {
    vi.useFakeTimers();
    const { map, state } = fakeMap();
    gatherFirstViewRepaints(map as unknown as MapLibreMap, 400, () => false);
    for (let i = 0; i < 10; i++) map.triggerRepaint();
    expect(state.draws).toBe(0);
    vi.advanceTimersByTime(400);
    expect(state.draws).toBe(1);
    map.triggerRepaint();
    vi.advanceTimersByTime(399);
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(2);
  });

  it('draws at once while the camera moves and when everything has loaded', () => {
    vi.useFakeTimers();
    const { map, state } = fakeMap();
    gatherFirstViewRepaints(map as unknown as MapLibreMap, 400, () => false);
    state.moving = true;
    map.triggerRepaint();
    expect(state.draws).toBe(1);
    state.moving = false;
    state.loaded = true;
    map.triggerRepaint();
    expect(state.draws).toBe(2);
  });

  it('gives MapLibre its own redraws back once the first view is done, or when restored', () => {
    vi.useFakeTimers();
    let done = false;
    const { map, state } = fakeMap();
    const own = map.triggerRepaint;
    gatherFirstViewRepaints(map as unknown as MapLibreMap, 400, () => done);
    map.triggerRepaint();
    done = true;
    map.triggerRepaint();
    expect(state.draws).toBe(1);
    expect(map.triggerRepaint).toBe(own);
    // the gathered redraw was dropped: the one drawn at once covers it
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(1);

    const other = fakeMap();
    const restore = gatherFirstViewRepaints(other.map as unknown as MapLibreMap, 400, () => false);
    other.map.triggerRepaint();
    restore();
    vi.advanceTimersByTime(1000);
    expect(other.state.draws).toBe(0);
    other.map.triggerRepaint();
    expect(other.state.draws).toBe(1);
  });
});
