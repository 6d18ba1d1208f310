import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, BASE_URL, assert, canvasOrigin, openApp, waitFor, waitForMapIdle, type E2E } from '../harness.ts';

/** The Nord: 41 cantons, 17 EPCI with an illectronisme rate, 17 adultes-relais territories. */
const NORD_CANTONS = 41;
const NORD_EPCI = 17;
/** An EPCI with 6 adultes-relais posts in 2023 and none in 2024 (ANCT, Dauphin): CC du Sud Avesnois. */
const SUD_AVESNOIS = '200043404';
/** The grey of "aucun poste" in the adultes-relais choropleth. */
const NO_POST_GREY = '#d9d9d9';

/** Ticks or unticks a layer's checkbox (its accessible name starts with the layer title) and waits for the map. */
async function setLayer(page: Page, title: RegExp, on: boolean): Promise<void> {
  const box = page.getByRole('checkbox', { name: title });
  assert((await box.count()) === 1, `no single layer checkbox named ${title}`);
  if ((await box.isChecked()) !== on) await box.setChecked(on);
  await waitForMapIdle(page);
}

/** Distinct feature ids rendered in a style layer (a feature comes once per tile it touches). */
async function renderedIds(page: Page, styleLayer: string): Promise<string[]> {
  return page.evaluate((layer) => {
    const map = window.__maillage!.map;
    if (!map.getLayer(layer)) return [];
    return [...new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.id)))];
  }, styleLayer);
}

/** What a clustered layer shows: single points (ids) and clusters (id → size), and the total of places they stand for. */
async function renderedClusterView(
  page: Page,
  layer: string,
): Promise<{ points: string[]; clusters: { id: number; count: number; x: number; y: number }[]; total: number }> {
  return page.evaluate((id) => {
    const map = window.__maillage!.map;
    const points = [...new Set(map.queryRenderedFeatures({ layers: [id] }).map((f) => String(f.id)))];
    const clusters = new Map<number, { id: number; count: number; x: number; y: number }>();
    for (const f of map.queryRenderedFeatures({ layers: [`${id}--cluster`] })) {
      const cid = Number(f.properties.cluster_id);
      const p = map.project((f.geometry as unknown as { coordinates: [number, number] }).coordinates);
      clusters.set(cid, { id: cid, count: Number(f.properties.point_count), x: p.x, y: p.y });
    }
    const list = [...clusters.values()];
    return { points, clusters: list, total: points.length + list.reduce((s, c) => s + c.count, 0) };
  }, layer);
}

/** The largest cluster of a layer with nothing else clickable within `radius` px, well inside the map (null if none). */
async function isolatedCluster(
  page: Page,
  layer: string,
  radius = 16,
): Promise<{ id: number; count: number; x: number; y: number } | null> {
  const view = await renderedClusterView(page, layer);
  return page.evaluate(
    ({ clusters, layer, radius }) => {
      const map = window.__maillage!.map;
      const w = map.getCanvas().clientWidth;
      const h = map.getCanvas().clientHeight;
      const layers = map
        .getLayersOrder()
        .filter(
          (id) =>
            id !== 'background' &&
            id !== 'population-grid' &&
            map.getLayoutProperty(id, 'visibility') !== 'none' &&
            !/--(fill|line|label|cluster-count|coverage-line|raster)$/.test(id),
        );
      const alone = clusters
        .filter((c) => c.x > 60 && c.y > 60 && c.x < w - 80 && c.y < h - 60)
        .filter((c) => {
          const hits = map.queryRenderedFeatures(
            [
              [c.x - radius, c.y - radius],
              [c.x + radius, c.y + radius],
            ],
            { layers },
          );
          return hits.every((f) => f.layer.id === `${layer}--cluster` && Number(f.properties.cluster_id) === c.id);
        });
      return alone.sort((a, b) => b.count - a.count)[0] ?? null;
    },
    { clusters: view.clusters, layer, radius },
  );
}

/** Features of a layer in the store passing a predicate on their properties (counted in the page). */
async function storeCount(page: Page, layer: string, test: string): Promise<number> {
  return page.evaluate(
    ({ layer, test }) => {
      const data = window.__maillage!.store.getState().layerData[layer];
      const keep = new Function('p', `return (${test});`) as (p: Record<string, unknown>) => boolean;
      return data ? data.features.filter((f) => keep(f.properties ?? {})).length : -1;
    },
    { layer, test },
  );
}

async function fillOf(page: Page, source: string, id: string): Promise<unknown> {
  return page.evaluate(({ source, id }) => window.__maillage!.map.getFeatureState({ source, id })?.fill, { source, id });
}

/** The map part of issue 3: derived layers, filters, clusters, labels, choropleths, cantons, fit, keyboard, basemap. */
export async function layersSuite(t: E2E): Promise<void> {
  const page = await t.newPage();
  await openApp(page);

  await t.check('ticking "Communes rurales" draws exactly the rural communes, unticking removes them', async () => {
    await setLayer(page, /^Communes rurales/, true);
    const expected = await storeCount(page, 'communes', 'p.rural === true');
    assert(expected > 300, `only ${expected} rural communes in the data`);
    const ids = await renderedIds(page, 'rural-communes--fill');
    assert(ids.length === expected, `${ids.length} rural communes drawn, expected ${expected}`);
    const notRural = await page.evaluate(
      () =>
        window.__maillage!.map.queryRenderedFeatures({ layers: ['rural-communes--fill'] }).filter((f) => f.properties.rural !== true)
          .length,
    );
    assert(notRural === 0, `${notRural} non-rural communes drawn in the rural layer`);
    const count = (
      await page
        .getByRole('checkbox', { name: /^Communes rurales/ })
        .locator('xpath=..')
        .innerText()
    ).replace(/\s/g, '');
    assert(count.includes(String(expected)), `the legend does not give the ${expected} rural communes: "${count}"`);
    await page.screenshot({ path: join(ARTIFACTS, 'layers-rural.png') });
    await setLayer(page, /^Communes rurales/, false);
    assert((await renderedIds(page, 'rural-communes--fill')).length === 0, 'rural communes still drawn after unticking');
  });

  await t.check(`the illectronisme choropleth colours the ${NORD_EPCI} EPCI by class, with a legend`, async () => {
    await setLayer(page, /^Illectronisme par EPCI/, true);
    const ids = await renderedIds(page, 'illectronisme--fill');
    assert(ids.length === NORD_EPCI, `${ids.length} EPCI drawn, expected ${NORD_EPCI}`);
    const fills = await Promise.all(ids.map((id) => fillOf(page, 'maillage-epci', id)));
    assert(
      fills.every((f) => typeof f === 'string' && /^#[0-9a-f]{6}$/i.test(f)),
      `EPCI without a class colour: ${fills.join(', ')}`,
    );
    assert(new Set(fills).size >= 3, `only ${new Set(fills).size} distinct colours for ${NORD_EPCI} EPCI`);
    const legend = page.getByRole('list', { name: /Légende : Part des personnes en situation d’illectronisme/ });
    const items = await legend.getByRole('listitem').allInnerTexts();
    assert(items.length === new Set(fills).size, `legend has ${items.length} classes, map uses ${new Set(fills).size} colours`);
    assert(
      items.some((t) => /moins de \d+(,\d)? %/.test(t)) && items.some((t) => /ou plus/.test(t)),
      `legend classes read oddly: ${items.join(' | ')}`,
    );
    const total = items.reduce((s, t) => s + Number(/\((\d+) territoire/.exec(t)?.[1] ?? 0), 0);
    assert(total === NORD_EPCI, `legend counts ${total} EPCI, expected ${NORD_EPCI}`);
    await page.screenshot({ path: join(ARTIFACTS, 'layers-illectronisme.png') });
    await setLayer(page, /^Illectronisme par EPCI/, false);
  });

  await t.check('the year selector recolours the adultes-relais territories (feature state)', async () => {
    await setLayer(page, /^Adultes-relais/, true);
    const ids = await renderedIds(page, 'health-mediators--fill');
    assert(ids.length === 17, `${ids.length} adultes-relais territories drawn, expected 17`);
    const year = page.getByLabel('Année', { exact: true });
    await year.selectOption('2023');
    await waitForMapIdle(page);
    const in2023 = await fillOf(page, 'maillage-health-mediators', SUD_AVESNOIS);
    assert(typeof in2023 === 'string' && in2023 !== NO_POST_GREY, `Sud Avesnois (6 posts in 2023) is coloured ${String(in2023)}`);
    const title2023 = await page.locator('.layer__classes-title').innerText();
    assert(title2023.includes('2023'), `legend title "${title2023}" does not say 2023`);
    await page.screenshot({ path: join(ARTIFACTS, 'layers-mediators-2023.png') });
    await year.selectOption('2024');
    await waitForMapIdle(page);
    const in2024 = await fillOf(page, 'maillage-health-mediators', SUD_AVESNOIS);
    assert(in2024 === NO_POST_GREY, `Sud Avesnois (no post in 2024) is coloured ${String(in2024)}, expected ${NO_POST_GREY}`);
    await setLayer(page, /^Adultes-relais/, false);
  });

  await t.check('digital-inclusion places cluster at low zoom; clusters count every place', async () => {
    await setLayer(page, /^Inclusion numérique/, true);
    const expected = await storeCount(page, 'digital-inclusion', 'true');
    const view = await waitFor('clusters', async () => {
      const v = await renderedClusterView(page, 'digital-inclusion');
      return v.clusters.length > 0 ? v : false;
    });
    assert(view.total === expected, `points + cluster sizes = ${view.total}, expected the ${expected} places`);
    assert(view.clusters.length < 150, `${view.clusters.length} clusters at the département zoom: clustering does not group much`);
    await page.screenshot({ path: join(ARTIFACTS, 'layers-clusters.png') });
  });

  await t.check('a national-label filter changes the drawn digital-inclusion places, and clusters count only them', async () => {
    const filters = page.locator('.layer__filters').filter({ has: page.locator('summary', { hasText: 'Inclusion numérique' }) });
    await filters.locator('summary').click();
    const aidants = filters.getByRole('checkbox', { name: /^Aidants Connect/ });
    await aidants.check();
    await waitForMapIdle(page);
    const expectedAidants = await storeCount(page, 'digital-inclusion', "Array.isArray(p.labels) && p.labels.includes('Aidants Connect')");
    const a = await waitFor(
      'only Aidants Connect places',
      async () => {
        const v = await renderedClusterView(page, 'digital-inclusion');
        return v.total === expectedAidants ? v : false;
      },
      5_000,
    );
    assert(a.total === expectedAidants && expectedAidants > 0, `Aidants Connect filter shows ${a.total}, expected ${expectedAidants}`);
    const status = await filters.getByRole('status').innerText();
    assert(status.includes(`${expectedAidants} lieux affichés sur`), `filter status says "${status}"`);
    await aidants.uncheck();
    const cn = filters.getByRole('checkbox', { name: /^Conseillers numériques/ });
    await cn.check();
    await waitForMapIdle(page);
    const expectedCn = await storeCount(page, 'digital-inclusion', "Array.isArray(p.labels) && p.labels.includes('CNFS')");
    const c = await waitFor(
      'only conseillers numériques places',
      async () => {
        const v = await renderedClusterView(page, 'digital-inclusion');
        return v.total === expectedCn ? v : false;
      },
      5_000,
    );
    assert(c.clusters.length > 0, 'no cluster left with the conseillers numériques filter');
    const label = (await cn.locator('xpath=following-sibling::label').innerText()).replace(/\s/g, '');
    assert(label.endsWith(String(expectedCn).replace(/\s/g, '')), `the checkbox does not count ${expectedCn} places: "${label}"`);
    await page.screenshot({ path: join(ARTIFACTS, 'layers-filtered.png') });
    await filters.getByRole('button', { name: 'Effacer les filtres' }).click();
    await waitForMapIdle(page);
    const all = await storeCount(page, 'digital-inclusion', 'true');
    await waitFor('every place back', async () => (await renderedClusterView(page, 'digital-inclusion')).total === all, 5_000);
  });

  await t.check('clicking a cluster zooms in to where it splits', async () => {
    const target = await isolatedCluster(page, 'digital-inclusion');
    assert(target, 'no cluster well inside the map, away from other clickable features, to click');
    const zoom0 = await page.evaluate(() => window.__maillage!.map.getZoom());
    const expansion = await page.evaluate(
      (id) =>
        (
          window.__maillage!.map.getSource('maillage-digital-inclusion') as unknown as {
            getClusterExpansionZoom(id: number): Promise<number>;
          }
        ).getClusterExpansionZoom(id),
      target.id,
    );
    const origin = await canvasOrigin(page);
    await page.mouse.click(origin.x + target.x, origin.y + target.y);
    const expected = Math.min(Math.max(expansion, zoom0 + 1), 16);
    await waitFor(
      `the zoom-in to ${expected}`,
      async () => Math.abs((await page.evaluate(() => window.__maillage!.map.getZoom())) - expected) < 0.05,
      5_000,
    );
    await waitForMapIdle(page);
    const zoom1 = await page.evaluate(() => window.__maillage!.map.getZoom());
    assert(zoom1 > zoom0, `zoom went from ${zoom0} to ${zoom1}`);
    const after = await renderedClusterView(page, 'digital-inclusion');
    assert(!after.clusters.some((c) => c.id === target.id), 'the clicked cluster is still drawn whole');
    assert(after.points.length > 0, 'no single place after expanding the cluster');
  });

  await t.check('names: arrondissements at the département zoom, communes from zoom 10', async () => {
    await page.getByRole('button', { name: 'Recentrer sur le département' }).click();
    await waitFor('the département view', async () => (await page.evaluate(() => window.__maillage!.map.getZoom())) < 9, 5_000);
    await waitForMapIdle(page);
    const arr = await page.evaluate(() =>
      window.__maillage!.map.queryRenderedFeatures({ layers: ['arrondissements--label'] }).map((f) => String(f.properties.name)),
    );
    assert(arr.length >= 4, `only ${arr.length} arrondissement names drawn: ${arr.join(', ')}`);
    assert((await renderedIds(page, 'communes--label')).length === 0, 'commune names drawn at the département zoom');
    await page.evaluate(() => window.__maillage!.map.jumpTo({ center: [3.06, 50.63], zoom: 11 }));
    await waitForMapIdle(page);
    const communes = await page.evaluate(() =>
      window.__maillage!.map.queryRenderedFeatures({ layers: ['communes--label'] }).map((f) => String(f.properties.name)),
    );
    assert(communes.length >= 10, `only ${communes.length} commune names drawn at zoom 11 over Lille`);
    assert(communes.includes('Lille'), `"Lille" not among the names drawn: ${communes.slice(0, 20).join(', ')}`);
    assert((await renderedIds(page, 'arrondissements--label')).length === 0, 'arrondissement names still drawn at zoom 11');
    await page.screenshot({ path: join(ARTIFACTS, 'layers-labels-zoom11.png') });
  });

  await t.check('the neighbouring départements are drawn around the Nord with their names, and the Belgian border', async () => {
    await page.getByRole('button', { name: 'Recentrer sur le département' }).click();
    await waitFor('the département view', async () => (await page.evaluate(() => window.__maillage!.map.getZoom())) < 9, 5_000);
    await waitForMapIdle(page);
    const drawn = await page.evaluate(() => {
      const map = window.__maillage!.map;
      const lines = map.queryRenderedFeatures({ layers: ['neighbours--line'] }).map((f) => String(f.properties.id));
      const names = map.queryRenderedFeatures({ layers: ['neighbours--label'] }).map((f) => String(f.properties.name));
      return { lines: [...new Set(lines)], names: [...new Set(names)] };
    });
    assert(drawn.lines.includes('departement-62') && drawn.lines.includes('departement-02'), `outlines drawn: ${drawn.lines.join(', ')}`);
    assert(drawn.lines.includes('border-056'), `no Belgian border drawn: ${drawn.lines.join(', ')}`);
    assert(drawn.names.includes('Pas-de-Calais'), `neighbour names drawn: ${drawn.names.join(', ')}`);
  });

  await t.check('"Recentrer sur le département" fits the whole département again', async () => {
    await page.getByRole('button', { name: 'Recentrer sur le département' }).click();
    await waitFor(
      'the whole département in view',
      async () =>
        page.evaluate(() => {
          const { map, store } = window.__maillage!;
          const e = store.getState().manifest!.departement.extent;
          const b = map.getBounds();
          return !map.isMoving() && b.contains([e[0], e[1]]) && b.contains([e[2], e[3]]);
        }),
      5_000,
    );
    await waitForMapIdle(page);
  });

  await t.check('with the cantons shown, clicking a canton selects it and shows its name', async () => {
    await setLayer(page, /^Inclusion numérique/, false);
    await setLayer(page, /^Cantons/, true);
    const labels = await renderedIds(page, 'cantons--hit');
    assert(labels.length === NORD_CANTONS, `${labels.length} cantons clickable, expected ${NORD_CANTONS}`);
    // a spot where the only clickable thing is a canton, once the map has settled (no camera move to come)
    await waitForMapIdle(page);
    const spot = await page.evaluate(() => {
      const map = window.__maillage!.map;
      const layers = map
        .getLayersOrder()
        .filter(
          (id) =>
            map.getLayoutProperty(id, 'visibility') !== 'none' &&
            !/--(fill|line|label|cluster-count|coverage-line|raster)$/.test(id) &&
            id !== 'background' &&
            id !== 'population-grid',
        );
      const w = map.getCanvas().clientWidth;
      const h = map.getCanvas().clientHeight;
      for (let y = 80; y < h - 80; y += 23) {
        for (let x = 80; x < w - 80; x += 23) {
          const hits = map.queryRenderedFeatures(
            [
              [x - 9, y - 9],
              [x + 9, y + 9],
            ],
            { layers },
          );
          // a spot the pointer reaches: not under the map's legend or another control
          const rect = map.getCanvas().getBoundingClientRect();
          const onCanvas = document.elementFromPoint(rect.left + x, rect.top + y) === map.getCanvas();
          // and the point itself inside the canton, not only near its edge (the sea along the coast)
          const inside = map.queryRenderedFeatures([x, y], { layers: ['cantons--hit'] }).length > 0;
          if (onCanvas && inside && hits.length > 0 && hits.every((f) => f.layer.id === 'cantons--hit')) {
            const ids = new Set(hits.map((f) => String(f.id)));
            if (ids.size === 1) return { x, y, id: [...ids][0], name: String(hits[0].properties.name) };
          }
        }
      }
      return null;
    });
    assert(spot, 'no spot of the map where only a canton is under the pointer');
    const origin = await canvasOrigin(page);
    await page.mouse.click(origin.x + spot.x, origin.y + spot.y);
    await waitFor(
      `details of canton "${spot.name}"`,
      async () => (await page.locator('#details-title').innerText()).trim() === spot.name,
      5_000,
    );
    await waitForMapIdle(page);
    const state = await page.evaluate((id) => window.__maillage!.map.getFeatureState({ source: 'maillage-cantons', id }), spot.id);
    assert(state?.selected === true, `canton ${spot.id} not marked selected on the map`);
    await page.screenshot({ path: join(ARTIFACTS, 'layers-canton-selected.png') });
    await setLayer(page, /^Cantons/, false);
  });

  await t.check('the map canvas takes the keyboard focus visibly, and Enter on a cluster zooms in', async () => {
    await setLayer(page, /^Premier accueil social/, true);
    const cluster = await waitFor(
      'an isolated first-reception cluster',
      async () => (await isolatedCluster(page, 'first-reception', 20)) ?? false,
    );
    // centre the map on the cluster, then reach the canvas with the keyboard
    await page.evaluate(({ x, y }) => {
      const map = window.__maillage!.map;
      map.jumpTo({ center: map.unproject([x, y]) });
    }, cluster);
    await waitForMapIdle(page);
    await page.getByRole('button', { name: 'Recentrer sur le département' }).focus();
    let onCanvas = false;
    for (let i = 0; i < 6 && !onCanvas; i++) {
      await page.keyboard.press('Shift+Tab');
      onCanvas = await page.evaluate(() => document.activeElement === window.__maillage!.map.getCanvas());
    }
    assert(onCanvas, 'the map canvas cannot be reached with the keyboard');
    const outline = await page.evaluate(() => getComputedStyle(window.__maillage!.map.getCanvas()).outlineStyle);
    assert(outline !== 'none', 'the focused map canvas shows no outline');
    const zoom0 = await page.evaluate(() => window.__maillage!.map.getZoom());
    await page.keyboard.press('Enter');
    await waitFor(
      'the zoom-in after Enter',
      async () => (await page.evaluate(() => window.__maillage!.map.getZoom())) > zoom0 + 0.9,
      5_000,
    );
    const said = await page.locator('[data-testid="map-status"]').innerText();
    assert(/Groupe de \d+ lieux/.test(said), `the live region says "${said}"`);
    await page.screenshot({ path: join(ARTIFACTS, 'layers-keyboard.png') });
    await setLayer(page, /^Premier accueil social/, false);
  });
  await t.check('the filters and the legend classes fit a 360 px phone', async () => {
    await setLayer(page, /^Inclusion numérique/, true);
    await setLayer(page, /^Adultes-relais/, true);
    await page.setViewportSize({ width: 360, height: 740 });
    const filters = page.locator('.layer__filters').filter({ has: page.locator('summary', { hasText: 'Inclusion numérique' }) });
    if (!(await filters.evaluate((d) => (d as HTMLDetailsElement).open))) await filters.locator('summary').click();
    await filters.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'layers-phone-filters.png') });
    const excess = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(excess <= 0, `the page scrolls sideways by ${excess}px at 360 px with the filters open`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
  await page.close();

  await t.check('the online basemap, switched on with no network, says it is unreachable and the map keeps working', async () => {
    // an own context, outside the console-error check: the blocked tiles are expected failures
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    try {
      await context.route(
        (url) => !url.href.startsWith(BASE_URL),
        (route) => route.abort('internetdisconnected'),
      );
      const p = await context.newPage();
      const pageErrors: string[] = [];
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await openApp(p);
      const toggle = p.getByRole('switch', { name: 'Fond de carte en ligne (Plan IGN)' });
      assert(!(await toggle.isChecked()), 'the online basemap is on by default');
      await toggle.check();
      const alert = p.getByRole('alert').filter({ hasText: 'Fond de carte en ligne injoignable' });
      await alert.waitFor({ timeout: 15_000 });
      const text = await alert.innerText();
      assert(text.includes('la carte reste utilisable avec les couches locales'), `message reads "${text}"`);
      await waitForMapIdle(p);
      const fs = await p.evaluate(
        () => new Set(window.__maillage!.map.queryRenderedFeatures({ layers: ['france-services'] }).map((f) => f.id)).size,
      );
      assert(fs === 52, `${fs} France Services drawn with the basemap unreachable`);
      const attribution = (await p.locator('.maillage-attrib').textContent()) ?? '';
      assert(/Plan IGN/.test(attribution), `the map does not credit the IGN basemap: "${attribution}"`);
      await p.screenshot({ path: join(ARTIFACTS, 'layers-basemap-offline.png') });
      await toggle.uncheck();
      await waitFor('the message to go', async () => (await alert.count()) === 0, 5_000);
      assert(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
    } finally {
      await context.close();
    }
  });
}
