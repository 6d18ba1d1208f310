/**
 * Shared helpers of the end-to-end suites (tests/e2e/suites/*.suite.ts), run by tests/e2e/run.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEPT = '59';
export const HOST = '127.0.0.1';
/** Port of the preview server; set E2E_PORT to run two copies of the suites side by side. */
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://${HOST}:${PORT}/`;
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'tests/artifacts');
/**
 * The build the suites run against: `vite build --mode e2e` into its own folder. Only this build
 * has the test hook `window.__maillage` (src/ui/MapView.tsx); `npm run build` (dist/) never does.
 */
export const E2E_OUT_DIR = 'dist-e2e';
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * The measurement scripts' `--gpu-compositing`: the same software WebGL (SwiftShader), but the page's
 * frames composited in the GPU process, the path a browser with a usable GPU takes (drawn here in
 * software too, so not a model of such a machine's speed). With `--disable-gpu`
 * (software compositing) the page reads the map's canvas back at every frame and waits until the GPU
 * process has drawn it; here it hands the canvas over (docs/benchmarks.md, "Import", third round).
 */
export const CHROMIUM_ARGS_GPU_COMPOSITING = CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu');
/** The measurement scripts' Chromium arguments, and the line that says which compositing they measure. */
export function measurementChromium(gpuCompositing: boolean): { args: string[]; label: string } {
  return gpuCompositing
    ? { args: CHROMIUM_ARGS_GPU_COMPOSITING, label: 'Chromium: software WebGL, GPU compositing (--gpu-compositing)' }
    : { args: CHROMIUM_ARGS, label: 'Chromium: software WebGL, software compositing' };
}
/** The Nord bundle has 52 France Services (ANCT list of 1 August 2024). */
export const EXPECTED_FRANCE_SERVICES = 52;

/** Console noise that is not an app error. */
export const IGNORED_CONSOLE = [/GPU stall due to ReadPixels/i, /favicon\.ico/i];

export function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

export class TestFailure extends Error {}
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new TestFailure(message);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  let last: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new TestFailure(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

export function ensurePrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install Debian's browser with "apt-get update && apt-get install -y chromium" (never "playwright install").`,
    );
  }
  if (!existsSync(join(ROOT, `public/data/${DEPT}/manifest.json`))) {
    log(`No bundle in public/data/${DEPT}: building it (npm run -s cli -- ensure-data --dept ${DEPT})…`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'ensure-data', '--dept', DEPT], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (r.status !== 0)
      throw new Error(`could not build the ${DEPT} bundle: run "npm run -s cli -- data --dept ${DEPT}" and read its message`);
  }
}

export function viteBuild(): void {
  log('vite build…');
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--mode', 'e2e', '--outDir', E2E_OUT_DIR, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

/** True when something already answers on the preview port (another run's server would be tested instead of ours). */
async function portInUse(): Promise<boolean> {
  try {
    await fetch(BASE_URL, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

export async function startPreview(): Promise<ChildProcess> {
  if (await portInUse()) throw new Error(`port ${PORT} is already in use (another e2e run?): stop it, or set E2E_PORT to a free port`);
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--outDir', E2E_OUT_DIR, '--host', HOST, '--port', String(PORT), '--strictPort'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited: number | null = null;
  server.on('exit', (code) => (exited = code ?? -1));
  try {
    await waitFor(
      `vite preview on ${BASE_URL}`,
      async () => {
        if (exited !== null) throw new Error(`vite preview exited with ${exited}: ${output.trim()}`);
        const res = await fetch(BASE_URL);
        return res.ok;
      },
      20_000,
    );
  } catch (err) {
    await stopServer(server);
    throw err;
  }
  log(`vite preview running (pid ${server.pid})`);
  return server;
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || server.pid === undefined) return;
  const done = new Promise<void>((r) => server.once('exit', () => r()));
  process.kill(server.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (server.exitCode === null && server.pid !== undefined) process.kill(server.pid, 'SIGKILL');
  }, 3_000);
  await done;
  clearTimeout(timer);
}

/** Waits until the map has rendered everything the store holds (set by the map controller). */
export async function waitForMapIdle(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: timeoutMs });
}

/** Distinct ids of the features of `layer` rendered on screen (a feature can come once per tile). */
export async function renderedIds(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((layerId) => {
    const hook = window.__maillage;
    if (!hook) throw new Error('window.__maillage is missing');
    if (!hook.map.getLayer(layerId)) return [];
    const features = hook.map.queryRenderedFeatures({ layers: [layerId] });
    return [...new Set(features.map((f) => String(f.id)))];
  }, layer);
}

export interface Target {
  x: number;
  y: number;
  name: string;
  id: string;
}

/** A France Services point well inside the map and away from any other clickable feature. */
export async function findClickTarget(page: Page): Promise<Target> {
  return page.evaluate(() => {
    const hook = window.__maillage;
    if (!hook) throw new Error('window.__maillage is missing');
    const map = hook.map;
    const canvas = map.getCanvas();
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const pointLayers = map
      .getStyle()
      .layers.filter((l) => l.type === 'circle' && map.getLayoutProperty(l.id, 'visibility') !== 'none')
      .map((l) => l.id);
    const all = map.queryRenderedFeatures({ layers: pointLayers }).map((f) => {
      const c = (f.geometry as unknown as { coordinates: [number, number] }).coordinates;
      const p = map.project(c);
      return { layer: f.layer.id, id: String(f.id), name: String(f.properties?.name ?? ''), x: p.x, y: p.y };
    });
    const rect = canvas.getBoundingClientRect();
    // on screen and not under a panel (e.g. the phone's bottom sheet); no named helper here: the page has no `__name`
    const candidates = all.filter(
      (f) =>
        f.layer === 'france-services' &&
        f.x > 60 &&
        f.x < w - 60 &&
        f.y > 60 &&
        f.y < h - 60 &&
        document.elementFromPoint(rect.left + f.x, rect.top + f.y) === canvas,
    );
    for (const c of candidates) {
      const crowded = all.some((o) => !(o.layer === c.layer && o.id === c.id) && Math.hypot(o.x - c.x, o.y - c.y) < 16);
      if (!crowded) return { x: c.x, y: c.y, name: c.name, id: c.id };
    }
    throw new Error(`no isolated France Services point among ${candidates.length} candidates`);
  });
}

export async function canvasOrigin(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-testid="map"] canvas.maplibregl-canvas').boundingBox();
  if (!box) throw new TestFailure('map canvas has no bounding box');
  return { x: box.x, y: box.y };
}

/** What a suite gets: a way to open pages, record checks, and the build's facts. */
export interface E2E {
  browser: Browser;
  /** A new browser context (own storage, permissions, geolocation, offline…) whose pages report console errors. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new page in a fresh 1280×800 French context, its console errors recorded. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Runs one named check; a failure is recorded and the suite goes on. */
  check(name: string, fn: () => Promise<void>): Promise<void>;
  /** The built bundle's manifest (dist-e2e/data/59/manifest.json). */
  manifest: { layers: Record<string, { features: number; status: string }> };
  /** Milliseconds from navigation to map idle, per measured load. */
  idleTimesMs: number[];
}

/** Opens the app at `path` (relative to the base URL) and waits for the map to be idle; returns the time it took. */
export async function openApp(page: Page, path = ''): Promise<number> {
  const t0 = Date.now();
  await page.goto(BASE_URL + path, { waitUntil: 'load' });
  await waitForMapIdle(page);
  return Date.now() - t0;
}
