import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS,
  BASE_URL,
  EXPECTED_FRANCE_SERVICES,
  assert,
  openApp,
  renderedIds,
  waitFor,
  waitForMapIdle,
  type E2E,
} from '../harness.ts';

/** Runs of the load-to-idle measurement reported in the closing note (median of these). */
const IDLE_RUNS = 5;

const query = (url: string) => new URL(url).searchParams;

/** Serves `data/index.json` as `data --all` writes it, listing these départements (code, name). */
async function serveIndex(page: Page, departements: [string, string][]): Promise<void> {
  await page.route('**/data/index.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        format: 'maillage-bundle-index',
        version: 1,
        departements: departements.map(([code, name]) => ({ code, name, built_at: '2026-11-29T00:00:00.000Z' })),
      }),
    }),
  );
}

/** Shareable links, back/forward, embed mode, a start with the network blocked, and time to idle. */
export async function urlSuite(t: E2E): Promise<void> {
  await t.check('the header offers the départements built on the site, and switching keeps the view', async () => {
    const page = await t.newPage();
    // the list is served as data --all would write it (two départements); the Nord's bundle is the real one
    await serveIndex(page, [
      ['59', 'Nord'],
      ['62', 'Pas-de-Calais'],
    ]);
    // the selector does not wait for the map
    await page.goto(`${BASE_URL}?dept=59&vue=planifier&carte=9/50.4/3.1`, { waitUntil: 'load' });
    const select = page.getByRole('combobox', { name: 'Département' });
    await waitFor('the département selector', () => select.isVisible(), 15_000);
    const options = await select.locator('option').allInnerTexts();
    assert(JSON.stringify(options) === JSON.stringify(['59 — Nord', '62 — Pas-de-Calais']), `options ${JSON.stringify(options)}`);
    assert((await select.inputValue()) === '59', 'the current département is not the one selected');
    await select.focus();
    const [navigation] = await Promise.all([page.waitForURL(/dept=62/), page.keyboard.press('ArrowDown')]);
    void navigation;
    const q = query(page.url());
    assert(q.get('dept') === '62' && q.get('vue') === 'planifier' && q.get('carte') === null, `switched to ${page.url()}`);
    await page.context().close();
  });

  await t.check('with one département built, no selector is shown', async () => {
    const page = await t.newPage();
    await serveIndex(page, [['59', 'Nord']]);
    await page.goto(`${BASE_URL}?dept=59`, { waitUntil: 'load' });
    await waitFor('the Nord’s bundle', () => page.evaluate(() => window.__maillage!.store.getState().manifestStatus === 'loaded'), 60_000);
    await page.waitForLoadState('networkidle');
    assert((await page.getByRole('combobox', { name: 'Département' }).count()) === 0, 'a selector with nothing to choose');
    await page.context().close();
  });

  await t.check('a shared link opens the same view, layers, selection and planner', async () => {
    const page = await t.newPage();
    const link =
      '?dept=59&carte=11.5/50.63/3.06&couches=france-services,cantons,departement&sel=france-services:345&vue=couverture&filtre=ecarts';
    await openApp(page, link);
    await waitFor('the planner table', async () => (await page.locator('.coverage-table tbody tr').count()) > 0, 30_000);
    const state = await page.evaluate(() => {
      const s = window.__maillage!.store.getState();
      const c = window.__maillage!.map.getCenter();
      return {
        visible: Object.entries(s.visible)
          .filter(([, v]) => v)
          .map(([id]) => id)
          .sort(),
        selected: s.selected,
        planner: s.plannerOpen,
        filter: s.coverageFilter,
        zoom: window.__maillage!.map.getZoom(),
        lng: c.lng,
        lat: c.lat,
      };
    });
    assert(
      JSON.stringify(state.visible) === JSON.stringify(['cantons', 'departement', 'france-services']),
      `visible layers ${state.visible.join(',')}`,
    );
    assert(state.selected?.layer === 'france-services' && state.selected.id === '345', `selection ${JSON.stringify(state.selected)}`);
    assert(state.planner && state.filter.gapsOnly, 'the planner view or its filter did not open from the link');
    assert(
      Math.abs(state.zoom - 11.5) < 0.01 && Math.abs(state.lng - 3.06) < 1e-4 && Math.abs(state.lat - 50.63) < 1e-4,
      `map view ${state.zoom}/${state.lat}/${state.lng}`,
    );
    const title = (await page.locator('#details-title').innerText()).trim();
    assert(title.length > 0, 'the selected site has no details');
    await page.context().close();
  });

  await t.check('a link with the communes layer off fetches no communes until the commune search gets the focus', async () => {
    const page = await t.newPage();
    let communeRequests = 0;
    page.on('request', (r) => {
      // the communes' TopoJSON copy when the bundle has one, else their GeoJSON
      if (/\/communes\.(topojson|geojson)$/.test(new URL(r.url()).pathname)) communeRequests++;
    });
    await openApp(page, '?dept=59&couches=france-services,departement');
    await page.waitForLoadState('networkidle');
    assert(communeRequests === 0, `the communes fetched ${communeRequests} time(s) with their layer off`);
    await page.getByRole('combobox', { name: 'Commune ou code postal' }).focus();
    await waitFor('the communes fetched once the search box has the focus', async () => communeRequests === 1, 30_000);
    await page.context().close();
  });

  await t.check('a link carries the map filters and the year, and the list view follows the filters', async () => {
    const page = await t.newPage();
    await openApp(
      page,
      '?couches=france-services,digital-inclusion,health-mediators,departement&f.digital-inclusion.labels=Aidants+Connect&annee=2023',
    );
    const state = await page.evaluate(() => {
      const s = window.__maillage!.store.getState();
      return { filters: s.layerFilters, year: s.mediatorsYear };
    });
    assert(
      JSON.stringify(state.filters['digital-inclusion']?.labels) === '["Aidants Connect"]',
      `filters from the link: ${JSON.stringify(state.filters)}`,
    );
    assert(state.year === 2023, `year from the link: ${state.year}`);
    const expected = await page.evaluate(
      () =>
        window
          .__maillage!.store.getState()
          .layerData['digital-inclusion']!.features.filter((f) =>
            (f.properties?.labels as string[] | undefined)?.includes('Aidants Connect'),
          ).length,
    );
    await page.getByLabel('Couche', { exact: true }).selectOption('digital-inclusion');
    const table = page.locator('.list-view table');
    await waitFor('the filtered list', async () => (await table.locator('tbody tr').count()) === expected, 10_000);
    const caption = await table.locator('caption').innerText();
    assert(/filtres de la carte appliqués/.test(caption), `the list does not say the map's filters apply: "${caption}"`);
    await page.context().close();
  });

  await t.check('the URL follows the app and back/forward walk through it', async () => {
    const page = await t.newPage();
    await openApp(page);
    await waitFor('the link to settle', async () => query(page.url()).has('carte'), 5_000);
    const start = page.url();
    await page.getByRole('checkbox', { name: /^France Services\s+52\b/ }).uncheck();
    await waitFor(
      'the layer change in the URL',
      async () => !(query(page.url()).get('couches') ?? 'france-services').split(',').includes('france-services'),
      5_000,
    );
    await page.getByRole('link', { name: 'Espace planification' }).click();
    await waitFor('the planner in the URL', async () => query(page.url()).get('vue') === 'planifier', 10_000);
    await page.getByRole('tab', { name: 'Règle' }).click();
    await page.getByLabel('France Services par canton', { exact: true }).fill('3');
    await waitFor('the rule in the URL', async () => (query(page.url()).get('regle') ?? '').startsWith('3-'), 10_000);
    await page.goBack();
    await waitFor(
      'the rule back to the default',
      async () => (await page.evaluate(() => window.__maillage!.store.getState().coverageRule?.target)) === 1,
      5_000,
    );
    await page.goBack();
    await waitFor('the planner closed', async () => !(await page.evaluate(() => window.__maillage!.store.getState().plannerOpen)), 5_000);
    await page.goBack();
    await waitFor(
      'France Services shown again',
      async () => await page.evaluate(() => window.__maillage!.store.getState().visible['france-services'] === true),
      5_000,
    );
    await waitForMapIdle(page);
    assert(
      (await renderedIds(page, 'france-services')).length === EXPECTED_FRANCE_SERVICES,
      'France Services not drawn again after going back',
    );
    assert(page.url() === start, `back to the start gives ${page.url()}, expected ${start}`);
    await page.goForward();
    await waitFor(
      'France Services hidden again',
      async () => await page.evaluate(() => window.__maillage!.store.getState().visible['france-services'] === false),
      5_000,
    );
    await page.context().close();
  });

  await t.check('embed mode shows the map alone, with a link to the full app', async () => {
    const page = await t.newPage({ viewport: { width: 600, height: 450 } });
    await openApp(page, '?embed=1');
    assert(
      (await page.locator('.app-header, .layout__layers, .fs-table').count()) === 0,
      'embed mode still shows the header, the side panel or the list',
    );
    const box = await page.locator('[data-testid="map"]').boundingBox();
    assert(box && box.width === 600 && box.height === 450, `the embedded map is ${box?.width}×${box?.height}, not the whole frame`);
    const href = await page.getByRole('link', { name: /Ouvrir dans Maillage/ }).getAttribute('href');
    assert(href && !query(href).has('embed'), `"Ouvrir dans Maillage" points to ${href}`);
    assert(
      (await renderedIds(page, 'france-services')).length === EXPECTED_FRANCE_SERVICES,
      'the embedded map does not draw the France Services',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'embed.png') });
    await page.context().close();
  });

  await t.check('starts and works with every request outside the app blocked', async () => {
    const context = await t.newContext();
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(BASE_URL) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    await openApp(page);
    assert(
      (await renderedIds(page, 'france-services')).length === EXPECTED_FRANCE_SERVICES,
      'France Services missing with the network blocked',
    );
    await page.getByRole('link', { name: 'Espace planification' }).click();
    await waitFor('the planner table offline', async () => (await page.locator('.coverage-table tbody tr').count()) === 41, 30_000);
    assert(blocked.length === 0, `the app tried to reach the network at start: ${blocked.slice(0, 3).join(', ')}`);
    await context.close();
  });

  await t.check(`reaches map idle on ${IDLE_RUNS} fresh loads (times in e2e-result.json)`, async () => {
    for (let i = 0; i < IDLE_RUNS; i++) {
      const page = await t.newPage();
      t.idleTimesMs.push(await openApp(page));
      await page.context().close();
    }
  });
}
