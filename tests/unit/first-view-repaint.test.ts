import type { Map as MapLibreMap } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatherFirstViewRepaints, type RepaintPacing } from '../../src/map/first-view-repaint.ts';

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

function gather(map: ReturnType<typeof fakeMap>['map'], pacing: RepaintPacing, view: ReturnType<typeof fakeMap>['view']) {
  return gatherFirstViewRepaints(map as unknown as MapLibreMap, pacing, view, () => Date.now());
}

describe('redraws of the first view', () => {
  it('draws the first redraw at once, then gathers those asked within the interval into one at its end', () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gather(map, FIXED, view);
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

  it('spaces the redraws by what one costs, within the bounds', () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gather(map, PACED, view);
    map.triggerRepaint();
    // that redraw took 150 ms to come out: the next ones are 8 × 150 = 1,200 ms apart
    vi.advanceTimersByTime(150);
    map.render();
    map.triggerRepaint();
    vi.advanceTimersByTime(1049);
    expect(state.draws).toBe(1);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(2);
    // a cheap redraw (10 ms): back to the minimum
    vi.advanceTimersByTime(10);
    map.render();
    vi.advanceTimersByTime(390);
    map.triggerRepaint();
    expect(state.draws).toBe(3);
    // a very slow one (1 s): the maximum, not 8 s
    vi.advanceTimersByTime(1000);
    map.render();
    map.triggerRepaint();
    vi.advanceTimersByTime(999);
    expect(state.draws).toBe(3);
    vi.advanceTimersByTime(1);
    expect(state.draws).toBe(4);
  });

  it('draws at once while the camera moves and when everything is in, dropping the gathered one', () => {
    vi.useFakeTimers();
    const { map, state, view } = fakeMap();
    gather(map, FIXED, view);
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
    gather(map, FIXED, view);
    map.triggerRepaint();
    map.triggerRepaint();
    state.done = true;
    map.triggerRepaint();
    expect(state.draws).toBe(2);
    expect(map.triggerRepaint).toBe(own);
    expect(map.listeners.size).toBe(0);
    // the gathered redraw was dropped: the one drawn at once covers it
    vi.advanceTimersByTime(1000);
    expect(state.draws).toBe(2);

    const other = fakeMap();
    const restore = gather(other.map, FIXED, other.view);
    other.map.triggerRepaint();
    other.map.triggerRepaint();
    restore();
    expect(other.map.listeners.size).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(other.state.draws).toBe(1);
    other.map.triggerRepaint();
    expect(other.state.draws).toBe(2);
  });
});
