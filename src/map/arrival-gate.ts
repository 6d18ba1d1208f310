/** The frame and timer functions the gate uses (the browser's; tests give their own). */
export interface GateClock {
  requestFrame(run: () => void): void;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const BROWSER_CLOCK: GateClock = {
  requestFrame: (run) => void requestAnimationFrame(() => run()),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `run` once, in a task of its own, when both the browser has drawn its next frame (a task
 * after the next animation frame) and `ready` has settled (resolved or rejected); or `capMs` after
 * the call, whichever comes first (a hidden tab draws no frame; a `ready` that never settles). Returns
 * a function that cancels it.
 */
export function afterFrameAnd(run: () => void, ready: Promise<unknown>, capMs: number, clock: GateClock = BROWSER_CLOCK): () => void {
  let pending = true;
  let framed = false;
  let settled = false;
  const once = () => {
    if (!pending) return;
    pending = false;
    clock.clearTimeout(cap);
    run();
  };
  const cap = clock.setTimeout(once, capMs);
  const check = () => {
    if (framed && settled) clock.setTimeout(once, 0);
  };
  clock.requestFrame(() => {
    framed = true;
    check();
  });
  const onSettled = () => {
    settled = true;
    check();
  };
  ready.then(onSettled, onSettled);
  return () => {
    pending = false;
    clock.clearTimeout(cap);
  };
}
