import type { Map as MapLibreMap } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { placeNewSymbolsOnce } from '../../src/map/symbol-placement.ts';

/** One frame's placement as MapLibre's `Style#_updatePlacement` would run it (the branches that set `stale`). */
interface Frame {
  /** A new placement is begun in this frame. */
  begin: boolean;
  /** The placement in progress finishes in this frame (else it pauses until the next). */
  finish: boolean;
  /** New tiles of names came in this frame. */
  newNames: boolean;
  /** Names still fading in or out after this frame's placement. */
  fading?: boolean;
}

class FakePlacement {
  stale = false;
  fading = false;
  hasTransitions(_now: number): boolean {
    return this.stale || this.fading;
  }
}

class FakePauseable {
  done = false;
  placement = new FakePlacement();
  isDone(): boolean {
    return this.done;
  }
}

interface FakeStyle {
  pauseablePlacement: FakePauseable | undefined;
  placement: FakePlacement;
  _updatePlacement(this: FakeStyle, frame: Frame, ...rest: unknown[]): boolean;
}

/** A stand-in for MapLibre's style, its `_updatePlacement` following MapLibre's own steps for `stale`. */
function fakeStyle(): { style: FakeStyle; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const style: FakeStyle = {
    pauseablePlacement: undefined,
    placement: new FakePlacement(),
    _updatePlacement(frame, ...rest) {
      calls.push([frame, ...rest]);
      if (frame.begin || !this.pauseablePlacement) this.pauseablePlacement = new FakePauseable();
      const begun = this.pauseablePlacement;
      if (begun.isDone()) {
        if (frame.newNames) this.placement.stale = true;
      } else {
        if (frame.finish) {
          begun.done = true;
          this.placement = begun.placement;
        }
        if (frame.newNames) begun.placement.stale = true;
      }
      this.placement.fading = frame.fading ?? false;
      return !begun.isDone() || this.placement.hasTransitions(0);
    },
  };
  return { style, calls };
}

function mapWith(style: unknown): MapLibreMap {
  return { style } as unknown as MapLibreMap;
}

const place = (style: FakeStyle, frame: Frame, ...rest: unknown[]) =>
  (style._updatePlacement as (...args: unknown[]) => boolean)(frame, ...rest);

describe('placeNewSymbolsOnce', () => {
  it('a placement begun and finished in the frame that brought new names is not stale: no second frame', () => {
    const frame: Frame = { begin: true, finish: true, newNames: true };
    const unchanged = fakeStyle().style;
    expect(place(unchanged, frame)).toBe(true); // MapLibre alone: stale, one more frame
    expect(unchanged.placement.stale).toBe(true);

    const { style } = fakeStyle();
    expect(placeNewSymbolsOnce(mapWith(style))).toBe(true);
    expect(place(style, frame)).toBe(false);
    expect(style.placement.stale).toBe(false);
  });

  it('names still fading ask for their frames, as MapLibre would', () => {
    const { style } = fakeStyle();
    placeNewSymbolsOnce(mapWith(style));
    expect(place(style, { begin: true, finish: true, newNames: true, fading: true })).toBe(true);
    expect(style.placement.stale).toBe(false);
  });

  it('a placement begun in an earlier frame and finished in this one stays stale (it may have missed the new names)', () => {
    const { style } = fakeStyle();
    placeNewSymbolsOnce(mapWith(style));
    expect(place(style, { begin: true, finish: false, newNames: false })).toBe(true);
    expect(place(style, { begin: false, finish: true, newNames: true })).toBe(true);
    expect(style.placement.stale).toBe(true);
  });

  it('a placement paused across frames, or new names while the last placement is still recent, are left to MapLibre', () => {
    const { style } = fakeStyle();
    placeNewSymbolsOnce(mapWith(style));
    expect(place(style, { begin: true, finish: false, newNames: true })).toBe(true);
    expect(style.pauseablePlacement?.placement.stale).toBe(true);
    expect(place(style, { begin: false, finish: true, newNames: false })).toBe(true);
    // done, and no new placement begun in this frame: MapLibre marks the last one stale to place again later
    expect(place(style, { begin: false, finish: false, newNames: true })).toBe(true);
    expect(style.placement.stale).toBe(true);
  });

  it('hands MapLibre its arguments and its style unchanged', () => {
    const { style, calls } = fakeStyle();
    placeNewSymbolsOnce(mapWith(style));
    const frame: Frame = { begin: true, finish: true, newNames: false };
    place(style, frame, 'transform', false, 0);
    expect(calls).toEqual([[frame, 'transform', false, 0]]);
  });

  it('a map whose style lacks the internals it reads is left as it is', () => {
    expect(placeNewSymbolsOnce(mapWith(null))).toBe(false);
    const other = { _updatePlacement: 'not a function' };
    expect(placeNewSymbolsOnce(mapWith(other))).toBe(false);
    expect(other._updatePlacement).toBe('not a function');
  });
});
