/**
 * When a layer arriving after the first view goes to the map (src/map/arrival-gate.ts, used by
 * src/map/map-controller.ts): in a task after the browser's next frame, once the layer's tiles can
 * be served, or at the cap; once; never after being cancelled.
 */
import { describe, expect, it } from 'vitest';
import { type GateClock, afterFrameAnd } from '../../src/map/arrival-gate.ts';

/** Frames and timers that move only when the test says. */
function manualClock(): GateClock & { frame(): void; advance(ms: number): void; pendingTimers(): number } {
  let now = 0;
  let frames: (() => void)[] = [];
  let timers: { at: number; run: () => void; handle: number }[] = [];
  let next = 1;
  const fire = () => {
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      timers = timers.filter((t) => t !== due);
      due.run();
    }
  };
  return {
    requestFrame: (run) => void frames.push(run),
    setTimeout: (run, ms) => {
      const handle = next++;
      timers.push({ at: now + ms, run, handle });
      return handle;
    },
    clearTimeout: (handle) => {
      timers = timers.filter((t) => t.handle !== handle);
    },
    frame() {
      const due = frames;
      frames = [];
      for (const run of due) run();
    },
    advance(ms) {
      now += ms;
      fire();
    },
    pendingTimers: () => timers.length,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('afterFrameAnd', () => {
  it('runs in a task after the next frame, not in the frame itself', async () => {
    const clock = manualClock();
    const runs: string[] = [];
    afterFrameAnd(() => runs.push('run'), Promise.resolve(), 5000, clock);
    await flush();
    expect(runs).toEqual([]);
    clock.frame();
    expect(runs).toEqual([]);
    clock.advance(0);
    expect(runs).toEqual(['run']);
    // once: the cap does nothing more
    clock.advance(10_000);
    expect(runs).toEqual(['run']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits for `ready` after the frame, and runs as well when it fails', async () => {
    for (const outcome of ['resolve', 'reject'] as const) {
      const clock = manualClock();
      const runs: string[] = [];
      let settle!: () => void;
      const ready = new Promise<void>((resolve, reject) => {
        settle = outcome === 'resolve' ? resolve : () => reject(new Error('worker gone'));
      });
      afterFrameAnd(() => runs.push('run'), ready, 5000, clock);
      clock.frame();
      clock.advance(1000);
      expect(runs).toEqual([]);
      settle();
      await flush();
      clock.advance(0);
      expect(runs).toEqual(['run']);
    }
  });

  it('runs at the cap when no frame comes or `ready` never settles', () => {
    const clock = manualClock();
    const runs: string[] = [];
    afterFrameAnd(() => runs.push('run'), new Promise(() => undefined), 5000, clock);
    clock.advance(4999);
    expect(runs).toEqual([]);
    clock.advance(1);
    expect(runs).toEqual(['run']);
    clock.frame();
    clock.advance(10_000);
    expect(runs).toEqual(['run']);
  });

  it('never runs once cancelled', async () => {
    const clock = manualClock();
    const runs: string[] = [];
    const cancel = afterFrameAnd(() => runs.push('run'), Promise.resolve(), 5000, clock);
    await flush();
    cancel();
    clock.frame();
    clock.advance(10_000);
    expect(runs).toEqual([]);
  });
});
