import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, DEPT, E2E_OUT_DIR, ROOT, assert, openApp, waitFor, waitForMapIdle, type E2E } from '../harness.ts';

/** The Nord has 41 cantons (INSEE COG). */
const NORD_CANTONS = 41;

/** The CLI's coverage output for the same bundle as the served app (dist-e2e/data). */
function cliCoverage(format: 'csv' | 'csv-fr', extra: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-cov-'));
  try {
    const out = join(dir, 'out.csv');
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
        `${E2E_OUT_DIR}/data`,
        '--format',
        format,
        '--out',
        out,
        ...extra,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    assert(r.status === 0, `CLI coverage failed (exit ${r.status}): ${r.stderr}`);
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** canton_code → gap, from a CLI CSV (canton rows only). */
function gapsOf(csv: string): Map<string, number> {
  const [header, ...lines] = csv.trim().split('\r\n');
  const cols = header.split(',');
  const code = cols.indexOf('canton_code');
  const gap = cols.indexOf('gap');
  const type = cols.indexOf('row_type');
  const gaps = new Map<string, number>();
  for (const line of lines) {
    // canton names hold no comma or quote in the Nord, except quoted split-commune lists placed after these columns
    const cells = line.split(',');
    if (cells[type] === 'canton') gaps.set(cells[code], Number(cells[gap]));
  }
  return gaps;
}

/** Coverage level per canton as set on the map (feature state of the cantons source). */
async function mapLevels(page: Page, codes: string[]): Promise<Map<string, number>> {
  const levels = await page.evaluate((ids) => {
    const map = window.__maillage!.map;
    return ids.map((id) => [id, Number(map.getFeatureState({ source: 'maillage-cantons', id })?.coverage ?? -1)] as const);
  }, codes);
  return new Map(levels);
}

const levelOf = (gap: number) => (gap <= 0 ? 0 : gap === 1 ? 1 : 2);

async function downloadText(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  const path = await download.path();
  assert(path, `download "${button}" has no file`);
  return readFileSync(path, 'utf8');
}

/** The planner view: choropleth + table, rule editing, downloads equal to the CLI. */
export async function plannerSuite(t: E2E): Promise<void> {
  const page = await t.newPage({ acceptDownloads: true });
  await openApp(page);
  const rows = page.locator('.coverage-table tbody tr');
  const expected = gapsOf(cliCoverage('csv'));

  await t.check(`the planner view shows the ${NORD_CANTONS} cantons of the Nord with the right status colours`, async () => {
    await page.getByRole('link', { name: 'Espace planification' }).click();
    await waitFor('the coverage table', async () => (await rows.count()) === NORD_CANTONS, 30_000);
    await waitForMapIdle(page);
    assert(expected.size === NORD_CANTONS, `the CLI gives ${expected.size} cantons`);
    const levels = await mapLevels(page, [...expected.keys()]);
    for (const [code, gap] of expected) {
      assert(levels.get(code) === levelOf(gap), `canton ${code}: map level ${levels.get(code)}, expected ${levelOf(gap)} (gap ${gap})`);
    }
    const rendered = await page.evaluate(() => {
      const map = window.__maillage!.map;
      return new Set(map.queryRenderedFeatures({ layers: ['cantons--coverage'] }).map((f) => String(f.id))).size;
    });
    assert(rendered === NORD_CANTONS, `${rendered} cantons drawn in the choropleth, expected ${NORD_CANTONS}`);
    const gapRows = await page.locator('.coverage-table tbody tr:has-text("Écart")').count();
    assert(
      gapRows === [...expected.values()].filter((g) => g > 0).length,
      `${gapRows} rows in gap, expected ${[...expected.values()].filter((g) => g > 0).length}`,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'planner-desktop.png') });
  });

  await t.check('the CSV downloads equal the CLI output', async () => {
    const csv = await downloadText(page, 'CSV');
    assert(csv === cliCoverage('csv'), 'CSV download differs from `cli coverage --format csv`');
    const fr = await downloadText(page, 'CSV pour Excel (FR)');
    assert(fr === cliCoverage('csv-fr'), 'Excel (FR) download differs from `cli coverage --format csv-fr`');
  });

  await t.check('changing the target rule updates the map and the table', async () => {
    await page.getByRole('tab', { name: 'Règle' }).click();
    const target = page.getByLabel('France Services par canton', { exact: true });
    const priorityTarget = page.getByLabel('… par canton prioritaire');
    await target.fill('3');
    await priorityTarget.fill('3');
    const expected3 = gapsOf(cliCoverage('csv', ['--target', '3', '--priority-target', '3']));
    await page.getByRole('tab', { name: 'Tableau' }).click();
    await waitFor(
      'the table to show the new rule',
      async () =>
        (await page.locator('.coverage-table tbody tr:has-text("Atteinte")').count()) ===
        [...expected3.values()].filter((g) => g === 0).length,
      5_000,
    );
    await waitForMapIdle(page);
    const levels = await mapLevels(page, [...expected3.keys()]);
    for (const [code, gap] of expected3)
      assert(
        levels.get(code) === levelOf(gap),
        `after the rule change, canton ${code}: map level ${levels.get(code)}, expected ${levelOf(gap)}`,
      );
    const csv = await downloadText(page, 'CSV');
    assert(
      csv === cliCoverage('csv', ['--target', '3', '--priority-target', '3']),
      'CSV download with target 3 differs from the CLI with --target 3 --priority-target 3',
    );
    await page.getByRole('tab', { name: 'Règle' }).click();
    await page.getByRole('button', { name: 'Revenir à la règle du département' }).click();
    await waitFor('the default rule back', async () => (await target.inputValue()) === '1', 5_000);
    // retyping a number: the field may be empty for a moment (said in French), and "3" means 3, not "13"
    await target.click();
    await target.press('End');
    await target.press('Backspace');
    await waitFor(
      'the French message for an empty field',
      async () => /nombre entier de 0 à 99/.test(await page.locator('.rule').innerText()),
      5_000,
    );
    await target.press('3');
    await waitFor(
      'the rule to take 3',
      async () => (await page.evaluate(() => window.__maillage!.store.getState().coverageRule?.target)) === 3,
      5_000,
    );
    assert((await target.inputValue()) === '3', `the field shows "${await target.inputValue()}" after retyping 3`);
    await page.getByRole('button', { name: 'Revenir à la règle du département' }).click();
    await waitFor(
      'the default rule back',
      async () => (await page.evaluate(() => window.__maillage!.store.getState().coverageRule?.target)) === 1,
      5_000,
    );
  });

  await t.check('choosing a canton in the table selects it on the map and shows its figures', async () => {
    await page.getByRole('tab', { name: 'Tableau' }).click();
    const row = rows.first();
    const name = (await row.locator('th button').innerText()).trim();
    await row.locator('th button').click();
    await waitFor(`details of canton "${name}"`, async () => (await page.locator('#details-title').innerText()).trim() === name, 5_000);
    const details = await page.locator('.details').innerText();
    assert(/Couverture France Services/.test(details) && /Cible/.test(details), 'details panel has no coverage figures for the canton');
    await waitForMapIdle(page);
    const code = (await row.getAttribute('data-canton')) ?? '';
    const state = await page.evaluate((id) => window.__maillage!.map.getFeatureState({ source: 'maillage-cantons', id }), code);
    assert(state?.selected === true, `canton ${code} is not selected on the map`);
    assert((await row.getAttribute('aria-selected')) === 'true', 'the chosen row is not marked selected');
  });

  await t.check('filters narrow the table to priority cantons in gap', async () => {
    await page.getByRole('button', { name: /^En écart/ }).click();
    const n = await rows.count();
    assert(
      n === [...expected.values()].filter((g) => g > 0).length,
      `${n} rows with "gaps only", expected ${[...expected.values()].filter((g) => g > 0).length}`,
    );
    await page.getByRole('button', { name: /^Tous/ }).click();
    assert((await rows.count()) === NORD_CANTONS, 'unticking the filter does not bring back every canton');
  });

  await t.check('the planner view fits a 360 px phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await waitForMapIdle(page);
    await page.locator('.planner').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'planner-phone.png') });
    const excess = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(excess <= 0, `the page scrolls sideways by ${excess}px at 360 px`);
  });
  await page.close();
}
