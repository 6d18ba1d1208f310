import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { runRoads } from '../../../src/cli/actions/roads.action.ts';
import { runSuggest } from '../../../src/cli/actions/suggest.action.ts';
import { folderBundleSource } from '../../../src/cli/io/file-bundle-source.ts';
import { createRoadTimesService, type LngLatPair } from '../../../src/data/roads/road-times.ts';
import { DEPT, E2E_OUT_DIR, ROOT, assert, openApp, waitFor, waitForMapIdle, type E2E } from '../harness.ts';

/**
 * A fictional road network written here, never real roads: a grid over the département's
 * extent, one line every 0.02° each way (the vertices shared where lines cross), a primary
 * road every tenth line, residential streets between.
 */
function fictionalRoadGrid(extent: [number, number, number, number]): unknown {
  const [w, s, e, n] = extent;
  const step = 0.02;
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  const xs = Array.from({ length: Math.floor((e - w) / step) + 1 }, (_, i) => r(w + i * step));
  const ys = Array.from({ length: Math.floor((n - s) / step) + 1 }, (_, j) => r(s + j * step));
  const line = (coordinates: number[][], k: number) => ({
    type: 'Feature',
    properties: { highway: k % 10 === 0 ? 'primary' : 'residential' },
    geometry: { type: 'LineString', coordinates },
  });
  return {
    type: 'FeatureCollection',
    features: [
      ...ys.map((y, j) =>
        line(
          xs.map((x) => [x, y]),
          j,
        ),
      ),
      ...xs.map((x, i) =>
        line(
          ys.map((y) => [x, y]),
          i,
        ),
      ),
    ],
  };
}

/** The served bundle with a road graph built by `roads` from the fictional grid, in a folder of its own. */
async function bundleWithRoads(): Promise<{ root: string; dataDir: string; versionDir: string }> {
  const root = mkdtempSync(join(tmpdir(), 'maillage-e2e-drive-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  cpSync(join(ROOT, E2E_OUT_DIR, 'data', DEPT), join(dataDir, DEPT), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(join(dataDir, DEPT, 'manifest.json'), 'utf8')) as {
    departement: { extent: [number, number, number, number] };
  };
  const file = join(root, 'routes-fictives.geojson');
  writeFileSync(file, JSON.stringify(fictionalRoadGrid(manifest.departement.extent)));
  await runRoads({ dept: DEPT, file, dataDir, versionsDir: join(root, 'versions'), log: () => {}, lockWaitMs: 60_000 });
  return { root, dataDir, versionDir: realpathSync(join(dataDir, DEPT)) };
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.bin': 'application/octet-stream',
};

/** The page reads the bundle with the road graph instead of the served one. */
async function serveBundle(page: Page, versionDir: string): Promise<void> {
  // the context's route: it also serves the coverage worker's requests
  await page.context().route(`**/data/${DEPT}/*`, async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '');
    const path = join(versionDir, name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(path)) return route.continue();
    await route.fulfill({ status: 200, body: readFileSync(path), contentType: TYPES[extname(name)] ?? 'application/octet-stream' });
  });
}

function cliCoverageCsv(dataDir: string): string {
  const out = join(dataDir, 'out.csv');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/index.ts',
      'coverage',
      '--dept',
      DEPT,
      '--data',
      dataDir,
      '--access',
      'drive',
      '--format',
      'csv',
      '--out',
      out,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert(r.status === 0, `CLI coverage --access drive failed (exit ${r.status}): ${r.stderr}`);
  return readFileSync(out, 'utf8');
}

/** The finder's search from a commune, by the combobox (first suggestion). */
async function searchCommune(page: Page, text: string): Promise<void> {
  const input = page.getByRole('combobox', { name: 'Commune ou code postal' });
  await input.click();
  await input.fill(text);
  await waitFor(
    `suggestions for "${text}"`,
    async () => (await page.getByRole('listbox', { name: 'Communes proposées' }).getByRole('option').count()) > 0,
    10_000,
  );
  await input.press('ArrowDown');
  await input.press('Enter');
}

/** The searched point, and each timed result's point and minutes, as the page's store holds them. */
function roadTimesOfPage(page: Page) {
  return page.evaluate(() => {
    const s = window.__maillage!.store.getState();
    const t = s.findRoadTimes;
    if (!s.findOrigin || t?.status !== 'ok') return null;
    const sites = Object.entries(t.minutes).map(([key, minutes]) => {
      const [layer, id] = key.split('\u0000');
      const f = s.layerData[layer]?.features.find((x) => String(x.properties?.id) === id);
      const c = f?.geometry?.type === 'Point' ? f.geometry.coordinates : [NaN, NaN];
      return { key, minutes, lngLat: [c[0], c[1]] as [number, number] };
    });
    return { origin: [s.findOrigin.lngLat[0], s.findOrigin.lngLat[1]] as [number, number], sites };
  });
}

/** Drive time end to end: a hand-written road network through `roads`, then the app's canton table, export and zones. */
export async function driveTimeSuite(t: E2E): Promise<void> {
  const { root, dataDir, versionDir } = await bundleWithRoads();
  try {
    const page = await t.newPage({ acceptDownloads: true });
    await serveBundle(page, versionDir);
    await openApp(page);
    const rows = page.locator('.coverage-table tbody tr');

    await t.check('the finder shows « par la route » minutes measured on the road graph, equal to the core service', async () => {
      await searchCommune(page, 'maubeuge');
      const first = page.locator('[aria-labelledby="find-group-france-services"] ol > li').first();
      await waitFor(
        'a road time on the first France Services',
        async () => (await first.locator('[data-travel-method="road"]').count()) === 1,
        30_000,
      );
      const text = await first.locator('.find-result__distance').innerText();
      assert(/≈ \d+\s?min en voiture par la route/.test(text), `no road time on the first result: ${text}`);
      const note = (await page.locator('.find__assumption').innerText()).replace(/\s+/g, ' ');
      assert(note.includes('routes-fictives.geojson'), `the method note does not name the road file: ${note}`);
      const onPage = await roadTimesOfPage(page);
      assert(onPage && onPage.sites.length > 0, 'no road times in the store');
      const service = createRoadTimesService(folderBundleSource(versionDir));
      const expected = await service.minutesFrom(
        DEPT,
        onPage.origin,
        onPage.sites.map((x) => x.lngLat as LngLatPair),
      );
      for (const [i, x] of onPage.sites.entries())
        assert(
          Math.abs(x.minutes - expected.minutes[i]) < 1e-9,
          `${x.key}: ${x.minutes} min on the page, ${expected.minutes[i]} by the service`,
        );
      const shown = Number(/≈ (\d+)\s?min en voiture par la route/.exec(text)![1]);
      assert(
        onPage.sites.some((x) => Math.max(1, Math.ceil(x.minutes - 1e-9)) === shown),
        `${shown} min shown, none of the measured times rounds to it`,
      );
    });

    await t.check('the canton table shows the drive-time columns measured on the road file, naming it', async () => {
      await page.getByRole('link', { name: 'Espace planification' }).click();
      await waitFor('the coverage table', async () => (await rows.count()) === 41, 60_000);
      const headers = await page.locator('.coverage-table thead th').allTextContents();
      assert(
        headers.some((h) => h.includes('À 30 min en voiture')),
        `no drive-time column in ${headers.join(' | ')}`,
      );
      const caption = (await page.locator('.coverage-table caption').textContent()) ?? '';
      assert(caption.includes('routes-fictives.geojson'), `the caption does not name the road file: ${caption}`);
      const col = headers.findIndex((h) => h.includes('À 30 min en voiture'));
      const cells = await page.locator(`.coverage-table tbody tr td:nth-child(${col + 1})`).allTextContents();
      const filled = cells.filter((c) => /\d+\s%/.test(c)).length;
      assert(filled === 41, `${filled} cantons with a share within 30 min, expected 41 (${cells.slice(0, 5).join(', ')}…)`);
    });

    await t.check('the CSV download has the drive-time columns, equal to coverage --access drive', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV', exact: true }).click()]);
      const path = await download.path();
      assert(path, 'the CSV download has no file');
      const csv = readFileSync(path, 'utf8');
      assert(csv.split('\r\n')[0].includes('population_within_30_min_drive_pct'), 'no drive-time column in the CSV header');
      assert(csv === cliCoverageCsv(dataDir), 'the CSV download differs from `cli coverage --access drive --format csv`');
    });

    await t.check('the Suggestions tab measures by road (30 min), names the road file, and equals suggest --access drive', async () => {
      await page.getByRole('tab', { name: 'Suggestions' }).click();
      await page.getByRole('button', { name: 'Proposer des emplacements' }).click();
      const result = page.locator('.suggest__result');
      await waitFor('the suggestions', async () => (await result.count()) === 1 && (await result.locator('li').count()) === 5, 60_000);
      const text = (await result.innerText()).replace(/\s+/g, ' ');
      assert(text.includes('à 30 min ou moins par la route'), `the result does not say it is measured by road: ${text.slice(0, 300)}`);
      assert(text.includes('routes-fictives.geojson'), 'the result does not name the road file');
      const inApp = await page.evaluate(() => JSON.stringify(window.__maillage!.store.getState().suggestion.result?.suggestions));
      const cli = await runSuggest({
        dept: DEPT,
        dataDir,
        count: 5,
        objective: 'gaps',
        maxKm: 10,
        access: 'drive',
        maxMinutes: 30,
        priorityWeight: 1,
        format: 'json',
      });
      assert(
        inApp === JSON.stringify(cli.result.suggestions),
        `the app's suggestions differ from the CLI's: ${inApp} vs ${JSON.stringify(cli.result.suggestions)}`,
      );
    });

    await t.check('the drive-time zones layer has data and draws its cells on the map', async () => {
      await page.getByRole('tab', { name: 'Couches' }).click();
      const box = page.locator('#layer-isochrones');
      await waitFor('the zones layer in the panel', async () => (await box.count()) > 0, 10_000);
      assert(!(await box.isDisabled()), 'the zones layer is disabled (no data)');
      await box.check();
      await waitForMapIdle(page);
      const drawn = await waitFor(
        'zone cells drawn',
        () =>
          page.evaluate(() => {
            const map = window.__maillage!.map;
            const ids = (map.getStyle().layers ?? []).map((l) => l.id).filter((id) => id.startsWith('isochrones'));
            return map.queryRenderedFeatures({ layers: ids }).length || undefined;
          }),
        20_000,
      );
      assert(drawn > 0, 'no zone cell drawn');
    });

    await t.check('adding the suggested sites to a scenario grows the 30-min zone, on the map too', async () => {
      await page.getByRole('tab', { name: 'Suggestions' }).click();
      await page.getByRole('button', { name: 'Tout ajouter au scénario' }).click();
      const zones = await waitFor(
        'the scenario’s drive-time zones',
        () =>
          page.evaluate(() => {
            const s = window.__maillage!.store.getState();
            const z = s.scenarioOutcome?.zones;
            if (!z || s.scenario?.operations.length !== 5) return null;
            // no named inner function here: the test runner's transform would wrap it in a helper the page lacks
            const base = new Map(s.layerData.isochrones!.features.map((f) => [String(f.properties?.id), Number(f.properties?.band)]));
            const grown: string[] = [];
            let lost = 0;
            let after = 0;
            z.cellIds.forEach((id, i) => {
              const was = (base.get(id) ?? 9) <= 2;
              const now = z.band[i] <= 2;
              if (now) after++;
              if (now && !was) grown.push(id);
              if (was && !now) lost++;
            });
            const before = [...base.values()].filter((b) => b <= 2).length;
            const picked = grown.slice(0, 3);
            return {
              before,
              after,
              grown: picked,
              lost,
              bandOf: Object.fromEntries(picked.map((id) => [id, z.band[z.cellIds.indexOf(id)]])),
            };
          }),
        60_000,
      );
      assert(zones.after > zones.before, `the 30-min zone did not grow: ${zones.before} → ${zones.after} cells`);
      assert(zones.lost === 0, `${zones.lost} cells left the 30-min zone when sites were only added`);
      assert(zones.grown.length > 0, 'no cell entered the 30-min zone');
      await waitForMapIdle(page);
      // each cell that entered the zone is coloured in its new band (choropleth class = band for 0–2)
      await waitFor(
        'the grown cells recoloured on the map in their scenario band',
        () =>
          page.evaluate(
            ({ ids, bands }) => {
              const map = window.__maillage!.map;
              return ids.every((id) => map.getFeatureState({ source: 'maillage-isochrones', id })?.choropleth === bands[id]) || null;
            },
            { ids: zones.grown, bands: zones.bandOf },
          ),
        20_000,
      );
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
