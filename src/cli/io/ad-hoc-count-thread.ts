import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MessagePort, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { createPointCounter } from '../../core/coverage/count-points-in-areas.ts';
import type { FlatPolygons } from '../../core/geo/flat-polygons.ts';
import { createFlatAreaIndex } from '../../core/index/area-index.ts';
import { readAdHocAreas, selfIntersectionWarning, selfIntersectionWarnings } from '../actions/coverage-ad-hoc-areas.ts';
import { streamAdHocPoints } from '../actions/coverage-ad-hoc-points.ts';
import { CliError } from '../cli-error.ts';

/** Areas whose outlines a thread checks at a time (about a millisecond of work), claimed from a counter both threads share. */
const CHECK_BLOCK = 16;

/** The outlines to check for self-intersections, shared by the two threads: each claims blocks of areas from `next` until none are left. */
export interface OutlineCheck {
  path: string;
  areas: FlatPolygons[];
  codes: string[];
  /** The first area not claimed yet (an Int32Array of one, on a SharedArrayBuffer). */
  next: Int32Array;
}

/** Claims and checks up to `blocks` blocks of areas; the warnings go to `found` as [area index, text]. False once none are left. */
export function checkClaimedOutlines(check: OutlineCheck, found: [number, string][], blocks = Number.POSITIVE_INFINITY): boolean {
  for (let b = 0; b < blocks; b++) {
    const from = Atomics.add(check.next, 0, CHECK_BLOCK);
    if (from >= check.areas.length) return false;
    for (let i = from; i < Math.min(from + CHECK_BLOCK, check.areas.length); i++) {
      const warning = selfIntersectionWarning(check.path, check.areas[i], check.codes[i], i);
      if (warning) found.push([i, warning]);
    }
  }
  return true;
}

/**
 * What the main thread posts to the count worker: the areas, once read, for its share of the outline
 * check (their coordinates in shared memory: posted without a copy).
 */
export type ToCountWorker = { kind: 'areas'; areas: FlatPolygons[]; codes: string[]; path: string; next: Int32Array };

/** What the count worker (ad-hoc-count.worker.ts) posts: points (x, y pairs), then their end; then its outline warnings; or the error that stopped it. */
export type FromCountWorker =
  | { kind: 'points'; xy: Float64Array; n: number }
  | { kind: 'points-done' }
  | { kind: 'warnings'; found: [number, string][] }
  | { kind: 'input-error'; message: string; fix?: string }
  | { kind: 'system-error'; message: string; code: string; path?: string; syscall?: string }
  | { kind: 'internal-error'; name: string; message: string; stack?: string };

/** An error of the worker as a message: a CliError or an operating-system error stay what they are for describeError. */
export function errorMessage(error: unknown): FromCountWorker {
  if (error instanceof CliError) return { kind: 'input-error', message: error.message, fix: error.fix };
  const e = error as NodeJS.ErrnoException | null;
  if (typeof e?.code === 'string') return { kind: 'system-error', message: e.message, code: e.code, path: e.path, syscall: e.syscall };
  if (error instanceof Error) return { kind: 'internal-error', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'internal-error', name: 'Error', message: String(error) };
}

function errorOf(m: FromCountWorker): Error | null {
  if (m.kind === 'input-error') return new CliError(m.message, m.fix);
  if (m.kind === 'system-error') return Object.assign(new Error(m.message), { code: m.code, path: m.path, syscall: m.syscall });
  if (m.kind === 'internal-error') {
    const e = new Error(m.message);
    e.name = m.name;
    if (m.stack) e.stack = m.stack;
    return e;
  }
  return null;
}

/** The result of an ad-hoc count. */
export interface AdHocResult {
  codes: string[];
  /** Points per area, in file order of the areas. */
  counts: Int32Array;
  points: number;
  ambiguous: number;
  /** Self-intersection warnings of the areas, in file order. */
  warnings: string[];
}

/** The compiled worker beside the compiled CLI's chunks (build/cli/<id>/); absent when the CLI runs from its TypeScript sources. */
const WORKER = new URL('./ad-hoc-count.worker.mjs', import.meta.url);

/**
 * Counts the points of `pointsPath` in the areas of `areasPath` on two threads: a worker thread
 * (node:worker_threads) reads the points file and posts its points in batches while this thread
 * reads and checks the areas (so a bad areas file is reported first, as reading one file after the
 * other would), then indexes them and counts the points; the areas' outlines are checked for
 * self-intersections by both threads, block by block, whichever is free (this thread between
 * batches, the worker once its points are read). Without the compiled worker (the CLI run from its
 * TypeScript sources), everything runs here, the areas first.
 */
export async function runAdHocCount(areasPath: string, pointsPath: string, codeField: string): Promise<AdHocResult> {
  if (WORKER.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER))) return countHere(areasPath, pointsPath, codeField);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { workerData: { path: pointsPath, port: port2 }, transferList: [port2] });
  try {
    return await countWithWorker(worker, port1, areasPath, codeField);
  } finally {
    port1.close();
    void worker.terminate();
  }
}

function countHere(areasPath: string, pointsPath: string, codeField: string): AdHocResult {
  const read = readAdHocAreas(areasPath, codeField);
  const counter = createPointCounter(createFlatAreaIndex(read.areas));
  streamAdHocPoints(pointsPath, (lng, lat) => void counter.add(lng, lat));
  const warnings = selfIntersectionWarnings(areasPath, read);
  return { codes: read.codes, counts: counter.counts, points: counter.points, ambiguous: counter.ambiguous, warnings };
}

/** The worker's messages: taken without waiting while there are some, awaited when there are none. */
function inboxOf(worker: Worker, port: MessagePort): { take(): FromCountWorker | undefined; wait(): Promise<void> } {
  const queue: FromCountWorker[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let listening = false;
  const stop = (e: Error) => {
    failure ??= e;
    wake?.();
  };
  worker.on('error', stop);
  worker.on('exit', (code) => stop(new Error(`the count worker stopped (exit ${code}) before it answered`)));
  return {
    take: () => queue.shift() ?? (receiveMessageOnPort(port)?.message as FromCountWorker | undefined),
    async wait() {
      if (!listening) {
        listening = true;
        port.on('message', (m: FromCountWorker) => {
          queue.push(m);
          wake?.();
        });
      }
      for (;;) {
        if (queue.length) return;
        // a message posted before the worker stopped still comes before its stop
        const m = receiveMessageOnPort(port)?.message as FromCountWorker | undefined;
        if (m) {
          queue.push(m);
          return;
        }
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    },
  };
}

async function countWithWorker(worker: Worker, port: MessagePort, areasPath: string, codeField: string): Promise<AdHocResult> {
  const inbox = inboxOf(worker, port);
  // in shared memory: posted to the worker without a copy
  const read = readAdHocAreas(areasPath, codeField, true);
  const check: OutlineCheck = { path: areasPath, areas: read.areas, codes: read.codes, next: new Int32Array(new SharedArrayBuffer(4)) };
  port.postMessage({ kind: 'areas', areas: read.areas, codes: read.codes, path: areasPath, next: check.next } satisfies ToCountWorker);
  const counter = createPointCounter(createFlatAreaIndex(check.areas));
  const found: [number, string][] = [];
  for (;;) {
    const m = inbox.take();
    if (!m) {
      // nothing to count for now: a block of outlines, or wait
      if (!checkClaimedOutlines(check, found, 1)) await inbox.wait();
      continue;
    }
    const error = errorOf(m);
    if (error) throw error;
    if (m.kind === 'points') {
      const { xy, n } = m;
      for (let i = 0; i < n; i += 2) counter.add(xy[i], xy[i + 1]);
    } else if (m.kind === 'warnings') {
      // the worker's share, posted after its last points
      found.push(...m.found);
      break;
    }
  }
  checkClaimedOutlines(check, found); // none should be left; never a block unchecked
  found.sort((a, b) => a[0] - b[0]);
  return {
    codes: read.codes,
    counts: counter.counts,
    points: counter.points,
    ambiguous: counter.ambiguous,
    warnings: found.map((f) => f[1]),
  };
}
