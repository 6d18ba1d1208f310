/**
 * `npm run -s measure:import [-- --rows 200000] [--runs 3] [--port 4192] [--no-build] [--dist DIR] [--profile] [--gpu-compositing]`:
 * the main thread while a large file is imported in the browser.
 *
 * Generates a seeded CSV of fictional sites (scripts/lib/import-bench-csv.ts), builds `dist-e2e/`
 * (the build with the test hook `window.__maillage`; `--no-build` keeps the one there), serves it
 * with `vite preview`, and imports the file through the « Importer » tab in Debian's Chromium, each
 * run in a fresh browser context (empty IndexedDB), once the tab has settled (the communes it loads
 * when it opens, the map idle, two seconds without a long task). Long tasks come from PerformanceObserver
 * 'longtask', from the file being picked until everything has settled: the report shown, the map
 * idle (`data-map-idle="true"`), the IndexedDB copy whole (every chunk of the layer written), and
 * then two seconds without a long task. Prints each run, then the medians: the longest task, the
 * number of tasks over 50 and over 100 ms, file picked → report shown, the worker's own time.
 * `--profile` builds without minifying into .tmp-import-profile/, records a CPU profile of one run
 * and prints the functions of every stretch of script over 100 ms; with `--trace` too, a Chrome trace
 * names what ran in each long task beyond script (layout, paint, GC, messages). `--reload` then reloads
 * the page (the layer read back from IndexedDB) and compares its long tasks with a first load with
 * nothing stored. `--dist DIR` measures another e2e
 * build as it is (an older commit's, to compare in one session). `--gpu-compositing` runs Chromium with
 * its frames composited in the GPU process (`CHROMIUM_ARGS_GPU_COMPOSITING`): the path a usable GPU
 * takes, drawn here in software, so not a model of such a machine's speed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM, E2E_OUT_DIR, ROOT, measurementChromium } from '../tests/e2e/harness.ts';
import { type CpuProfile, summariseLongStretches } from './lib/cpu-profile-summary.ts';
import { generateImportCsv } from './lib/import-bench-csv.ts';
import { type TraceEvent, summariseLongTasks } from './lib/trace-summary.ts';

const argv = process.argv.slice(2);
const num = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const ROWS = num('rows', 200_000);
const RUNS = num('runs', 3);
const PORT = num('port', Number(process.env.E2E_PORT ?? 4192));
const PROFILE = argv.includes('--profile');
const TRACE = argv.includes('--trace');
const RELOAD = argv.includes('--reload');
const LAUNCH = measurementChromium(argv.includes('--gpu-compositing'));
if (![ROWS, RUNS, PORT].every(Number.isInteger) || ROWS < 1 || RUNS < 1 || PORT < 1024 || PORT > 65535) {
  console.error(
    'usage: npm run -s measure:import [-- --rows N] [--runs N] [--port 1024…65535] [--no-build] [--dist DIR] [--profile] [--trace] [--reload] [--gpu-compositing]',
  );
  process.exit(2);
}
const distAt = argv.indexOf('--dist');
const DIST = distAt >= 0 ? argv[distAt + 1] : null;
const OUT_DIR = DIST ?? (PROFILE ? '.tmp-import-profile' : E2E_OUT_DIR);
const URL = `http://127.0.0.1:${PORT}/`;

interface Run {
  reportMs: number;
  workerMs: number;
  settledMs: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
  longestMs: number;
  over50: number;
  over100: number;
  longTaskTotalMs: number;
  tasks: { start: number; duration: number }[];
}

function build(): void {
  if ((argv.includes('--no-build') || DIST) && !PROFILE) return;
  const extra = PROFILE ? ['--minify', 'false'] : [];
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--mode', 'e2e', '--outDir', OUT_DIR, '--emptyOutDir', '--logLevel', 'warn', ...extra],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

/** In the page, before the app: every long task, with its start and duration. */
function observeLongTasks(): void {
  const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
  w.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * In the page: true once the imported layer's record and every chunk it names are in IndexedDB
 * (`maillage-imports`). No inner named functions: tsx would wrap them in a helper the page lacks.
 */
async function storedWhole(layerId: string): Promise<boolean> {
  const db = await new Promise<IDBDatabase | null>((resolve) => {
    const open = indexedDB.open('maillage-imports');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => resolve(null);
  });
  if (!db?.objectStoreNames.contains('chunks')) return false;
  const tx = db.transaction(['layers', 'chunks']);
  const requests = [
    tx.objectStore('layers').get(layerId),
    tx.objectStore('chunks').count(IDBKeyRange.bound([layerId, 0], [layerId, Number.MAX_SAFE_INTEGER])),
  ] as IDBRequest[];
  const [meta, count] = await Promise.all(
    requests.map(
      (request) =>
        new Promise<unknown>((resolve) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(null);
        }),
    ),
  );
  db.close();
  const chunks = (meta as { chunks?: number } | undefined)?.chunks;
  return chunks !== undefined && count === chunks;
}

type Tasks = { start: number; duration: number }[];

/** From the page's navigation until `ready` holds, the map is idle and two seconds pass without a long task: its long tasks. */
async function tasksUntilSettled(page: Page, ready: () => boolean): Promise<{ tasks: Tasks; settledMs: number }> {
  for (let waited = 0; ; waited += 500) {
    if (waited > 600_000) throw new Error('the page did not settle within 10 minutes');
    const idle = (await page.getAttribute('[data-testid="map"]', 'data-map-idle').catch(() => null)) === 'true';
    const settled =
      idle &&
      (await page.evaluate(ready)) &&
      (await page.evaluate(() => {
        const last = (window as unknown as { __longtasks: Tasks }).__longtasks.at(-1);
        return !last || performance.now() - (last.start + last.duration) > 2000;
      }));
    if (settled) break;
    await page.waitForTimeout(500);
  }
  const settledMs = await page.evaluate(() => performance.now());
  return { tasks: await page.evaluate(() => (window as unknown as { __longtasks: Tasks }).__longtasks), settledMs };
}

const taskLine = (what: string, r: { tasks: Tasks; settledMs: number }) =>
  `${what}: settled ${ms(r.settledMs)}; long tasks: longest ${ms(Math.max(0, ...r.tasks.map((t) => t.duration)))}, ` +
  `${r.tasks.filter((t) => t.duration > 100).length} > 100 ms, ${ms(r.tasks.reduce((n, t) => n + t.duration, 0))} in all`;

/**
 * `--reload`: the page reloaded with the imported layer stored (read back from IndexedDB, its tiles cut
 * again) against a first load of the same page with nothing stored, in a fresh context: long tasks
 * from navigation until settled, for each.
 */
async function measureReload(browser: Browser, page: Page): Promise<void> {
  await page.reload({ waitUntil: 'load' });
  const withLayer = await tasksUntilSettled(page, () => (window.__maillage?.store.getState().imports.length ?? 0) > 0);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const empty = await context.newPage();
    await empty.addInitScript(observeLongTasks);
    await empty.goto(URL);
    const without = await tasksUntilSettled(empty, () => window.__maillage?.store.getState().importStore.status !== 'loading');
    console.log(`  ${taskLine('reload with the layer stored', withLayer)}`);
    console.log(`  ${taskLine('first load, nothing stored', without)}`);
  } finally {
    await context.close();
  }
}

async function importOnce(browser: Browser, csvPath: string, profile: boolean): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(observeLongTasks);
    await page.goto(URL);
    await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 90_000 });
    await page.getByRole('tab', { name: 'Importer' }).click();
    await page.getByLabel('Couche à remplir').selectOption('other');
    // the tab loads the communes when it opens: measured from the file picked, once that has settled
    await page.waitForFunction(() => window.__maillage!.store.getState().layerStatus.communes !== 'loading', undefined, {
      timeout: 90_000,
    });
    await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 90_000 });
    await page.waitForFunction(
      () => {
        const last = (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks.at(-1);
        return !last || performance.now() - (last.start + last.duration) > 2000;
      },
      undefined,
      { timeout: 90_000, polling: 250 },
    );
    const cdp = profile ? await context.newCDPSession(page) : null;
    const tracer = TRACE && profile ? await context.newCDPSession(page) : null;
    const traced: TraceEvent[] = [];
    const traceDone = new Promise<void>((resolve) => {
      tracer?.on('Tracing.dataCollected', (e: { value: TraceEvent[] }) => void traced.push(...e.value));
      tracer?.on('Tracing.tracingComplete', () => resolve());
    });
    if (tracer)
      await tracer.send('Tracing.start', {
        categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,blink,loading',
        transferMode: 'ReportEvents',
      });
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    }
    const t0 = await page.evaluate(() => performance.now());
    await page.setInputFiles('#import-file', csvPath);
    await page.locator('.import-job__done').waitFor({ timeout: 600_000 });
    const t1 = await page.evaluate(() => performance.now());
    const job = await page.evaluate(() => window.__maillage!.store.getState().importJob);
    // settled: the map idle, the stored copy whole, then two seconds without a long task
    for (let waited = 0; ; waited += 500) {
      if (waited > 600_000) throw new Error('the page did not settle within 10 minutes');
      const idle = (await page.getAttribute('[data-testid="map"]', 'data-map-idle')) === 'true';
      const stored = idle && (await page.evaluate(storedWhole, job.layerId!));
      const quiet = await page.evaluate(() => {
        const tasks = (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks;
        const last = tasks.at(-1);
        return !last || performance.now() - (last.start + last.duration) > 2000;
      });
      if (idle && stored && quiet) break;
      await page.waitForTimeout(500);
    }
    const t2 = await page.evaluate(() => performance.now());
    if (tracer) {
      await tracer.send('Tracing.end');
      await traceDone;
      // times from the trace's first task (the trace starts just before the file is picked)
      const runTasks = traced.filter((e) => e.name === 'RunTask' && e.ph === 'X');
      const first = Math.min(...runTasks.map((e) => e.ts));
      console.log('long tasks of the main thread and what ran in them (Chrome trace):');
      console.log(summariseLongTasks(traced, first) || '  none');
    }
    if (cdp) {
      const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      console.log('stretches of main-thread script over 100 ms (CPU profile, unminified build):');
      console.log(summariseLongStretches(p) || '  none');
    }
    const all = await page.evaluate(() => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks);
    const tasks = all.filter((t) => t.start >= t0 && t.start <= t2).map((t) => ({ start: t.start - t0, duration: t.duration }));
    const report = await page.evaluate(() => window.__maillage!.store.getState().imports.at(-1)!.report);
    if (RELOAD) await measureReload(browser, page);
    return {
      reportMs: t1 - t0,
      workerMs: job.elapsedMs ?? 0,
      settledMs: t2 - t0,
      rowsRead: report.rows_read,
      accepted: report.accepted,
      rejected: report.rejected.length,
      longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
      over50: tasks.filter((t) => t.duration > 50).length,
      over100: tasks.filter((t) => t.duration > 100).length,
      longTaskTotalMs: tasks.reduce((n, t) => n + t.duration, 0),
      tasks,
    };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;

build();
const dir = mkdtempSync(join(tmpdir(), 'maillage-measure-import-'));
const csvPath = join(dir, `import-${ROWS}.csv`);
const csv = generateImportCsv(ROWS);
writeFileSync(csvPath, csv.text);
console.log(
  `${ROWS.toLocaleString('en')} fictional rows, ${(Buffer.byteLength(csv.text) / 1048576).toFixed(1)} MB; load ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${LAUNCH.label}`,
);
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--outDir', OUT_DIR, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
  { cwd: ROOT, stdio: 'ignore' },
);
try {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(URL)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH.args });
  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const r = await importOnce(browser, csvPath, PROFILE && i === 0);
      runs.push(r);
      console.log(
        `run ${i + 1}: ${r.rowsRead.toLocaleString('en')} rows read, ${r.accepted.toLocaleString('en')} accepted, ${r.rejected.toLocaleString('en')} rejected; ` +
          `report ${ms(r.reportMs)} (worker ${ms(r.workerMs)}), settled ${ms(r.settledMs)}; ` +
          `long tasks: longest ${ms(r.longestMs)}, ${r.over50} > 50 ms, ${r.over100} > 100 ms, ${ms(r.longTaskTotalMs)} in all`,
      );
      if (argv.includes('--tasks')) for (const t of r.tasks) console.log(`    at ${ms(t.start)}: ${ms(t.duration)}`);
    }
  } finally {
    await browser.close();
  }
  const m = (f: (r: Run) => number) => median(runs.map(f));
  console.log(
    `median of ${RUNS}: longest task ${ms(m((r) => r.longestMs))}, tasks > 50 ms ${m((r) => r.over50)}, > 100 ms ${m((r) => r.over100)}; ` +
      `file picked → report ${ms(m((r) => r.reportMs))} = ${Math.round(ROWS / (m((r) => r.reportMs) / 1000)).toLocaleString('en')} rows/s, ` +
      `worker ${ms(m((r) => r.workerMs))}, settled ${ms(m((r) => r.settledMs))}`,
  );
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
