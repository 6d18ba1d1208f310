import type { Map as MapLibreMap } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatherFirstViewRepaints } from '../../src/map/first-view-repaint.ts';

/** A stand-in map: counts the redraws MapLibre's own triggerRepaint would ask for. */
function fakeMap() {
  const state = { draws: 0, moving: false, ready: false, done: false };
  const map = {
    triggerRepaint() {
      state.draws++;
    },
    isMoving: () => state.moving,
  };
  const view = { done: () => state.done, ready: () => state.ready };
  return { map, state, view };
}

afterEach(() => vi.useRealTimers());

describe('redraws of the first view', () => {
  it('draws the first redraw at once, then gathers those asked within the interval into one at its end', () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gatherFirstViewRepaints(map as unknown as MapLibreMap, 400, view);
    map.triggerRepaint();
    expect(state.draws).toBe(1);
    for (let i = 0; i < 10; i++) map.triggerRepaint();
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(399);
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(2);
    // a redraw asked a whole interval after the last one is drawn at once
    vi.advanceTimersByTime(400);
    map.triggerRepaint();
    expect(state.draws).toBe(3);
  });

  it('draws at once while the camera moves and when everything is in, dropping the gathered one', () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gatherFirstViewRepaints(map as unknown as MapLibreMap, 400, view);
    map.triggerRepaint();
    map.triggerRepaint();
    state.moving = true;
    map.triggerRepaint();
    expect(state.draws).toBe(2);
    state.moving = false;
    map.triggerRepaint();
    state.ready = true;
    map.triggerRepaint();
    expect(state.draws).toBe(3);
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(3);
  });

  it('gives MapLibre its own redraws back once the first view is done, or when restored', () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    const own = map.triggerRepaint;
    gatherFirstViewRepaints(map as unknown as MapLibreMap, 400, view);
    map.triggerRepaint();
    map.triggerRepaint();
    state.done = true;
    map.triggerRepaint();
    expect(state.draws).toBe(2);
    expect(map.triggerRepaint).toBe(own);
    // the gathered redraw was dropped: the one drawn at once covers it
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(2);

    const other = fakeMap();
    const restore = gatherFirstViewRepaints(other.map as unknown as MapLibreMap, 400, other.view);
    other.map.triggerRepaint();
    other.map.triggerRepaint();
    restore();
    vi.advanceTimersByTime(1000);
    expect(other.state.draws).toBe(1);
    other.map.triggerRepaint();
    expect(other.state.draws).toBe(2);
  });
});
