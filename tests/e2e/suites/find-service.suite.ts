import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, assert, openApp, waitFor, waitForMapIdle, type E2E } from '../harness.ts';

const FIND_SOURCE = 'maillage-find';
const FIND_RESULTS_LAYER = 'find-results--line';
/** The France Services nearest to Maubeuge's centre (ANCT list of 1 August 2024, id_fs 2124). */
const MAUBEUGE_NEAREST = 'France services La Poste de Maubeuge';

/** The France Services results of the panel. */
const fsGroup = (page: Page) => page.locator('[aria-labelledby="find-group-france-services"]');

/** "2,0 km" → 2.0, "350 m" → 0.35. */
function parseDistance(text: string): number {
  const m = /([\d\s\u00a0]+(?:,\d+)?)\s*(km|m)\b/.exec(text);
  if (!m) throw new Error(`no distance in "${text}"`);
  const v = Number(m[1].replace(/[\s\u00a0]/g, '').replace(',', '.'));
  return m[2] === 'm' ? v / 1000 : v;
}

/** Waits for the France Services results and returns their names and distances. */
async function franceServicesResults(page: Page): Promise<{ name: string; km: number }[]> {
  const items = fsGroup(page).locator('ol > li');
  await waitFor('3 France Services results', async () => (await items.count()) === 3, 15_000);
  const out: { name: string; km: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const name = (await items.nth(i).locator('.find-result__name > span:not(.visually-hidden):not(.find-result__rank)').innerText()).trim();
    const km = parseDistance(await items.nth(i).locator('.find-result__distance').innerText());
    out.push({ name, km });
  }
  return out;
}

/** The commune suggestions (not the options of the header's département selector, shown when two bundles are built). */
function communeOptions(page: Page) {
  return page.getByRole('listbox', { name: 'Communes proposées' }).getByRole('option');
}

async function searchCommune(page: Page, text: string): Promise<void> {
  const input = page.getByRole('combobox', { name: 'Commune ou code postal' });
  await input.click();
  await input.fill(text);
  await waitFor(`suggestions for "${text}"`, async () => (await communeOptions(page).count()) > 0, 10_000);
  await input.press('ArrowDown');
  const active = await input.getAttribute('aria-activedescendant');
  assert(active, 'ArrowDown does not set aria-activedescendant on the combobox');
  assert((await page.locator(`[id="${active}"]`).getAttribute('aria-selected')) === 'true', 'the active option is not aria-selected');
  await input.press('Enter');
}

/** Renders of the find layer: keys and the nearest state. */
async function renderedFind(page: Page): Promise<{ key: string; nearest: boolean }[]> {
  return page.evaluate((layer) => {
    const map = window.__maillage!.map;
    const seen = new Map<string, boolean>();
    for (const f of map.queryRenderedFeatures({ layers: [layer] })) seen.set(String(f.id), f.state?.nearest === true);
    return [...seen].map(([key, nearest]) => ({ key, nearest }));
  }, FIND_RESULTS_LAYER);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** "Trouver un service": commune search, keyboard, map highlight and fit, geolocation, offline address search, phone. */
export async function findServiceSuite(t: E2E): Promise<void> {
  const page = await t.newPage();
  await openApp(page);

  await t.check('finds the 3 nearest France Services from "Maubeuge", nearest first, with distances', async () => {
    await searchCommune(page, 'maubeuge');
    const results = await franceServicesResults(page);
    assert(results[0].name === MAUBEUGE_NEAREST, `nearest is "${results[0].name}", expected "${MAUBEUGE_NEAREST}"`);
    assert(results[0].km > 1 && results[0].km < 3, `nearest is ${results[0].km} km away, expected about 2 km`);
    assert(
      results.every((r, i) => i === 0 || r.km >= results[i - 1].km),
      `distances not in order: ${results.map((r) => r.km).join(', ')}`,
    );
    const first = fsGroup(page).locator('ol > li').first();
    const text = await first.innerText();
    assert(/en voiture/.test(text), 'no travel estimate on the first result');
    assert(
      /Aujourd’hui \(\w+\) :/.test(text) && /(Ouvert|Fermé|Horaires)/.test(text),
      `no hours or open status on the first result: ${text}`,
    );
    assert(/Prise de rendez-vous/.test(text), 'no appointment note');
    const directions = await first.getByRole('link', { name: /Itinéraire/ }).getAttribute('href');
    assert(
      directions?.startsWith('https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=50.28'),
      `unexpected directions link ${directions}`,
    );
    assert((await first.locator('a[href^="tel:"]').count()) === 1, 'no phone link on the first result');
    const status = (await page.locator('.find [role="status"][aria-live="polite"]').last().innerText()).trim();
    assert(
      status.includes(`France Services : 3 résultats, le plus proche à`) && status.includes(MAUBEUGE_NEAREST),
      `live region says "${status}"`,
    );
  });

  await t.check('shows the place and the results on the map, the nearest highlighted, the view fitted to them', async () => {
    await waitForMapIdle(page);
    const state = await page.evaluate((source) => window.__maillage!.map.getFeatureState({ source, id: 'france-services:1' }), FIND_SOURCE);
    assert(state?.nearest === true, `nearest France Services has feature state ${JSON.stringify(state)}`);
    const rendered = await waitFor(
      'find results rendered',
      async () => {
        const r = await renderedFind(page);
        return ['france-services:1', 'france-services:2', 'france-services:3'].every((k) => r.some((x) => x.key === k)) ? r : false;
      },
      10_000,
    );
    assert(
      rendered.find((r) => r.key === 'france-services:1')?.nearest === true,
      'the rendered nearest ring does not carry the nearest state',
    );
    assert(rendered.find((r) => r.key === 'france-services:2')?.nearest === false, 'the second result is highlighted as nearest');
    const inView = await page.evaluate(() => {
      const map = window.__maillage!.map;
      const s = window.__maillage!.store.getState();
      const b = map.getBounds();
      const fs = map.querySourceFeatures('maillage-find');
      return {
        origin: s.findOrigin ? b.contains(s.findOrigin.lngLat as [number, number]) : false,
        all: fs.every((f) => b.contains((f.geometry as unknown as { coordinates: [number, number] }).coordinates)),
        n: fs.length,
        zoom: map.getZoom(),
      };
    });
    assert(inView.origin && inView.all && inView.n >= 4, `view not fitted to the place and results: ${JSON.stringify(inView)}`);
    assert(inView.zoom > 8.5, `view not zoomed to the results (zoom ${inView.zoom})`);
  });

  await t.check('moves through the results with the arrow keys and selects one on the map and in the details', async () => {
    const buttons = page.locator('[data-find-result]');
    await buttons.first().focus();
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(
      () => document.activeElement?.closest('li')?.querySelector('.find-result__name')?.textContent ?? '',
    );
    const second = (await buttons.nth(1).textContent()) ?? '';
    assert(focused === second, `ArrowDown moved focus to "${focused}", expected "${second}"`);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await waitFor(
      `details of ${MAUBEUGE_NEAREST}`,
      async () => (await page.locator('#details-title').innerText()).trim() === MAUBEUGE_NEAREST,
      5_000,
    );
    await waitForMapIdle(page);
    const selected = await page.evaluate(() => window.__maillage!.map.getFeatureState({ source: 'maillage-france-services', id: '2124' }));
    assert(selected?.selected === true, 'the chosen France Services is not selected on the map');
    assert((await page.locator('.find-result.is-selected').count()) === 1, 'the chosen result is not marked in the list');
    await page.screenshot({ path: join(ARTIFACTS, 'find-desktop.png') });
  });

  await t.check('reads "St Amand" as Saint-Amand-les-Eaux in the commune field', async () => {
    const input = page.getByRole('combobox', { name: 'Commune ou code postal' });
    await input.fill('st amand');
    const first = await waitFor(
      'suggestions',
      async () => {
        const o = communeOptions(page);
        return (await o.count()) > 0 ? (await o.first().innerText()).trim() : false;
      },
      5_000,
    );
    assert(first.startsWith('Saint-Amand-les-Eaux'), `first suggestion is "${first}"`);
    await input.press('Escape');
    assert((await input.getAttribute('aria-expanded')) === 'false', 'Escape does not close the list');
  });

  await t.check('says the address search needs the network when offline, and offers the commune search', async () => {
    await page.context().setOffline(true);
    try {
      await page.getByLabel('Adresse', { exact: true }).fill('12 rue de la Croix Maubeuge');
      await page.getByRole('button', { name: 'Chercher', exact: true }).click();
      const alert = page.locator('.find__address [role="alert"]');
      await waitFor('offline message', async () => /pas de connexion/.test(await alert.innerText()), 5_000);
      const text = await alert.innerText();
      assert(/commune ou code postal/.test(text), `offline message does not offer the commune search: ${text}`);
      assert((await fsGroup(page).locator('ol > li').count()) === 3, 'the previous results were lost');
    } finally {
      await page.context().setOffline(false);
    }
  });

  // A request blocked mid-flight (page.route abort) gives the same message; it is checked in
  // tests/unit/geocode-address.test.ts, since Chromium logs every failed request as a console error.
  await page.close();

  await t.check('"Me localiser" with a mocked position gives the nearest France Services', async () => {
    // Valenciennes, place d'Armes
    const geo = await t.newPage({ geolocation: { latitude: 50.3579, longitude: 3.5235, accuracy: 20 }, permissions: ['geolocation'] });
    await openApp(geo);
    await geo.getByRole('button', { name: /Me localiser/ }).click();
    const results = await franceServicesResults(geo);
    assert(results[0].km < 5, `nearest France Services from Valenciennes is ${results[0].km} km away`);
    const title = await geo.locator('.find__results-title').innerText();
    assert(/votre position/.test(title), `results title says "${title}"`);
    await waitForMapIdle(geo);
    const origin = await geo.evaluate(() => window.__maillage!.store.getState().findOrigin);
    assert(origin?.kind === 'geolocation' && Math.abs(origin.lngLat[0] - 3.5235) < 1e-6, `origin is ${JSON.stringify(origin)}`);
    await geo.close();
  });

  await t.check('says clearly when the position is refused', async () => {
    const denied = await t.newPage({ permissions: [] });
    await openApp(denied);
    await denied.getByRole('button', { name: /Me localiser/ }).click();
    await waitFor(
      'refusal message',
      async () =>
        /n’avez pas autorisé la localisation/.test(
          await denied
            .locator('.find__notice')
            .innerText()
            .catch(() => ''),
        ),
      10_000,
    );
    await denied.close();
  });

  await t.check('works on a 360 px phone: search first, results readable, no horizontal scrolling', async () => {
    const phone = await t.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await openApp(phone);
    const findTop = await phone.locator('.find__search').boundingBox();
    const mapTop = await phone.locator('.layout__map').boundingBox();
    assert(findTop && mapTop && findTop.y < mapTop.y, 'the search does not come before the map on a phone');
    await searchCommune(phone, '59600');
    const results = await franceServicesResults(phone);
    assert(results[0].name === MAUBEUGE_NEAREST, `nearest from 59600 is "${results[0].name}"`);
    await waitForMapIdle(phone);
    await phone.screenshot({ path: join(ARTIFACTS, 'find-phone.png') });
    await phone.screenshot({ path: join(ARTIFACTS, 'find-phone-full.png'), fullPage: true });
    await phone.locator('.layout__map').screenshot({ path: join(ARTIFACTS, 'find-phone-map.png') });
    const overflow = await horizontalOverflow(phone);
    assert(overflow <= 0, `page scrolls horizontally by ${overflow}px on a phone`);
    await phone.close();
  });
}
