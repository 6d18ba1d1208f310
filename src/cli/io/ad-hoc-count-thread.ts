import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MessagePort, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { createPointCounter } from '../../core/coverage/count-points-in-areas.ts';
import { createFlatAreaIndex } from '../../core/index/area-index.ts';
import { readAdHocAreas, selfIntersectionWarnings } from '../actions/coverage-ad-hoc-areas.ts';
import type { FlatPolygons } from '../../core/geo/flat-polygons.ts';
import { CliError } from '../cli-error.ts';

/**
 * Every area's typed arrays end to end in three arrays (one transfer instead of a copy of
 * thousands of small ones): area i's positions are `xy[2 * starts[3i], 2 * starts[3i + 3])`, its
 * ring ends `ringEnds[starts[3i + 1], starts[3i + 4])`, its polygon ends `polygonEnds[starts[3i + 2], starts[3i + 5])`.
 */
export interface PackedAreas {
  xy: Float64Array;
  ringEnds: Uint32Array;
  polygonEnds: Uint32Array;
  starts: Uint32Array;
}

/** The areas packed end to end (copied: the caller keeps its own). */
export function packAreas(areas: readonly FlatPolygons[]): PackedAreas {
  const starts = new Uint32Array(3 * (areas.length + 1));
  for (let i = 0; i < areas.length; i++) {
    starts[3 * i + 3] = starts[3 * i] + areas[i].xy.length / 2;
    starts[3 * i + 4] = starts[3 * i + 1] + areas[i].ringEnds.length;
    starts[3 * i + 5] = starts[3 * i + 2] + areas[i].polygonEnds.length;
  }
  const n = 3 * areas.length;
  const packed = {
    xy: new Float64Array(2 * starts[n]),
    ringEnds: new Uint32Array(starts[n + 1]),
    polygonEnds: new Uint32Array(starts[n + 2]),
    starts,
  };
  for (let i = 0; i < areas.length; i++) {
    packed.xy.set(areas[i].xy, 2 * starts[3 * i]);
    packed.ringEnds.set(areas[i].ringEnds, starts[3 * i + 1]);
    packed.polygonEnds.set(areas[i].polygonEnds, starts[3 * i + 2]);
  }
  return packed;
}

/** The areas of packed arrays, as views on them (no copy). */
export function unpackAreas({ xy, ringEnds, polygonEnds, starts }: PackedAreas): FlatPolygons[] {
  const areas: FlatPolygons[] = [];
  for (let i = 0; i + 1 < starts.length / 3; i++) {
    areas.push({
      xy: xy.subarray(2 * starts[3 * i], 2 * starts[3 * i + 3]),
      ringEnds: ringEnds.subarray(starts[3 * i + 1], starts[3 * i + 4]),
      polygonEnds: polygonEnds.subarray(starts[3 * i + 2], starts[3 * i + 5]),
    });
  }
  return areas;
}

/** What the main thread posts to the count worker: points to count (x, y pairs), then the end of them. */
export type ToCountWorker = { kind: 'points'; xy: Float64Array; n: number } | { kind: 'end' };

/** What the count worker (ad-hoc-count.worker.ts) posts: the areas, then the counts; or the error that stopped it. */
export type FromCountWorker =
  | { kind: 'areas'; packed: PackedAreas; codes: string[] }
  | { kind: 'counts'; counts: Int32Array; points: number; ambiguous: number }
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

/** An ad-hoc count under way: the areas read (and the points counted) elsewhere while the caller reads the points. */
export interface AdHocCount {
  /** One point read, to count. */
  add(lng: number, lat: number): void;
  /** Throws the error that stopped the areas' reading, if one came already (never waits). */
  check(): void;
  /** After the last point: the counts. Rejects with the areas' error if there is one. */
  finish(): Promise<AdHocResult>;
  /** Waits for the areas (after an error in the points: a bad areas file is reported first); rejects with their error. */
  areasRead(): Promise<void>;
  /** Stops everything (on an error, or when done). */
  close(): void;
}

/** The compiled worker beside the compiled CLI's chunks (build/cli/<id>/); absent when the CLI runs from its TypeScript sources. */
const WORKER = new URL('./ad-hoc-count.worker.mjs', import.meta.url);

/** Points sent to the worker at a time (x, y pairs in one moved buffer). */
const BATCH = 1 << 14;

/**
 * Starts an ad-hoc count with the areas read, indexed and the points counted in a worker thread
 * (node:worker_threads): the main thread reads the points file and sends its points in batches,
 * then checks the areas' outlines for self-intersections while the worker counts. The two halves
 * take about as long on the synthetic national case, so on two cores the count takes about the
 * time of one. Without the compiled worker (the CLI run from its TypeScript sources), everything
 * runs here, the areas first.
 */
export function startAdHocCount(areasPath: string, codeField: string): AdHocCount {
  if (WORKER.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER))) return countHere(areasPath, codeField);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { workerData: { path: areasPath, codeField, port: port2 }, transferList: [port2] });
  return countInWorker(worker, port1, areasPath);
}

function countHere(path: string, codeField: string): AdHocCount {
  const read = readAdHocAreas(path, codeField);
  const counter = createPointCounter(createFlatAreaIndex(read.areas));
  return {
    add: (lng, lat) => void counter.add(lng, lat),
    check() {},
    areasRead: async () => {},
    finish: async () => ({
      codes: read.codes,
      counts: counter.counts,
      points: counter.points,
      ambiguous: counter.ambiguous,
      warnings: selfIntersectionWarnings(path, read),
    }),
    close() {},
  };
}

function countInWorker(worker: Worker, port: MessagePort, path: string): AdHocCount {
  const queue: FromCountWorker[] = [];
  let listening = false;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let areas: { packed: PackedAreas; codes: string[] } | null = null;
  worker.on('error', (e) => {
    failure ??= e;
    wake?.();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the count worker stopped (exit ${code}) before it answered`);
    wake?.();
  });
  /** The next message if one has come (never waits): while the caller's loop runs, taken synchronously. */
  const take = (): FromCountWorker | undefined => queue.shift() ?? (receiveMessageOnPort(port)?.message as FromCountWorker | undefined);
  const next = async (): Promise<FromCountWorker> => {
    if (!listening) {
      listening = true;
      port.on('message', (m: FromCountWorker) => {
        queue.push(m);
        wake?.();
      });
    }
    for (;;) {
      const m = take();
      if (m) return m;
      if (failure) throw failure;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  };
  /** The error the worker sent, kept to be thrown again (a bad areas file) wherever it is asked for. */
  let sent: Error | null = null;
  /** Keeps the areas when they come; throws an error message. */
  const accept = (m: FromCountWorker): FromCountWorker => {
    sent ??= errorOf(m);
    if (sent) throw sent;
    if (m.kind === 'areas') areas = { packed: m.packed, codes: m.codes };
    return m;
  };
  let batch = new Float64Array(2 * BATCH);
  let n = 0;
  const send = () => {
    port.postMessage({ kind: 'points', xy: batch, n } satisfies ToCountWorker, [batch.buffer as ArrayBuffer]);
    batch = new Float64Array(2 * BATCH);
    n = 0;
  };
  const close = () => {
    port.close();
    void worker.terminate();
  };
  return {
    add(lng, lat) {
      batch[n++] = lng;
      batch[n++] = lat;
      if (n === batch.length) send();
    },
    check() {
      if (sent) throw sent;
      for (let m = take(); m; m = take()) accept(m);
    },
    async areasRead() {
      if (sent) throw sent;
      while (!areas) accept(await next());
    },
    async finish() {
      if (sent) throw sent;
      if (n > 0) send();
      port.postMessage({ kind: 'end' } satisfies ToCountWorker);
      while (!areas) accept(await next());
      const read = { areas: unpackAreas(areas.packed), codes: areas.codes };
      // while the worker counts the last points
      const warnings = selfIntersectionWarnings(path, read);
      for (;;) {
        const m = accept(await next());
        if (m.kind === 'counts') {
          close();
          return { codes: read.codes, counts: m.counts, points: m.points, ambiguous: m.ambiguous, warnings };
        }
      }
    },
    close,
  };
}
