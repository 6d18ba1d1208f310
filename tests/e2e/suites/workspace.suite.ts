import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppState } from '../../../src/state/app-state.ts';
import { ARTIFACTS, BASE_URL, assert, waitFor, waitForMapIdle, type E2E } from '../harness.ts';

/** Facts of the Nord bundle (INSEE COG 2024, France Services list 2024). */
const NORD_CANTONS = 41;
/** Cantons of the Nord without any France Services (fixed or bus) in the list. */
const WITHOUT_FRANCE_SERVICES = ['5902', '5905', '5913', '5924', '5926', '5937', '5940'];
/** Croix: no France Services today, target 2 under the département's rule (a priority canton). */
const CROIX = '5913';
const CROIX_COMMUNE = '59163';
const VIEWPORT = { width: 1366, height: 768 };

const rows = (page: Page) => page.locator('.coverage-table tbody tr');
/** Reads the app's store in the page (the function is sent as source: it closes over nothing). */
const state = <T>(page: Page, read: (s: AppState) => T): Promise<T> =>
  page.evaluate(`(${read.toString()})(window.__maillage.store.getState())`) as Promise<T>;

/** Opens the workspace; the first load computes the planning session, slow on a busy machine. */
async function openWorkspace(page: Page, search = '?vue=planifier'): Promise<void> {
  await page.goto(BASE_URL + search, { waitUntil: 'load' });
  await waitFor('the canton table', async () => (await rows(page).count()) > 0, 90_000);
  await waitForMapIdle(page, 90_000);
}

/** Gap of a canton in the table shown (store) and its level on the map (feature state). */
async function cantonFigures(page: Page, code: string): Promise<{ gap: number; level: number; fs: number }> {
  return page.evaluate((id) => {
    const h = window.__maillage!;
    const row = h.store.getState().coverageTable!.rows.find((r) => r.cantonCode === id)!;
    const level = Number(h.map.getFeatureState({ source: 'maillage-cantons', id })?.coverage ?? -1);
    return { gap: row.gap, level, fs: row.franceServices };
  }, code);
}

/** The planner's workspace (`?vue=planifier`): layout, names, filters, the rule's warning, scenarios, links, dates, suggestions. */
export async function workspaceSuite(t: E2E): Promise<void> {
  const context = await t.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();

  await t.check('at 1366×768 the workspace shows the whole Nord with canton names, and the table beside it', async () => {
    await openWorkspace(page);
    await page.screenshot({ path: join(ARTIFACTS, 'workspace-1366.png') });
    assert((await rows(page).count()) === NORD_CANTONS, `${await rows(page).count()} rows`);
    const view = await page.evaluate(() => {
      const h = window.__maillage!;
      const e = h.store.getState().manifest!.departement.extent;
      const b = h.map.getBounds();
      const names = new Set(h.map.queryRenderedFeatures({ layers: ['cantons--label'] }).map((f) => String(f.properties?.name)));
      const canvas = h.map.getCanvas().getBoundingClientRect();
      return { whole: b.contains([e[0], e[1]]) && b.contains([e[2], e[3]]), names: names.size, width: canvas.width };
    });
    assert(view.whole, 'the whole département is not in view');
    assert(view.names >= 25, `only ${view.names} canton names drawn at the département's zoom`);
    assert(view.width >= VIEWPORT.width * 0.5, `the map is only ${view.width}px wide`);
    const table = await page.locator('.coverage-table').boundingBox();
    assert(table && table.x >= view.width * 0.9 && table.y < VIEWPORT.height, 'the table is not docked beside the map');
    assert((await page.locator('#find-title').count()) === 0, 'the resident search is shown in the workspace');
  });

  await t.check('the default rule is said not to discriminate, and the rule comes back in one click', async () => {
    const note = page.locator('[data-note="undiscriminating"]');
    await note.waitFor();
    assert(/ne distingue plus/.test(await note.innerText()), 'no plain message about the rule');
    await page.getByRole('tab', { name: 'Règle' }).click();
    await page.getByLabel('France Services par canton', { exact: true }).fill('3');
    await page.getByLabel('… par canton prioritaire').fill('1');
    await page.locator('[data-note="contradictory"]').waitFor();
    await page.getByRole('button', { name: 'Revenir à la règle du département' }).click();
    await waitFor('the default rule back', async () => (await state<number>(page, (s) => s.coverageRule!.target)) === 1, 5_000);
    assert((await page.locator('[data-note="contradictory"]').count()) === 0, 'the contradiction is still flagged');
    await page.getByRole('tab', { name: 'Tableau' }).click();
  });

  await t.check('one click lists the 7 cantons without France Services', async () => {
    await page.getByRole('button', { name: /^Sans France Services/ }).click();
    await waitFor('7 rows', async () => (await rows(page).count()) === WITHOUT_FRANCE_SERVICES.length, 5_000);
    const codes = (await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-canton')))).sort();
    assert(JSON.stringify(codes) === JSON.stringify(WITHOUT_FRANCE_SERVICES), `cantons ${codes.join(',')}`);
    assert(new URL(page.url()).searchParams.get('filtre') === 'sans-fs', `filter not in the link: ${page.url()}`);
    await page.getByRole('button', { name: /^Tous/ }).click();
    await waitFor('every canton back', async () => (await rows(page).count()) === NORD_CANTONS, 5_000);
  });

  await t.check('focusing a canton shows its figures; choosing it lists its sites and communes', async () => {
    const row = page.locator(`.coverage-table tbody tr[data-canton="${CROIX}"]`);
    // the pointer away from the table and the map: a row scrolled under it would be hovered instead
    await page.mouse.move(200, 20);
    await row.locator('th button').focus();
    await page.locator(`.canton-card[data-canton="${CROIX}"]`).waitFor();
    assert(/écart/.test(await page.locator('.canton-card').innerText()), 'the card does not give the status');
    await row.locator('th button').click();
    await waitFor('the canton details', async () => (await page.locator('#details-title').innerText()).trim() === 'Croix', 5_000);
    const details = await page.locator('.details').innerText();
    assert(/France Services du canton/.test(details), 'the details do not list the canton’s sites');
    assert(/Croix/.test(details) && /Communes/i.test(details), 'the details do not list the canton’s communes');
    await page.keyboard.press('Escape');
  });

  await t.check('adding a hypothetical site in Croix on the map changes its status in the table and on the map', async () => {
    const before = await cantonFigures(page, CROIX);
    assert(before.gap === 2 && before.level === 2, `Croix today: ${JSON.stringify(before)}`);
    await page.getByRole('tab', { name: 'Scénario' }).click();
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    const at = await page.evaluate((code) => {
      const h = window.__maillage!;
      const c = h.store.getState().coverageCandidates!.find((x) => x.communeCode === code)!;
      const p = h.map.project(c.lngLat as [number, number]);
      const r = h.map.getCanvas().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, CROIX_COMMUNE);
    await page.mouse.click(at.x, at.y);
    await waitFor('the scenario applied', async () => (await cantonFigures(page, CROIX)).gap === 1, 15_000);
    await waitForMapIdle(page);
    const after = await cantonFigures(page, CROIX);
    assert(after.level === 1 && after.fs === 1, `Croix with the site: ${JSON.stringify(after)}`);
    await page.getByRole('button', { name: 'Terminer' }).first().click();
    await page.getByRole('tab', { name: 'Tableau' }).click();
    const cell = await page.locator(`.coverage-table tbody tr[data-canton="${CROIX}"]`).innerText();
    assert(/Écart : 2/.test(cell) && /Écart : 1/.test(cell), `the row does not show before → after: ${cell}`);
    const drawn = await page.evaluate(() => window.__maillage!.map.queryRenderedFeatures({ layers: ['planner--hypothetical'] }).length);
    assert(drawn === 1, `${drawn} hypothetical sites drawn`);
    await page.screenshot({ path: join(ARTIFACTS, 'workspace-scenario.png') });
  });

  let link = '';
  await t.check('the scenario survives a reload (IndexedDB) and a shared link', async () => {
    await waitFor('the scenario in the link', async () => new URL(page.url()).searchParams.getAll('op').length === 1, 5_000);
    link = new URL(page.url()).search;
    // a reload without the link's scenario: it is still saved in the browser
    await openWorkspace(page);
    const saved = await state<string[]>(page, (s) => s.savedScenarios.map((x) => x.name));
    assert(saved.length === 1, `saved scenarios after reload: ${saved.join(', ')}`);
    await page.getByRole('tab', { name: 'Scénario' }).click();
    await page.locator('.scenario-picker select').selectOption({ label: `${saved[0]} (1 modification)` });
    await waitFor('the saved scenario applied', async () => (await cantonFigures(page, CROIX)).gap === 1, 15_000);
    // the link in a fresh browser profile (nothing stored)
    const other = await t.newContext({ viewport: VIEWPORT });
    const shared = await other.newPage();
    await openWorkspace(shared, link);
    await waitFor('the shared scenario applied', async () => (await cantonFigures(shared, CROIX)).gap === 1, 15_000);
    assert((await state<boolean>(shared, (s) => s.scenario!.saved)) === false, 'a shared scenario was stored before any edit');
    await other.close();
  });

  await t.check('the date slider shows the network as of a day, carried in the link', async () => {
    await page.getByRole('tab', { name: 'Tableau' }).click();
    await page.evaluate(() => window.__maillage!.store.getState().closeScenario());
    const today = await state<number>(page, (s) => s.coverageTable!.total.franceServices);
    const slider = page.locator('.date-slider input[type="range"]');
    await slider.focus();
    await page.keyboard.press('Home');
    await waitFor('a date in the link', async () => new URL(page.url()).searchParams.has('date'), 5_000);
    await waitFor(
      'the table as of the first day',
      async () => (await state<string>(page, (s) => s.coverageDateStatus)) === 'loaded',
      30_000,
    );
    const then = await state<number>(page, (s) => s.coverageTable!.total.franceServices);
    assert(then < today, `as of the first labelling: ${then} France Services, today ${today}`);
    const day = new URL(page.url()).searchParams.get('date')!;
    const fresh = await t.newContext({ viewport: VIEWPORT });
    const dated = await fresh.newPage();
    await openWorkspace(dated, `?vue=planifier&date=${day}`);
    await waitFor(
      'the dated table from a link',
      async () => (await state<string>(dated, (s) => s.coverageDateStatus)) === 'loaded',
      30_000,
    );
    assert(
      (await state<number>(dated, (s) => s.coverageTable!.total.franceServices)) === then,
      'the link gives another table for that day',
    );
    await fresh.close();
    await page.getByRole('button', { name: /^Revenir au / }).click();
    await waitFor('back to the list’s date', async () => !new URL(page.url()).searchParams.has('date'), 5_000);
  });

  await t.check('suggested placements are listed and added to a scenario in one click', async () => {
    await page.getByRole('tab', { name: 'Suggestions' }).click();
    await page.getByLabel(/Nombre de nouvelles France Services/).fill('3');
    await page.getByRole('button', { name: 'Proposer des emplacements' }).click();
    await waitFor(
      '3 suggestions',
      async () => (await state<number>(page, (s) => s.suggestion.result?.suggestions.length ?? 0)) === 3,
      60_000,
    );
    await page.getByRole('button', { name: 'Tout ajouter au scénario' }).click();
    await waitFor(
      'the suggestions in a scenario',
      async () => (await state<number>(page, (s) => s.scenario?.operations.length ?? 0)) === 3,
      5_000,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'workspace-suggestions.png') });
  });

  await context.close();
}
