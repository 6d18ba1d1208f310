import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
      // MapLibre's steps, on the fields (a test may take the methods away, as an upgrade could)
      if (frame.begin || !this.pauseablePlacement) this.pauseablePlacement = new FakePauseable();
      const begun = this.pauseablePlacement;
      if (begun.done) {
        if (frame.newNames) this.placement.stale = true;
      } else {
        if (frame.finish) {
          begun.done = true;
          this.placement = begun.placement;
        }
        if (frame.newNames) begun.placement.stale = true;
      }
      this.placement.fading = frame.fading ?? false;
      return !begun.done || this.placement.stale || this.placement.fading;
    },
  };
  return { style, calls };
}

/** A stand-in map: its style, and its `style.load` listeners (MapLibre makes a new style when it restores a lost WebGL context). */
function mapWith(style: unknown) {
  const onLoad: (() => void)[] = [];
  const map = {
    style,
    on(type: string, listener: () => void) {
      if (type === 'style.load') onLoad.push(listener);
    },
  };
  const replaceStyle = (next: unknown) => {
    map.style = next;
    for (const l of onLoad) l();
  };
  return Object.assign(map as unknown as MapLibreMap, { replaceStyle });
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

  it('a placement begun and finished without new names: MapLibre’s answer, a frame only while names fade', () => {
    const { style } = fakeStyle();
    placeNewSymbolsOnce(mapWith(style));
    expect(place(style, { begin: true, finish: true, newNames: false, fading: true })).toBe(true);
    expect(place(style, { begin: true, finish: true, newNames: false })).toBe(false);
  });

  it('a style made anew is wrapped when it loads, and a style is wrapped once', () => {
    const { style: first, calls } = fakeStyle();
    const map = mapWith(first);
    placeNewSymbolsOnce(map);
    placeNewSymbolsOnce(map);
    const frame: Frame = { begin: true, finish: true, newNames: true };
    expect(place(first, frame)).toBe(false);
    expect(calls).toHaveLength(1);
    const { style: second } = fakeStyle();
    map.replaceStyle(second);
    expect(place(second, frame)).toBe(false);
    expect(second.placement.stale).toBe(false);
  });

  it('internals not as expected (a MapLibre upgrade): MapLibre’s own answer is kept', () => {
    const { style } = fakeStyle();
    placeNewSymbolsOnce(mapWith(style));
    const frame: Frame = { begin: true, finish: true, newNames: true };
    const isDone = FakePauseable.prototype.isDone;
    try {
      (FakePauseable.prototype as { isDone?: unknown }).isDone = undefined;
      expect(place(style, frame)).toBe(true);
      expect(style.placement.stale).toBe(true);
    } finally {
      FakePauseable.prototype.isDone = isDone;
    }
  });

  it('MapLibre still marks a placement stale for these two reasons only (else this needs a new look)', () => {
    const root = dirname(createRequire(import.meta.url).resolve('maplibre-gl/package.json'));
    const style = readFileSync(join(root, 'src/style/style.ts'), 'utf8');
    const body = style.slice(style.indexOf('    _updatePlacement('), style.indexOf('    _releaseSymbolFadeTiles('));
    expect(body.length).toBeGreaterThan(500);
    expect(body.match(/setStale\(\)|\.stale\s*=/g)).toEqual(['setStale()', 'setStale()']);
    // the one this clears: new names in the call that begun and finished a placement
    expect(body).toMatch(/if \(this\.pauseablePlacement\.isDone\(\)\) \{[^}]*if \(placementInputsChanged\) this\.placement\.setStale\(\);/);
    expect(body).toMatch(/if \(symbolBucketsChanged\) \{[^}]*this\.pauseablePlacement\.placement\.setStale\(\);/);
    // nowhere else in MapLibre
    const placement = readFileSync(join(root, 'src/symbol/placement.ts'), 'utf8');
    expect(placement.match(/\.stale\s*=\s*true/g)).toEqual(['.stale = true']);
  });

  it('a map whose style lacks the internals it reads is left as it is', () => {
    expect(placeNewSymbolsOnce(mapWith(null))).toBe(false);
    const other = { _updatePlacement: 'not a function' };
    expect(placeNewSymbolsOnce(mapWith(other))).toBe(false);
    expect(other._updatePlacement).toBe('not a function');
  });
});
