/**
 * Manual benchmark of the browser import (not part of `npm test`):
 *
 *   node node_modules/vite/bin/vite.js build --mode e2e --outDir dist-e2e && node --import tsx bench/import-browser.ts [--rows 200000] [--port 4195]
 *
 * Generates a seeded CSV of fictional sites spread over the Nord (mixing decimal commas,
 * Lambert-93 rows, commune-only rows and bad rows), serves dist-e2e/ (the build with the test hook) with `vite preview`, imports
 * the file through the "Importer" tab in Debian's Chromium, and reports the rows per second
 * (from the file being picked to the report shown, and the worker's own time) and the longest
 * main-thread task (PerformanceObserver 'longtask') during the import, then until the map and
 * the stored copy have settled. Numbers go to docs/import.md by hand.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, E2E_OUT_DIR, ROOT } from '../tests/e2e/harness.ts';
import { mulberry32 } from './lib/seeded-random.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROWS = Number(arg('rows', '200000'));
const PORT = Number(arg('port', process.env.E2E_PORT ?? '4195'));
const URL = `http://127.0.0.1:${PORT}/`;

function generateCsv(rows: number): string {
  const rand = mulberry32(2024);
  const lines = ['id;nom;adresse;code_postal;commune;code_insee;latitude;longitude;telephone;type'];
  for (let i = 1; i <= rows; i++) {
    const lng = 2.2 + rand() * 1.9;
    const lat = 50.05 + rand() * 0.95;
    const r = rand();
    let lat$ = lat.toFixed(5).replace('.', ',');
    let lng$ = lng.toFixed(5).replace('.', ',');
    let insee = '';
    if (r < 0.05) {
      // commune only
      [lat$, lng$] = ['', ''];
      insee = '59350';
    } else if (r < 0.08)
      [lat$, lng$] = ['abc', '']; // bad row
    else if (r < 0.12)
      [lat$, lng$] = [String(Math.round(6_950_000 + (lat - 50) * 111_000)), String(Math.round(600_000 + (lng - 2) * 71_000))]; // Lambert-93
    lines.push(`B${i};Lieu fictif n°${i};${i} rue de l’Exemple;59000;Commune fictive;${insee};${lat$};${lng$};03 00 00 00 00;Accueil`);
  }
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'maillage-import-bench-'));
const csvPath = join(dir, `bench-${ROWS}.csv`);
const csv = generateCsv(ROWS);
writeFileSync(csvPath, csv);
console.log(`generated ${ROWS.toLocaleString('en')} rows, ${(csv.length / 1048576).toFixed(1)} MB`);

const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--outDir', E2E_OUT_DIR, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
  { cwd: ROOT, stdio: 'ignore' },
);
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(URL)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __marks: [string, number][] };
    w.__marks = [];
    const hook = setInterval(() => {
      const m = (
        window as unknown as {
          __maillage?: { store: { subscribe(f: (s: { importJob: { status: string; rowsRead: number } }) => void): void } };
        }
      ).__maillage;
      if (!m) return;
      clearInterval(hook);
      let last = '';
      m.store.subscribe((s) => {
        const key = `${s.importJob.status}:${s.importJob.rowsRead}`;
        if (key !== last) w.__marks.push([key, performance.now()]);
        last = key;
      });
    }, 50);
  });
  await page.goto(URL);
  await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Importer' }).click();
  await page.getByLabel('Couche à remplir').selectOption('other');
  const t0 = await page.evaluate(() => performance.now());
  await page.setInputFiles('#import-file', csvPath);
  await page.locator('.import-job__done').waitFor({ timeout: 300_000 });
  const t1 = await page.evaluate(() => performance.now());
  const job = await page.evaluate(() => window.__maillage!.store.getState().importJob);
  // then the map draws the layer and the stored copy is written
  await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 120_000 });
  await page.waitForTimeout(3000);
  const t2 = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(() => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks);
  const during = tasks.filter((t) => t.start >= t0 && t.start <= t1);
  const after = tasks.filter((t) => t.start > t1 && t.start <= t2);
  const longest = (xs: { duration: number }[]) => (xs.length ? Math.max(...xs.map((x) => x.duration)) : 0);
  const seconds = (t1 - t0) / 1000;
  console.log(`rows read ${job.rowsRead.toLocaleString('en')}, accepted ${job.accepted.toLocaleString('en')}`);
  console.log(
    `file picked → report shown: ${seconds.toFixed(2)} s = ${Math.round(job.rowsRead / seconds).toLocaleString('en')} rows/s (worker alone: ${((job.elapsedMs ?? 0) / 1000).toFixed(2)} s = ${Math.round(job.rowsRead / ((job.elapsedMs ?? 1) / 1000)).toLocaleString('en')} rows/s)`,
  );
  console.log(`long tasks during the import: ${during.length}, longest ${Math.round(longest(during))} ms`);
  console.log(
    `long tasks after it (map setData of the new layer, IndexedDB copy), ${((t2 - t1) / 1000).toFixed(1)} s: ${after.length}, longest ${Math.round(longest(after))} ms, total ${Math.round(after.reduce((n, x) => n + x.duration, 0))} ms`,
  );
  if (args.includes('--trace')) {
    const marks = await page.evaluate(() => (window as unknown as { __marks: [string, number][] }).__marks);
    for (const [k, t] of marks) console.log(`  mark ${k} at ${Math.round(t - t0)} ms`);
    for (const t of tasks.filter((x) => x.start >= t0))
      console.log(`  long task at ${Math.round(t.start - t0)} ms: ${Math.round(t.duration)} ms`);
  }
  await browser.close();
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
