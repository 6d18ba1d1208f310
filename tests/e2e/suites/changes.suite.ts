import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, BASE_URL, DEPT, assert, waitFor, type E2E } from '../harness.ts';

/** A fictional update report (names and sites invented; one name carries markup that must stay text). */
const REPORT = {
  format: 'maillage-changes',
  version: 1,
  departement: DEPT,
  layer: 'france-services',
  previousBuiltAt: '2026-01-10T09:00:00.000Z',
  builtAt: '2026-02-10T09:00:00.000Z',
  movedThresholdM: 100,
  totals: { added: 1, closed: 1, moved: 1, renamed: 1, statusChanged: 1 },
  sources: [
    {
      id: 'anct-france-services-2024',
      dataset: 'liste-des-structures-france-services',
      resource_title: 'Liste fictive des France Services',
      resource_url: 'https://example.invalid/liste-fictive.csv',
      last_modified: '2026-02-01T00:00:00.000Z',
      checksum: null,
      bytes: 1000,
      rows: 5,
      file: 'datagouv/anct-france-services-2024/liste-fictive.csv',
    },
  ],
  cantons: [
    {
      cantonCode: '9901',
      cantonName: 'Canton fictif A',
      added: [{ id: 'F1', name: 'France services <img src=x onerror=alert(1)>', communeName: 'Fictiveville', lngLat: [3, 50.5] }],
      closed: [],
      moved: [
        {
          id: 'F2',
          name: 'France services Imaginaire',
          communeName: 'Imaginaire',
          lngLat: [3.1, 50.5],
          movedM: 500,
          previousLngLat: [3.1, 50.4955],
        },
      ],
      renamed: [],
      status: { before: 'gap', after: 'met', franceServicesBefore: 0, franceServicesAfter: 1, target: 1 },
    },
    {
      cantonCode: '9902',
      cantonName: 'Canton fictif B',
      added: [],
      closed: [{ id: 'F3', name: 'France services Maquette', communeName: 'Maquette', lngLat: [3.2, 50.5] }],
      moved: [],
      renamed: [
        {
          id: 'F4',
          name: 'France services Nouveau-Nom',
          previousName: 'France services Ancien-Nom',
          communeName: null,
          lngLat: [3.3, 50.5],
        },
      ],
      status: null,
    },
  ],
};

async function openPlanner(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}?vue=planifier`, { waitUntil: 'load' });
  await waitFor('the coverage table', async () => (await page.locator('.coverage-table tbody tr').count()) > 0, 90_000);
}

/** The « Nouveautés » panel of the planner's Tableau tab, from the bundle's changes.json. */
export async function changesSuite(t: E2E): Promise<void> {
  await t.check('« Nouveautés depuis la mise à jour du … »: fetched when opened, listed per canton, names as text', async () => {
    const context = await t.newContext();
    const requests: string[] = [];
    // the served bundle, its manifest naming a fictional report (as a data --update build writes it)
    await context.route(`**/data/${DEPT}/manifest.json`, async (route) => {
      const response = await route.fetch();
      const changes = { file: 'changes.json', previous_built_at: REPORT.previousBuiltAt, updated_at: REPORT.builtAt };
      await route.fulfill({ response, json: { ...(await response.json()), changes } });
    });
    await context.route(`**/data/${DEPT}/changes.json`, async (route) => {
      requests.push(route.request().url());
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(REPORT) });
    });
    const page = await context.newPage();
    await openPlanner(page);
    const summary = page.locator('details.changes > summary');
    await waitFor('the Nouveautés block', async () => (await summary.count()) === 1);
    const title = await summary.innerText();
    assert(title === 'Nouveautés depuis la mise à jour du 10 janvier 2026', `summary « ${title} »`);
    const fetched = () => requests.length;
    assert(fetched() === 0, `changes.json fetched before the block was opened (${fetched()})`);
    // keyboard: the summary takes the focus and opens with Enter
    await summary.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('details.changes');
    await waitFor('the report', async () => /1 ouverture/.test(await panel.innerText()), 15_000);
    assert(fetched() === 1, `changes.json fetched ${fetched()} times`);
    const text = await panel.innerText();
    for (const expected of [
      '1 ouverture, 1 fermeture, 1 déplacement (plus de 100 m), 1 changement de nom ; 1 canton change de statut.',
      'Canton fictif A (9901)',
      'Ouverture : France services <img src=x onerror=alert(1)> (Fictiveville)',
      'Déplacement de 500 m : France services Imaginaire (Imaginaire)',
      'Statut : écart à la règle → règle tenue (France Services comptées : 0 → 1, objectif 1)',
      'Canton fictif B (9902)',
      'Fermeture : France services Maquette (Maquette)',
      'Nouveau nom : « France services Ancien-Nom » devient « France services Nouveau-Nom »',
      'Source : Liste fictive des France Services (data.gouv.fr), modifiée le 1 février 2026.',
    ]) {
      assert(text.includes(expected), `missing « ${expected} » in:\n${text}`);
    }
    assert((await panel.locator('img').count()) === 0, 'a site name was rendered as HTML');
    assert((await panel.getByRole('region', { name: 'Canton fictif A' }).count()) === 1, 'no labelled region per canton');
    await panel.screenshot({ path: join(ARTIFACTS, 'changes-panel.png') });
    await context.close();
  });

  await t.check('a bundle from a plain build (no changes.json): no « Nouveautés » block, no request', async () => {
    const context = await t.newContext();
    const requests: string[] = [];
    // the served manifest without any changes entry, whatever build made it
    await context.route(`**/data/${DEPT}/manifest.json`, async (route) => {
      const response = await route.fetch();
      const { changes: _none, ...manifest } = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: manifest });
    });
    await context.route(`**/data/${DEPT}/changes.json`, async (route) => {
      requests.push(route.request().url());
      await route.abort();
    });
    const page = await context.newPage();
    await openPlanner(page);
    assert((await page.locator('details.changes').count()) === 0, 'a Nouveautés block without a report');
    assert(requests.length === 0, 'changes.json requested');
    await context.close();
  });
}
