import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, BASE_URL, assert, openApp, waitFor, waitForMapIdle, type E2E } from '../harness.ts';

/** The finder's parts a resident reads and taps: the search and the result cards. */
const FINDER = '.find__search, .find__results';

const group = (page: Page, id: string) => page.locator(`[aria-labelledby="find-group-${id}"]`);

/** Types a query in the commune field and returns the suggestions' texts. */
async function suggestions(page: Page, query: string): Promise<string[]> {
  const input = page.getByRole('combobox', { name: 'Commune ou code postal' });
  await input.click();
  await input.fill(query);
  const options = page.getByRole('listbox', { name: 'Communes proposées' }).getByRole('option');
  await waitFor(`suggestions for "${query}"`, async () => (await options.count()) > 0, 10_000);
  return (await options.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
}

/** Chooses the first suggestion for `query` and waits for every group's results. */
async function searchFrom(page: Page, query: string): Promise<void> {
  await suggestions(page, query);
  await page.getByRole('combobox', { name: 'Commune ou code postal' }).press('Enter');
  await waitFor('results', async () => (await group(page, 'france-services').locator('ol > li').count()) > 0, 15_000);
  await waitFor(
    'every group loaded',
    async () => page.evaluate(() => document.querySelectorAll('.find__results details.find-group').length >= 3),
    15_000,
  );
  await waitForMapIdle(page);
}

/** Opens every folded group of results (so that every card is measured). */
async function openGroups(page: Page): Promise<void> {
  const closed = page.locator('.find__results details.find-group:not([open]) > summary');
  for (let n = await closed.count(); n > 0; n--) await closed.first().click();
}

/** Visible text under 16 px and tap targets under 44 × 44 px in the finder. */
async function tooSmall(page: Page): Promise<{ text: string[]; targets: string[] }> {
  // no named inner functions: the page cannot see the helpers the test runner's compiler adds for them
  return page.evaluate((selector) => {
    const text: string[] = [];
    const targets: string[] = [];
    for (const root of document.querySelectorAll(selector)) {
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
        const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (ownText && size < 16) text.push(`${el.tagName}.${el.className} ${size}px "${el.textContent!.trim().slice(0, 40)}"`);
        if (el.matches('a[href], button, input, select, summary, [role="option"]') && (r.width < 44 || r.height < 44))
          targets.push(
            `${el.tagName}.${el.className} ${Math.round(r.width)}×${Math.round(r.height)} "${el.textContent!.trim().slice(0, 30)}"`,
          );
      }
    }
    return { text, targets };
  }, FINDER);
}

/** The result keys of the cards, and of the numbered markers in the map's find source. */
async function cardsAndMarkers(page: Page): Promise<{ cards: string[]; markers: string[] }> {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll('.find-group__list [id^="find-"][id$="-distance"]')]
      .map((el) => el.id.replace(/^find-/, '').replace(/-distance$/, ''))
      .filter((k) => !k.includes(':bus-'));
    const markers = window
      .__maillage!.map.querySourceFeatures('maillage-find')
      .filter((f) => f.properties?.role === 'result')
      .map((f) => String(f.properties!.key));
    return { cards: [...new Set(cards)].sort(), markers: [...new Set(markers)].sort() };
  });
}

async function checkLayout(t: E2E, page: Page, label: string): Promise<void> {
  await t.check(`${label}: map and first result card within one screen of scrolling, search first`, async () => {
    const viewport = page.viewportSize()!;
    const search = await page.locator('.find__search').boundingBox();
    const map = await page.locator('.layout__map').boundingBox();
    const card = await page.locator('.find-result').first().boundingBox();
    assert(search && map && card, 'search, map or first card missing');
    assert(map.y < viewport.height, `the map starts at ${Math.round(map.y)} px, below the first screen`);
    assert(card.y + 60 < 2 * viewport.height, `the first card starts at ${Math.round(card.y)} px: more than one screen of scrolling`);
    if (viewport.width < 700) {
      assert(search.y < map.y && map.y < card.y, `phone order is not search, map, cards: ${search.y}, ${map.y}, ${card.y}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `page scrolls horizontally by ${overflow}px`);
    }
  });

  await t.check(`${label}: numbered markers on the map are the cards of the list`, async () => {
    const { cards, markers } = await waitFor(
      'markers',
      async () => {
        const r = await cardsAndMarkers(page);
        return r.markers.length > 0 ? r : false;
      },
      10_000,
    );
    assert(cards.length >= 6, `only ${cards.length} cards`);
    assert(JSON.stringify(cards) === JSON.stringify(markers), `cards ${cards.join(',')} ≠ markers ${markers.join(',')}`);
    const ranks = await page.locator('.find-group__list .find-result__rank').allInnerTexts();
    assert(ranks.slice(0, 3).join(',') === '1,2,3', `the first cards are numbered ${ranks.slice(0, 3).join(',')}`);
  });

  await t.check(`${label}: no text under 16 px and no tap target under 44 × 44 px in the finder`, async () => {
    await openGroups(page);
    await page.locator('.find-result__week > summary').first().click();
    const small = await tooSmall(page);
    assert(small.text.length === 0, `text under 16 px: ${small.text.slice(0, 6).join(' ; ')}`);
    assert(small.targets.length === 0, `targets under 44 px: ${small.targets.slice(0, 6).join(' ; ')}`);
  });
}

/** The resident's finder on a 360 × 800 phone and on a 1366 × 768 screen (issue 12). */
export async function finderPhoneSuite(t: E2E): Promise<void> {
  const phone = await t.newPage({ viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
  await openApp(phone);

  await t.check('"maubege" finds Maubeuge first', async () => {
    const options = await suggestions(phone, 'maubege');
    assert(options[0]?.startsWith('Maubeuge'), `first suggestion for "maubege" is "${options[0]}"`);
  });

  await t.check('"59600" gives the communes of that postcode, not the commune whose INSEE code is 59600', async () => {
    const options = await suggestions(phone, '59600');
    assert(options.length > 0 && options.every((o) => o.includes('59600')), `suggestions for 59600: ${options.join(' | ')}`);
    assert(!options.some((o) => o.startsWith('Tourmignies')), `Tourmignies offered for 59600: ${options.join(' | ')}`);
    assert(options[0].startsWith('Maubeuge'), `first suggestion for 59600 is "${options[0]}"`);
  });

  await searchFrom(phone, 'maubeuge');
  await phone.screenshot({ path: join(ARTIFACTS, 'finder-phone-results.png') });
  await checkLayout(t, phone, 'phone 360 × 800');

  await t.check('one card per place, every source listed (Ferrière-la-Grande); the week includes Sunday', async () => {
    await phone.getByRole('button', { name: /Effacer/ }).click();
    await searchFrom(phone, 'ferriere la grande');
    await openGroups(phone);
    const digital = group(phone, 'digital-inclusion');
    const texts = await digital.locator('ol > li').allInnerTexts();
    assert(
      texts.some((s) => /Listé par [2-9] sources/.test(s)),
      `no merged place among the Ferrière-la-Grande digital-help cards: ${texts.map((x) => x.replace(/\s+/g, ' ')).join(' ## ')}`,
    );
    const names = await digital.locator('ol .find-result__label').allInnerTexts();
    assert(new Set(names.map((n) => n.toLowerCase())).size === names.length, `a place is listed twice: ${names.join(' | ')}`);
    const week = (await group(phone, 'france-services').locator('.find-result__week-table').first().textContent()) ?? '';
    assert(/Dimanche/.test(week) && /Lundi/.test(week), `the week table lacks days: ${week}`);
  });

  await t.check('buses are listed apart, at their base, without directions', async () => {
    const fs = group(phone, 'france-services');
    const places = await fs.locator('ol .find-result__label').allInnerTexts();
    assert(!places.some((n) => /^bus\b/i.test(n)), `a bus is offered as a place to go: ${places.join(' | ')}`);
    const buses = fs.locator('.find-group__buses .find-result--bus');
    assert((await buses.count()) > 0, 'no France Services itinérante listed');
    const bus = buses.first();
    assert((await bus.getByRole('link', { name: /Itinéraire/ }).count()) === 0, 'a bus base offers directions');
    assert(/Secteur desservi/.test(await bus.innerText()), 'the bus card does not say the territory it serves');
  });

  await t.check('the selected place’s sheet does not cover the map', async () => {
    await phone.locator('[data-find-result]').first().click();
    await waitFor('details sheet', async () => (await phone.locator('#details-title').count()) > 0, 5_000);
    await waitForMapIdle(phone);
    const map = await phone.locator('.layout__map').boundingBox();
    const sheet = await phone.locator('.layout__details').boundingBox();
    assert(map && sheet, 'map or sheet missing');
    assert(map.y > -2 && map.y < 10, `the map is not brought to the top on selection (top at ${Math.round(map.y)} px)`);
    assert(
      sheet.y >= map.y + map.height - 1,
      `the sheet (top ${Math.round(sheet.y)}) covers the map (bottom ${Math.round(map.y + map.height)})`,
    );
    await phone.screenshot({ path: join(ARTIFACTS, 'finder-phone-selected.png') });
  });

  await t.check('commune-only places say so, never a distance, and come after placed ones (Douai)', async () => {
    await phone.getByRole('button', { name: /Effacer/ }).click();
    await searchFrom(phone, 'douai');
    await openGroups(phone);
    const cards = group(phone, 'digital-inclusion').locator('ol > li');
    const texts = await cards.allInnerTexts();
    const communeOnly = texts.map((s, i) => [s, i] as const).filter(([s]) => /adresse précise non connue/.test(s));
    assert(communeOnly.length > 0, `no commune-only place among Douai's digital-help cards: ${texts.join(' ## ').slice(0, 300)}`);
    for (const [s] of communeOnly) {
      assert(/Dans la commune de Douai/i.test(s), `commune-only card does not name its commune: ${s.slice(0, 200)}`);
      assert(!/vol d’oiseau|à pied|en voiture/.test(s), `commune-only card gives a distance or time: ${s.slice(0, 200)}`);
      assert(!/Itinéraire/.test(s), 'commune-only card offers directions');
    }
    assert(
      communeOnly.every(([, i]) => !/adresse précise non connue/.test(texts[0]) && i > 0),
      'a commune-only place is listed first',
    );
    const brief = await group(phone, 'digital-inclusion').locator('.find-group__brief').innerText();
    assert(!/à 10\u00a0m\b|à 0\u00a0m\b/.test(brief), `the summary quotes a commune centre as the nearest: ${brief}`);
    await group(phone, 'digital-inclusion').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(ARTIFACTS, 'finder-phone-douai.png') });
    await phone.screenshot({ path: join(ARTIFACTS, 'finder-phone-douai-full.png'), fullPage: true });
  });

  await t.check('phone: the map has a folded legend naming the département, and no loading box once drawn', async () => {
    const legend = phone.locator('.layout__map .map-legend');
    assert((await legend.getAttribute('open')) === null, 'the legend is unfolded at first');
    const title = ((await legend.locator('summary').textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/Légende — Nord \(59\)/.test(title), `the legend says "${title}"`);
    await legend.locator('summary').click();
    const items = await legend.locator('li').allInnerTexts();
    assert(
      items.some((i) => /France Services/.test(i)) && items.some((i) => /Lieu recherché/.test(i)),
      `legend items: ${items.join(' | ')}`,
    );
    assert((await phone.locator('.map-loading').count()) === 0, 'the loading state stays after the map has drawn');
  });
  await phone.close();

  await t.check('embed mode: the legend is on the map with the département’s name', async () => {
    const embed = await t.newPage({ viewport: { width: 360, height: 640 } });
    await openApp(embed, '?embed=1');
    const summary = ((await embed.locator('.embed .map-legend summary').textContent()) ?? '').replace(/\s+/g, ' ');
    assert(/Légende — Nord \(59\)/.test(summary), `embed legend says "${summary}"`);
    await embed.close();
  });

  await t.check('?dept=99: a plain French message for visitors, no developer command', async () => {
    // a page of its own context: the missing bundle's request is expected here, not an error of the app
    const missing = await t.browser.newPage({ locale: 'fr-FR' });
    await missing.goto(`${BASE_URL}?dept=99`, { waitUntil: 'load' });
    const alert = missing.locator('.load-error');
    await waitFor('error message', async () => (await alert.count()) > 0, 10_000);
    const text = await alert.innerText();
    assert(/ne sont pas disponibles/.test(text) && !/npm|cli|node/i.test(text), `message for ?dept=99: ${text}`);
    assert((await missing.locator('.map-loading').count()) === 0, 'the loading state stays over the map after the error');
    await missing.close();
  });

  const desktop = await t.newPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
  await openApp(desktop);
  await searchFrom(desktop, 'maubeuge');
  await checkLayout(t, desktop, 'desktop 1366 × 768');
  await desktop.screenshot({ path: join(ARTIFACTS, 'finder-desktop.png') });
  await desktop.close();
}
