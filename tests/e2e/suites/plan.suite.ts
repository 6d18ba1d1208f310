import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { ARTIFACTS, BASE_URL, DEPT, E2E_OUT_DIR, EXPECTED_FRANCE_SERVICES, ROOT, assert, log, waitFor, type E2E } from '../harness.ts';

/** The day the issue asks about: the network at the end of 2020. */
const END_2020 = '2020-12-31';

type PlanRecord = { action: string | null; indicator: string; measured: number | null; as_of: string | null; status: string };

/** The CLI's plan-status rows for the bundle the app serves (dist-e2e/data). */
function cliPlanStatus(): PlanRecord[] {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/index.ts', 'plan-status', '--dept', DEPT, '--data', `${E2E_OUT_DIR}/data`, '--format', 'json'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert(r.status === 0, `CLI plan-status failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PlanRecord[];
}

/** A file of the served bundle, read directly (the oracle side). */
function bundleJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(ROOT, E2E_OUT_DIR, 'data', DEPT, file), 'utf8')) as T;
}

/** France Services of the list labelled on or before `day` (a direct filter of the source rows). */
function listedBy(day: string): number {
  const fs = bundleJson<{ features: { properties: { labelled_on: string | null } }[] }>('france-services.geojson');
  return fs.features.filter((f) => f.properties.labelled_on !== null && f.properties.labelled_on <= day).length;
}

/** The first whole number of a cell (« 12 (10 sites fixes + 2 bus) » → 12; French thousands spaces allowed). */
const firstNumber = (text: string) => Number(/\d[\d\s\u202f\u00a0]*/.exec(text)?.[0].replace(/\D/g, '') ?? Number.NaN);

/** Opens the Plan view of `dept` and checks it shows the measures alone, each « aucun plan chargé ». */
async function checkNoPlan(page: Page, dept: string, screenshot: string) {
  await page.goto(`${BASE_URL}?dept=${dept}&vue=plan`, { waitUntil: 'load' });
  await waitFor('the measures without a plan', async () => (await page.locator('.plan-table tbody tr').count()) > 0, 60_000);
  const notice = await page.locator('.plan-notice').innerText();
  assert(/Aucun plan chargé/.test(notice), `notice « ${notice} »`);
  assert((await page.locator('section.plan-action[data-action]').count()) === 0, 'action sections shown without a plan');
  const statuses = await page.locator('.plan-table tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  assert(
    statuses.every((x) => x === 'no plan loaded'),
    `statuses without a plan: ${[...new Set(statuses)].join(', ')}`,
  );
  const measured = await page.locator('.plan-table tbody tr[data-measured]:not([data-measured=""])').count();
  assert(measured > 0, 'no measure shown without a plan');
  await page.screenshot({ path: join(ARTIFACTS, screenshot) });
}

/** Opens the planner (`?vue=couverture`) and waits for its table, not for the map (the checks here do not need it). */
async function openPlanner(page: Page) {
  await page.goto(`${BASE_URL}?vue=planifier`, { waitUntil: 'load' });
  await waitFor('the coverage table', async () => (await page.locator('.coverage-table tbody tr').count()) > 0, 90_000);
}

async function showTable(page: Page, scope: string) {
  await page.locator(`${scope} .chart-table-toggle`).first().click();
}

/** The Plan view (`?vue=plan`), the growth chart of the planner, the Excel workbook and the printed canton sheet. */
export async function planSuite(t: E2E): Promise<void> {
  const plan = bundleJson<{ actions: { id: string }[] }>('plan.json');
  const cli = cliPlanStatus();

  await t.check('the Plan view lists every action of the seed, with the CLI’s measured values for A01, A03 and A06', async () => {
    const page = await t.newPage();
    await page.goto(`${BASE_URL}?vue=plan`, { waitUntil: 'load' });
    await waitFor(
      'the plan indicators',
      async () => (await page.locator('.plan-action[data-action="A06"] .plan-table tbody tr').count()) > 0,
      60_000,
    );
    const sections = await page.locator('section.plan-action').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    assert(
      JSON.stringify(sections) === JSON.stringify(plan.actions.map((a) => a.id)),
      `sections ${sections.join(',')}, seed actions ${plan.actions.map((a) => a.id).join(',')}`,
    );
    const rows = await page.locator('.plan-table tbody tr').evaluateAll((els) =>
      els.map((e) => ({
        action: e.getAttribute('data-action'),
        indicator: e.getAttribute('data-indicator'),
        measured: e.getAttribute('data-measured'),
        asOf: e.getAttribute('data-as-of'),
        status: e.getAttribute('data-status'),
      })),
    );
    assert(rows.length === cli.length, `${rows.length} indicator rows in the view, ${cli.length} from the CLI`);
    cli.forEach((c, i) => {
      const r = rows[i];
      const same =
        r.action === (c.action ?? '') &&
        r.indicator === c.indicator &&
        r.measured === String(c.measured ?? '') &&
        r.asOf === (c.as_of ?? '') &&
        r.status === c.status;
      assert(same, `row ${i}: view ${JSON.stringify(r)}, CLI ${JSON.stringify(c)}`);
    });
    for (const id of ['A01', 'A03', 'A06']) {
      const measured = rows.filter((r) => r.action === id && r.measured !== '').length;
      assert(measured > 0, `${id} has no measured value`);
    }
    const pilots = await page.locator('.plan-action[data-action="A01"]').innerText();
    assert(pilots.includes('DCPI') && pilots.includes('CD 59'), 'A01 does not name its pilots');
    // A06's chart: uPlot's canvas, and the same figures as a table
    await waitFor(
      'the A06 chart',
      async () => (await page.locator('.plan-action[data-action="A06"] .year-chart canvas').count()) > 0,
      20_000,
    );
    await showTable(page, '.plan-action[data-action="A06"] .year-chart');
    const years = await page
      .locator('.plan-action[data-action="A06"] .year-table tbody tr')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-year'), e.querySelector('td')?.textContent ?? ''] as const));
    const cliYears = cli.filter((c) => c.indicator === 'adultes_relais_posts').map((c) => [c.as_of, c.measured] as const);
    assert(
      JSON.stringify(years.map(([y, v]) => [y, firstNumber(v)])) === JSON.stringify(cliYears),
      `A06 table ${JSON.stringify(years)}, CLI ${JSON.stringify(cliYears)}`,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'plan-view.png') });
    await waitFor(
      'the A01 growth chart',
      async () => (await page.locator('.plan-action[data-action="A01"] .growth canvas').count()) > 0,
      60_000,
    );
    await page.locator('.plan-action[data-action="A01"]').screenshot({ path: join(ARTIFACTS, 'plan-a01.png') });
    await page.locator('.plan-action[data-action="A06"]').screenshot({ path: join(ARTIFACTS, 'plan-a06.png') });
    await page.context().close();
  });

  await t.check('a bundle without a plan: the measures alone, each « aucun plan chargé »', async () => {
    const context = await t.newContext();
    // the same bundle, its manifest saying the département has no plan (as the Pas-de-Calais')
    await context.route(`**/data/${DEPT}/manifest.json`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), plan: null } });
    });
    const page = await context.newPage();
    await checkNoPlan(page, DEPT, 'plan-none.png');
    await context.close();
  });

  await t.check('the Pas-de-Calais bundle (when built): « aucun plan chargé »', async () => {
    if (!existsSync(join(ROOT, E2E_OUT_DIR, 'data', '62', 'manifest.json'))) {
      log('  (no Pas-de-Calais bundle in public/data/62: run "npm run -s cli -- data --dept 62" to check it too)');
      return;
    }
    const page = await t.newPage();
    await checkNoPlan(page, '62', 'plan-62.png');
    await page.context().close();
  });

  await t.check(
    'the growth chart of the planner: 2020-12-31 shows fewer France Services than today, equal to the list filtered by labelling date',
    async () => {
      const page = await t.newPage();
      await openPlanner(page);
      // the chart is the workspace's « Évolution » tab
      await page.getByRole('tab', { name: 'Évolution' }).click();
      const growth = page.locator('.planner .growth');
      await waitFor('the growth chart', async () => (await growth.locator('canvas').count()) > 0, 60_000);
      await showTable(page, '.planner .growth');
      const rows = await growth.locator('.growth-table tbody tr').evaluateAll((els) =>
        els.map((e) => ({
          date: e.getAttribute('data-date') ?? '',
          fs: e.querySelector('[data-col="france-services"]')?.textContent ?? '',
        })),
      );
      assert(rows.length > 2, `${rows.length} rows in the growth table`);
      const last = rows.at(-1)!;
      assert(firstNumber(last.fs) === EXPECTED_FRANCE_SERVICES, `last row ${last.date}: ${last.fs}, expected ${EXPECTED_FRANCE_SERVICES}`);
      const at2020 = rows.filter((r) => r.date <= END_2020).at(-1);
      assert(at2020, `no row on or before ${END_2020}`);
      const expected = listedBy(END_2020);
      assert(
        firstNumber(at2020.fs) === expected,
        `on ${END_2020}: ${at2020.fs} France Services, the list filtered by labelling date gives ${expected}`,
      );
      assert(expected < EXPECTED_FRANCE_SERVICES, `${expected} France Services at the end of 2020, not fewer than today`);
      const notes = await growth.locator('.growth-notes').innerText();
      assert(/Instantané d’octobre 2020/.test(notes), 'the notes do not compare with the October 2020 snapshot');
      await growth.locator('canvas').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'growth-chart.png') });
      await page.context().close();
    },
  );

  await t.check('the Excel download opens with its two sheets, codes as text', async () => {
    const page = await t.newPage({ acceptDownloads: true });
    await openPlanner(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Classeur Excel (.xlsx)' }).click(),
    ]);
    assert(/^couverture-cantons-59-.*\.xlsx$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
    const path = await download.path();
    assert(path, 'the workbook download has no file');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((w) => w.name);
    assert(JSON.stringify(names) === JSON.stringify(['Cantons', 'Lisez-moi']), `sheets ${names.join(', ')}`);
    const sheet = workbook.getWorksheet('Cantons')!;
    assert(sheet.rowCount === 41 + 1 + 1 || sheet.rowCount === 41 + 1, `${sheet.rowCount} rows in the Cantons sheet`);
    const code = sheet.getRow(2).getCell(1).value;
    assert(typeof code === 'string' && /^\d{4}$/.test(code), `first canton code ${JSON.stringify(code)} is not a 4-digit text`);
    await page.context().close();
  });

  await t.check('the printed canton sheet: one canton, its map, figures and sites, the app hidden', async () => {
    const page = await t.newPage();
    await openPlanner(page);
    const first = page.locator('.coverage-table tbody tr').first();
    const code = await first.getAttribute('data-canton');
    await first.locator('button').first().click();
    await page.getByRole('button', { name: /Imprimer la fiche du canton de/ }).waitFor();
    await page.emulateMedia({ media: 'print' });
    await waitFor('the sheet map', async () => (await page.locator('.print-sheet .canton-map path').count()) > 0, 20_000);
    const shown = await page.evaluate(() => ({
      sheet: getComputedStyle(document.querySelector('.print-sheet')!).display,
      layout: getComputedStyle(document.querySelector('main.layout')!).display,
      title: document.querySelector('#print-sheet-title')?.textContent ?? '',
      figures: document.querySelectorAll('.print-sheet__figures dt').length,
    }));
    assert(shown.sheet !== 'none' && shown.layout === 'none', `print: sheet ${shown.sheet}, layout ${shown.layout}`);
    assert(shown.title.includes(`(${code})`), `sheet title « ${shown.title} » for canton ${code}`);
    assert(shown.figures >= 8, `${shown.figures} figures on the sheet`);
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: join(ARTIFACTS, 'canton-sheet-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.context().close();
  });
}
