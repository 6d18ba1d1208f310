import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS,
  EXPECTED_FRANCE_SERVICES,
  assert,
  canvasOrigin,
  findClickTarget,
  openApp,
  renderedIds,
  waitFor,
  waitForMapIdle,
  type E2E,
} from '../harness.ts';

/** The map, the layer toggle, the details panel, the list view and the phone layout. */
export async function smokeSuite(t: E2E): Promise<void> {
  const page = await t.newPage();
  const expectedFs = t.manifest.layers['france-services']?.features;
  t.idleTimesMs.push(await openApp(page));

  await t.check(`renders the ${EXPECTED_FRANCE_SERVICES} France Services of the Nord as circles`, async () => {
    assert(expectedFs === EXPECTED_FRANCE_SERVICES, `manifest lists ${expectedFs} France Services, expected ${EXPECTED_FRANCE_SERVICES}`);
    const ids = await renderedIds(page, 'france-services');
    assert(
      ids.length === EXPECTED_FRANCE_SERVICES,
      `rendered ${ids.length} distinct France Services, expected ${EXPECTED_FRANCE_SERVICES}`,
    );
    const attribution = (await page.locator('.maillage-attrib').textContent()) ?? '';
    assert(/ANCT/.test(attribution), `map attribution does not credit the ANCT: "${attribution}"`);
  });

  await t.check('the first view places its names in the frame that draws its last tiles, and is idle there', async () => {
    const first = await openCountingFrames(t);
    const { seen, names } = await first.evaluate(() => {
      const map = window.__maillage!.map;
      const labels = map
        .getStyle()
        .layers.filter((l) => l.type === 'symbol' && l.id.endsWith('--label'))
        .map((l) => l.id);
      return { seen: { ...(window as unknown as FramesHook).__mapFrames }, names: map.queryRenderedFeatures({ layers: labels }).length };
    });
    assert(names > 0, 'no name placed on the map when it is idle');
    assert(seen.atLastTile >= 0 && seen.atIdle > seen.atLastTile, `frames: ${JSON.stringify(seen)}`);
    // MapLibre alone draws one more frame, placing the same names again (src/map/symbol-placement.ts)
    assert(
      seen.atIdle - seen.atLastTile === 1,
      `${seen.atIdle - seen.atLastTile} frames from the last tile to idle, expected 1 (${JSON.stringify(seen)})`,
    );
    await first.context().close();
  });

  await t.check(
    'names shown later are placed in the frame that draws their last tiles, without a fade, and the map idle there',
    async () => {
      const later = await openCountingFrames(t);
      // counted again from here: the next idle that follows a tile is the one the cantons bring
      await later.evaluate(() => Object.assign((window as unknown as FramesHook).__mapFrames, { frames: 0, atLastTile: -1, atIdle: -1 }));
      await later.getByRole('checkbox', { name: /^Cantons\b/ }).check();
      const seen = await waitFor(
        'the map idle once the cantons are ticked',
        () =>
          later.evaluate(() => {
            const frames = (window as unknown as FramesHook).__mapFrames;
            return frames.atIdle >= 0 ? { ...frames } : null;
          }),
        30_000,
      );
      const names = await later.evaluate(() => window.__maillage!.map.queryRenderedFeatures({ layers: ['cantons--label'] }).length);
      assert(names > 0, 'no canton name placed once the cantons are ticked');
      // with MapLibre's 300 ms fade of names the map redrew at every frame until it ended: 7 or 8 frames, not 1
      assert(
        seen.atIdle - seen.atLastTile === 1,
        `${seen.atIdle - seen.atLastTile} frames from the cantons' last tile to idle, expected 1 (${JSON.stringify(seen)})`,
      );
      await later.context().close();
    },
  );

  await t.check('hides the France Services circles when their checkbox is unticked', async () => {
    const checkbox = page.getByRole('checkbox', { name: /^France Services\s+52\b/ });
    assert((await checkbox.count()) === 1, 'no single checkbox labelled "France Services 52 …"');
    assert(await checkbox.isChecked(), 'France Services checkbox should start ticked');
    await checkbox.uncheck();
    await waitForMapIdle(page);
    await waitFor('France Services to disappear', async () => (await renderedIds(page, 'france-services')).length === 0, 5_000);
    await checkbox.check();
    await waitForMapIdle(page);
    const back = await waitFor(
      'France Services to come back',
      async () => {
        const ids = await renderedIds(page, 'france-services');
        return ids.length === EXPECTED_FRANCE_SERVICES ? ids : false;
      },
      5_000,
    );
    assert(back.length === EXPECTED_FRANCE_SERVICES, 'France Services did not all come back');
  });

  await t.check('shows the name, hours and contacts of a France Services clicked on the map', async () => {
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
    const selected = await page.evaluate(
      (id) => window.__maillage?.map.getFeatureState({ source: 'maillage-france-services', id }),
      target.id,
    );
    assert(selected?.selected === true, 'clicked feature is not marked selected on the map');
    await page.screenshot({ path: join(ARTIFACTS, 'desktop.png') });
  });

  await t.check('selects a France Services from the accessible list', async () => {
    const table = page.getByRole('table', { name: /France Services/ });
    assert((await table.getByRole('row').count()) === EXPECTED_FRANCE_SERVICES + 1, 'list does not have one row per France Services');
    const firstRow = table.locator('tbody tr').first();
    const name = (await firstRow.locator('th').innerText()).trim();
    await firstRow.getByRole('button').click();
    await waitFor(`details of "${name}"`, async () => (await page.locator('#details-title').innerText()).trim() === name, 5_000);
    await waitForMapIdle(page);
  });

  await t.check('the list view gives every layer as a table, filterable, paged', async () => {
    const choose = page.getByLabel('Couche', { exact: true });
    await choose.selectOption('cantons');
    const table = page.getByRole('table', { name: /^Cantons/ });
    await waitFor('the canton list', async () => (await table.locator('tbody tr').count()) === 41, 10_000);
    await choose.selectOption('digital-inclusion');
    const places = page.getByRole('table', { name: /inclusion|médiation|numérique/i });
    await waitFor('the first 100 places', async () => (await places.locator('tbody tr').count()) === 100, 10_000);
    await page.getByRole('button', { name: /Afficher 100 lignes de plus/ }).click();
    assert((await places.locator('tbody tr').count()) === 200, 'paging does not add 100 rows');
    await page.getByLabel('Filtrer par nom ou commune').fill('maubeuge');
    await waitFor(
      'the filtered list',
      async () => {
        const n = await places.locator('tbody tr').count();
        return n > 0 && n < 100;
      },
      5_000,
    );
    const rows = await places
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('th')?.textContent} ${tr.querySelector('td')?.textContent}`));
    const stray = rows.filter((r) => !/maubeuge/i.test(r));
    assert(stray.length === 0, `the filter keeps rows whose name and commune do not match "maubeuge": ${stray.slice(0, 2).join(' | ')}`);
    await page.getByLabel('Filtrer par nom ou commune').fill('');
    await choose.selectOption('france-services');
  });

  await t.check('fits a 360×740 phone screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    // A fresh load of the plain address, as a phone would see it (fitted to the département at that size;
    // a reload would keep the selection and view the URL now carries)
    await openApp(page);
    await page.locator('[data-testid="map"]').scrollIntoViewIfNeeded();
    const canvasWidth = await page.evaluate(() => window.__maillage?.map.getCanvas().clientWidth);
    assert(canvasWidth === 360, `map canvas is ${canvasWidth}px wide on a 360px screen`);
    const target = await findClickTarget(page);
    const origin = await canvasOrigin(page);
    await page.mouse.click(origin.x + target.x, origin.y + target.y);
    await waitFor(
      `details of "${target.name}"`,
      async () => (await page.locator('#details-title').innerText()).trim() === target.name,
      5_000,
    );
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
        .map(
          (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right ${Math.round(el.getBoundingClientRect().right)}px)`,
        );
      return { excess, culprits };
    });
    assert(overflow.excess <= 0, `page scrolls horizontally by ${overflow.excess}px on a phone: ${overflow.culprits.join(', ')}`);
    const ids = await renderedIds(page, 'france-services');
    assert(ids.length > 0, 'no France Services rendered on a phone');
  });
  await page.close();

  await t.check('with every layer switched on, the map reaches idle and draws each layer that has data', async () => {
    const all = await t.newPage();
    await openApp(all);
    const ids = await all.evaluate(() => {
      const s = window.__maillage!.store.getState();
      const withData = Object.values(s.manifest!.layers)
        .filter((l) => l.status === 'ok')
        .map((l) => l.id);
      for (const id of withData) s.setLayerVisible(id, true);
      // closer than zoom 9, where every layer is drawn (the communes start there), the whole Nord still in view
      s.requestCamera({ lng: 3.15, lat: 50.52, zoom: 9.2 });
      return withData;
    });
    await waitFor(
      'every layer loaded',
      async () => all.evaluate((wanted) => wanted.every((id) => window.__maillage!.store.getState().layerStatus[id] === 'loaded'), ids),
      30_000,
    );
    await waitForMapIdle(all);
    const drawn = await all.evaluate((wanted) => {
      const map = window.__maillage!.map;
      return wanted.map((id) => {
        const styleLayers = map
          .getStyle()
          // a layer's own style layers (`id`, `id--fill`, `id--line`…), whichever source they draw from (some share one)
          .layers.filter((l) => (l.id === id || l.id.startsWith(`${id}--`)) && map.getLayoutProperty(l.id, 'visibility') !== 'none')
          .map((l) => l.id);
        return [id, styleLayers.length ? map.queryRenderedFeatures({ layers: styleLayers }).length : 0] as const;
      });
    }, ids);
    const empty = drawn.filter(([, n]) => n === 0).map(([id]) => id);
    assert(ids.length >= 14, `only ${ids.length} layers with data in the manifest`);
    assert(empty.length === 0, `layers with data but nothing drawn: ${empty.join(', ')}`);
    const panel = await all.locator('.layout__layers').innerText();
    assert(/aucune donnée chargée/i.test(panel), 'the empty MSP layer does not say "aucune donnée chargée"');
    await all.screenshot({ path: join(ARTIFACTS, 'all-layers.png') });
    await all.context().close();
  });
}

/** The map's frames as counted by `openCountingFrames`: how many, and how many when the last tile came and at the first idle after it. */
interface FramesHook {
  __mapFrames: { frames: number; atLastTile: number; atIdle: number };
}

/**
 * A new page of the app whose map's frames are counted from its creation (the test hook is set as the
 * map is made), until the first idle after a tile with everything the store holds drawn (the app marks
 * it on the map's container before MapLibre's `idle` reaches this listener); returned once the app is open.
 */
async function openCountingFrames(t: E2E): Promise<Page> {
  const page = await t.newPage();
  await page.addInitScript(() => {
    const seen: FramesHook['__mapFrames'] = { frames: 0, atLastTile: -1, atIdle: -1 };
    Object.defineProperty(window, '__mapFrames', { value: seen });
    Object.defineProperty(window, '__maillage', {
      configurable: true,
      set(hook: { map: import('maplibre-gl').Map }) {
        Object.defineProperty(window, '__maillage', { value: hook, writable: true, configurable: true });
        const map = hook.map;
        map.on('render', () => {
          if (seen.atIdle < 0) seen.frames++;
        });
        map.on('sourcedata', (e) => {
          if (e.tile && seen.atIdle < 0) seen.atLastTile = seen.frames;
        });
        map.on('idle', () => {
          if (seen.atIdle < 0 && seen.atLastTile >= 0 && map.getContainer().dataset.mapIdle === 'true') seen.atIdle = seen.frames;
        });
      },
    });
  });
  await openApp(page);
  return page;
}
