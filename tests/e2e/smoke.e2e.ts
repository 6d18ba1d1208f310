/**
 * End-to-end smoke test of the built app against the real Nord bundle.
 *
 *   npm run test:e2e
 *
 * Builds with Vite, serves dist/ with `vite preview` on 127.0.0.1:4173, drives
 * Debian's /usr/bin/chromium through playwright-core (no browser download), and
 * checks the map, the layer toggle, the details panel, the list view and the phone
 * layout. Screenshots go to tests/artifacts/. Exits non-zero on any failure and
 * ends with a line "N passed, M failed".
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEPT = '59';
const HOST = '127.0.0.1';
const PORT = 4173;
const BASE_URL = `http://${HOST}:${PORT}/`;
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'tests/artifacts');
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The Nord bundle has 52 France Services (ANCT list of 1 August 2024). */
const EXPECTED_FRANCE_SERVICES = 52;

/** Console noise that is not an app error. */
const IGNORED_CONSOLE = [/GPU stall due to ReadPixels/i, /favicon\.ico/i];

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

class TestFailure extends Error {}
function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new TestFailure(message);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
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

function ensurePrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's browser with "apt-get update && apt-get install -y chromium" (never "playwright install").`);
  }
  if (!existsSync(join(ROOT, `public/data/${DEPT}/manifest.json`))) {
    log(`No bundle in public/data/${DEPT}: building it (npm run -s cli -- ensure-data --dept ${DEPT})…`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'ensure-data', '--dept', DEPT], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`could not build the ${DEPT} bundle: run "npm run -s cli -- data --dept ${DEPT}" and read its message`);
  }
}

function viteBuild(): void {
  log('vite build…');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

async function startPreview(): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', HOST, '--port', String(PORT), '--strictPort'],
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

async function stopServer(server: ChildProcess): Promise<void> {
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
async function waitForMapIdle(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: timeoutMs });
}

/** Distinct ids of the features of `layer` rendered on screen (a feature can come once per tile). */
async function renderedIds(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((layerId) => {
    const hook = window.__maillage;
    if (!hook) throw new Error('window.__maillage is missing');
    if (!hook.map.getLayer(layerId)) return [];
    const features = hook.map.queryRenderedFeatures({ layers: [layerId] });
    return [...new Set(features.map((f) => String(f.id)))];
  }, layer);
}

interface Target {
  x: number;
  y: number;
  name: string;
  id: string;
}

/** A France Services point well inside the map and away from any other clickable feature. */
async function findClickTarget(page: Page): Promise<Target> {
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
    const candidates = all.filter((f) => f.layer === 'france-services' && f.x > 60 && f.x < w - 60 && f.y > 60 && f.y < h - 60);
    for (const c of candidates) {
      const crowded = all.some((o) => !(o.layer === c.layer && o.id === c.id) && Math.hypot(o.x - c.x, o.y - c.y) < 16);
      if (!crowded) return { x: c.x, y: c.y, name: c.name, id: c.id };
    }
    throw new Error(`no isolated France Services point among ${candidates.length} candidates`);
  });
}

async function canvasOrigin(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-testid="map"] canvas').first().boundingBox();
  if (!box) throw new TestFailure('map canvas has no bounding box');
  return { x: box.x, y: box.y };
}

async function main(): Promise<number> {
  ensurePrerequisites();
  viteBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, `dist/data/${DEPT}/manifest.json`), 'utf8')) as {
    layers: Record<string, { features: number }>;
  };
  const expectedFs = manifest.layers['france-services']?.features;

  const server = await startPreview();
  const userDataDir = mkdtempSync(join(tmpdir(), 'maillage-e2e-'));
  let context: BrowserContext | undefined;
  const results: { name: string; ok: boolean; error?: string }[] = [];
  const consoleErrors: string[] = [];

  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      locale: 'fr-FR',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = `${msg.text()} ${msg.location().url ?? ''}`;
      if (!IGNORED_CONSOLE.some((re) => re.test(text))) consoleErrors.push(`console: ${text}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400 && !/favicon/.test(res.url())) consoleErrors.push(`HTTP ${res.status()} ${res.url()}`);
    });

    const t0 = Date.now();
    await page.goto(BASE_URL, { waitUntil: 'load' });
    await waitForMapIdle(page);
    log(`map idle ${Date.now() - t0} ms after navigation`);

    const run = async (name: string, fn: () => Promise<void>) => {
      const start = Date.now();
      try {
        await fn();
        results.push({ name, ok: true });
        log(`  ✓ ${name} (${Date.now() - start} ms)`);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        results.push({ name, ok: false, error });
        log(`  ✗ ${name}\n      ${error}`);
      }
    };

    await run(`renders the ${EXPECTED_FRANCE_SERVICES} France Services of the Nord as circles`, async () => {
      assert(expectedFs === EXPECTED_FRANCE_SERVICES, `manifest lists ${expectedFs} France Services, expected ${EXPECTED_FRANCE_SERVICES}`);
      const ids = await renderedIds(page, 'france-services');
      assert(ids.length === EXPECTED_FRANCE_SERVICES, `rendered ${ids.length} distinct France Services, expected ${EXPECTED_FRANCE_SERVICES}`);
      const attribution = (await page.locator('.maillage-attrib').textContent()) ?? '';
      assert(/ANCT/.test(attribution), `map attribution does not credit the ANCT: "${attribution}"`);
    });

    await run('hides the France Services circles when their checkbox is unticked', async () => {
      const checkbox = page.getByRole('checkbox', { name: /^France Services\s+52\b/ });
      assert((await checkbox.count()) === 1, 'no single checkbox labelled "France Services 52 …"');
      assert(await checkbox.isChecked(), 'France Services checkbox should start ticked');
      await checkbox.uncheck();
      await waitForMapIdle(page);
      await waitFor('France Services to disappear', async () => (await renderedIds(page, 'france-services')).length === 0, 5_000);
      await checkbox.check();
      await waitForMapIdle(page);
      const back = await waitFor('France Services to come back', async () => {
        const ids = await renderedIds(page, 'france-services');
        return ids.length === EXPECTED_FRANCE_SERVICES ? ids : false;
      }, 5_000);
      assert(back.length === EXPECTED_FRANCE_SERVICES, 'France Services did not all come back');
    });

    await run('shows the name, hours and contacts of a France Services clicked on the map', async () => {
      const target = await findClickTarget(page);
      const origin = await canvasOrigin(page);
      await page.mouse.click(origin.x + target.x, origin.y + target.y);
      const title = page.locator('#details-title');
      await title.waitFor({ timeout: 5_000 });
      const text = (await title.innerText()).trim();
      assert(text === target.name, `details panel shows "${text}", expected "${target.name}"`);
      const details = page.locator('.details');
      const body = await details.innerText();
      assert(/Lundi/.test(body) && /Horaires/.test(body), 'details panel has no opening hours');
      assert(/Source/.test(body) && /2024-08-01/.test(body), 'details panel has no source and vintage');
      const links = await details.locator('a[href^="tel:"], a[href^="mailto:"]').count();
      assert(links > 0, 'details panel has no tel: or mailto: link');
      assert((await details.locator('script, iframe').count()) === 0, 'details panel contains markup from data');
      await waitForMapIdle(page);
      const selected = await page.evaluate((id) => window.__maillage?.map.getFeatureState({ source: 'maillage-france-services', id }), target.id);
      assert(selected?.selected === true, 'clicked feature is not marked selected on the map');
      await page.screenshot({ path: join(ARTIFACTS, 'desktop.png') });
    });

    await run('selects a France Services from the accessible list', async () => {
      const table = page.getByRole('table', { name: /France Services/ });
      assert((await table.getByRole('row').count()) === EXPECTED_FRANCE_SERVICES + 1, 'list does not have one row per France Services');
      const firstRow = table.locator('tbody tr').first();
      const name = (await firstRow.locator('th').innerText()).trim();
      await firstRow.getByRole('button').click();
      await waitFor(`details of "${name}"`, async () => (await page.locator('#details-title').innerText()).trim() === name, 5_000);
      await waitForMapIdle(page);
    });

    await run('fits a 360×740 phone screen without horizontal scrolling', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      // A fresh load, as a phone would see it (fitted to the département at that size).
      await page.reload({ waitUntil: 'load' });
      await waitForMapIdle(page);
      const canvasWidth = await page.evaluate(() => window.__maillage?.map.getCanvas().clientWidth);
      assert(canvasWidth === 360, `map canvas is ${canvasWidth}px wide on a 360px screen`);
      const target = await findClickTarget(page);
      const origin = await canvasOrigin(page);
      await page.mouse.click(origin.x + target.x, origin.y + target.y);
      await waitFor(`details of "${target.name}"`, async () => (await page.locator('#details-title').innerText()).trim() === target.name, 5_000);
      await waitForMapIdle(page);
      await page.screenshot({ path: join(ARTIFACTS, 'phone.png') });
      await page.screenshot({ path: join(ARTIFACTS, 'phone-full.png'), fullPage: true });
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const excess = document.documentElement.scrollWidth - width;
        // The outermost elements that stick out, to say what to fix.
        const culprits = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > width + 1)
          .filter((el) => !el.closest('.table-scroll, .maplibregl-map') || ['absolute', 'fixed'].includes(getComputedStyle(el).position))
          .filter((el, _, all) => !all.some((o) => o !== el && o.contains(el)))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right ${Math.round(el.getBoundingClientRect().right)}px)`);
        return { excess, culprits };
      });
      assert(overflow.excess <= 0, `page scrolls horizontally by ${overflow.excess}px on a phone: ${overflow.culprits.join(', ')}`);
      const ids = await renderedIds(page, 'france-services');
      assert(ids.length > 0, 'no France Services rendered on a phone');
    });

    await run('logs no console error and no failed request', async () => {
      assert(consoleErrors.length === 0, consoleErrors.join('\n      '));
    });
  } catch (err) {
    results.push({ name: 'setup', ok: false, error: err instanceof Error ? err.message : String(err) });
    log(`  ✗ setup\n      ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await context?.close().catch(() => undefined);
    await stopServer(server);
    rmSync(userDataDir, { recursive: true, force: true });
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`screenshots: ${ARTIFACTS}`);
  log(`${passed} passed, ${failed} failed`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'e2e-result.json'), JSON.stringify({ passed, failed, results }, null, 2));
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`error: ${err instanceof Error ? err.message : String(err)}`);
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
