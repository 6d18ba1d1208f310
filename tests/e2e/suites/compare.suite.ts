import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, BASE_URL, DEPT, E2E_OUT_DIR, ROOT, assert, log, waitFor, type E2E } from '../harness.ts';

type Manifest = Record<string, unknown> & { national?: { file: string; built_at: string } | null };

/** A small fictional comparison (three made-up rows), served in place of the bundle's: the panel must show these figures. */
function fictionalComparison() {
  const row = (dept: string, name: string, per: number, covered: number, within: number) => ({
    dept,
    name,
    france_services: 10,
    france_services_buses: 0,
    population: 500_000,
    france_services_per_100k: per,
    cantons: 20,
    cantons_covered: 10,
    cantons_covered_pct: covered,
    cantons_met: 5,
    population_within_km_pct: within,
  });
  const dist = (a: number, b: number, c: number) => ({ min: a, q1: (a + b) / 2, median: b, q3: (b + c) / 2, max: c });
  return {
    format: 'maillage-national',
    version: 1,
    built_at: '2025-01-15T10:00:00.000Z',
    focus: DEPT,
    neighbours: ['62'],
    rule: { target: 1, priorityTarget: 2, countBuses: true, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false } },
    sources: [{ title: 'Liste fictive des France Services', producer: 'Essais', vintage: '2024-08-01', licence: 'fictive' }],
    rows: [row(DEPT, 'Nord', 1.25, 40, 90), row('62', 'Pas-de-Calais', 3.5, 60, 95), row('99', 'Département-des-Essais', 7.75, 80, 99)],
    distributions: {
      france_services_per_100k: dist(1.25, 3.5, 7.75),
      cantons_covered_pct: dist(40, 60, 80),
      population_within_km_pct: dist(90, 95, 99),
    },
    ranks: { france_services_per_100k: 3, cantons_covered_pct: 3, population_within_km_pct: 3 },
  };
}

/** The served manifest, changed by `edit`, and `national.json` replaced when `national` is given (the context's route). */
async function serve(page: Page, edit: (m: Manifest) => Manifest, national?: unknown): Promise<void> {
  const served = join(ROOT, E2E_OUT_DIR, 'data', DEPT, 'manifest.json');
  const manifest = JSON.parse(readFileSync(served, 'utf8')) as Manifest;
  await page
    .context()
    .route(`**/data/${DEPT}/manifest.json`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(edit(manifest)) }),
    );
  if (national !== undefined)
    await page
      .context()
      .route(`**/data/${DEPT}/national.json`, (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(national) }),
      );
}

/** Opens the planner and its « Comparer » tab, by the keyboard-reachable tab button. */
async function openCompare(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}?vue=planifier`, { waitUntil: 'load' });
  await waitFor('the coverage table', async () => (await page.locator('.coverage-table tbody tr').count()) > 0, 90_000);
  await page.getByRole('tab', { name: 'Comparer' }).click();
  await waitFor('the compare panel', async () => (await page.locator('#planner-panel-compare').count()) > 0);
}

/** A cell's text in the compare table, by row header and column index (0: first indicator). */
async function cell(page: Page, row: RegExp, column: number): Promise<string> {
  const tr = page.locator('.compare-table tbody tr').filter({ has: page.locator('th', { hasText: row }) });
  return (await tr.locator('td').nth(column).innerText()).trim();
}

/** The planner's « Comparer » tab: the fictional comparison shown as chart and table, the served one (when built), and its absence said. */
export async function compareSuite(t: E2E): Promise<void> {
  await t.check('the « Comparer » tab shows the département, its neighbours and the quartiles of the comparison it reads', async () => {
    const page = await t.newPage();
    await serve(page, (m) => ({ ...m, national: { file: 'national.json', built_at: '2025-01-15T10:00:00.000Z' } }), fictionalComparison());
    await openCompare(page);
    await waitFor('the compare table', async () => (await page.locator('.compare-table tbody tr').count()) > 0, 30_000);
    assert((await cell(page, /^Nord \(59\)/, 0)) === '1,25 (rang 3 sur 3)', `Nord per 100,000: « ${await cell(page, /^Nord/, 0)} »`);
    assert((await cell(page, /^Pas-de-Calais \(62\), alentour/, 1)) === '60', 'the neighbour’s cantons covered');
    assert((await cell(page, /médiane/, 2)) === '95', 'the national median of the population within 10 km');
    assert((await cell(page, /1er quartile/, 0)) === '2,38', 'the first quartile, in French');
    // the chart: one strip per indicator, the focus and the neighbour marked, named for screen readers
    const svg = page.locator('.compare-chart svg[role="img"]');
    assert((await svg.getAttribute('aria-label'))?.includes('voir le tableau'), 'the chart names its table alternative');
    assert((await page.locator('.compare-chart svg path').count()) === 3, 'one neighbour mark per strip');
    await page.screenshot({ path: join(ARTIFACTS, 'compare-panel.png') });
  });

  await t.check('without a comparison in the bundle, the tab says « comparaison nationale non construite »', async () => {
    const page = await t.newPage();
    await serve(page, (m) => {
      const { national: _, ...rest } = m;
      return rest;
    });
    await openCompare(page);
    const text = await waitFor('the message', async () => {
      const p = page.locator('#planner-panel-compare .compare-absent');
      return (await p.count()) > 0 ? p.innerText() : null;
    });
    assert(/Comparaison nationale non construite/.test(text), `message « ${text} »`);
  });

  const served = join(ROOT, E2E_OUT_DIR, 'data', DEPT, 'national.json');
  if (!existsSync(served)) {
    log(
      'compare: the served bundle was built without the national summary (run "coverage --national", then "data"): its own comparison is not checked',
    );
    return;
  }
  await t.check('the served comparison: the Nord’s figures and rank as in the bundle’s national.json', async () => {
    const national = JSON.parse(readFileSync(served, 'utf8')) as ReturnType<typeof fictionalComparison>;
    const nord = national.rows.find((r) => r.dept === DEPT)!;
    const page = await t.newPage();
    await openCompare(page);
    await waitFor('the compare table', async () => (await page.locator('.compare-table tbody tr').count()) > 0, 30_000);
    const expected = `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(nord.france_services_per_100k)} (rang ${national.ranks.france_services_per_100k} sur ${national.rows.length})`;
    const shown = await cell(page, /^Nord \(59\)/, 0);
    assert(shown === expected, `Nord per 100,000: « ${shown} », expected « ${expected} »`);
    const neighbours = await page.locator('.compare-table tbody tr th', { hasText: 'alentour' }).count();
    assert(neighbours === national.neighbours.length, `${neighbours} neighbour rows, ${national.neighbours.length} in the file`);
  });
}
