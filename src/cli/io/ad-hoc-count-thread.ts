import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MessagePort, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type AdHocAreas, readAdHocAreas, selfIntersectionWarnings } from '../actions/coverage-ad-hoc-areas.ts';
import { CliError } from '../cli-error.ts';

/** What the areas worker (coverage-areas.worker.ts) posts: the areas, then their warnings; or the error that stopped it. */
export type AreasMessage =
  | { kind: 'areas'; areas: AdHocAreas['areas']; codes: string[] }
  | { kind: 'warnings'; warnings: string[] }
  | { kind: 'input-error'; message: string; fix?: string }
  | { kind: 'system-error'; message: string; code: string; path?: string; syscall?: string }
  | { kind: 'internal-error'; name: string; message: string; stack?: string };

/** An error of the worker as a message: a CliError or an operating-system error stay what they are for describeError. */
export function errorMessage(error: unknown): AreasMessage {
  if (error instanceof CliError) return { kind: 'input-error', message: error.message, fix: error.fix };
  const e = error as NodeJS.ErrnoException | null;
  if (typeof e?.code === 'string') return { kind: 'system-error', message: e.message, code: e.code, path: e.path, syscall: e.syscall };
  if (error instanceof Error) return { kind: 'internal-error', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'internal-error', name: 'Error', message: String(error) };
}

function errorOf(m: AreasMessage): Error | null {
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

/** The areas of an ad-hoc count being read, while the caller reads the points. */
export interface AreasReader {
  /** The areas if they are read already (never waits), else null; throws the error that stopped their reading. */
  poll(): AdHocAreas | null;
  /** The areas, when read; rejects with the error that stopped their reading. */
  areas(): Promise<AdHocAreas>;
  /** The self-intersection warnings of the areas, in file order (after `areas()`). */
  warnings(): Promise<string[]>;
  /** Stops the reading (on an error elsewhere). */
  close(): void;
}

/** The compiled worker beside the compiled CLI's chunks (build/cli/<id>/); absent when the CLI runs from its TypeScript sources. */
const WORKER = new URL('./coverage-areas.worker.mjs', import.meta.url);

/**
 * Starts reading the areas file in a worker thread (node:worker_threads), so that on a machine
 * of two cores or more the areas are read and checked while the main thread reads the points;
 * then their outlines are checked for self-intersections there, while the main thread counts.
 * Without the compiled worker (the CLI run from its sources), the areas are read at once, here.
 */
export function startAreasReader(path: string, codeField: string): AreasReader {
  if (WORKER.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER))) return readHere(path, codeField);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { workerData: { path, codeField, port: port2 }, transferList: [port2] });
  return workerReader(worker, port1);
}

function readHere(path: string, codeField: string): AreasReader {
  const read = readAdHocAreas(path, codeField);
  return {
    poll: () => read,
    areas: async () => read,
    warnings: async () => selfIntersectionWarnings(path, read),
    close() {},
  };
}

function workerReader(worker: Worker, port: MessagePort): AreasReader {
  const queue: AreasMessage[] = [];
  let listening = false;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let read: AdHocAreas | null = null;
  worker.on('error', (e) => {
    failure ??= e;
    wake?.();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the areas worker stopped (exit ${code}) before it answered`);
    wake?.();
  });
  /** The next message if one has come (never waits): while the caller's loop runs, taken synchronously. */
  const take = (): AreasMessage | undefined => queue.shift() ?? (receiveMessageOnPort(port)?.message as AreasMessage | undefined);
  const listen = () => {
    if (listening) return;
    listening = true;
    port.on('message', (m: AreasMessage) => {
      queue.push(m);
      wake?.();
    });
  };
  const next = async (): Promise<AreasMessage> => {
    listen();
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
  const accept = (m: AreasMessage): AdHocAreas => {
    const error = errorOf(m);
    if (error) throw error;
    if (m.kind !== 'areas') throw new Error(`the areas worker sent ${m.kind} before the areas`);
    read = { areas: m.areas, codes: m.codes };
    return read;
  };
  const close = () => {
    port.close();
    void worker.terminate();
  };
  return {
    poll() {
      if (read) return read;
      const m = take();
      return m ? accept(m) : null;
    },
    async areas() {
      if (read) return read;
      return accept(await next());
    },
    async warnings() {
      const m = await next();
      const error = errorOf(m);
      if (error) throw error;
      if (m.kind !== 'warnings') throw new Error(`the areas worker sent ${m.kind} instead of the warnings`);
      close();
      return m.warnings;
    },
    close,
  };
}
