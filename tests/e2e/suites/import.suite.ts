import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateImportCsv } from '../../../scripts/lib/import-bench-csv.ts';
import { ARTIFACTS, assert, openApp, renderedIds, waitFor, waitForMapIdle, type E2E } from '../harness.ts';

const XSS = '<img src=x onerror=alert(1)>';
/** A CSV mixing good and bad rows (all fictional): 7 accepted, 3 rejected. */
const CSV = [
  'id;nom;adresse;code_insee;latitude;longitude;commentaire',
  'E1;MSP fictive du Beffroi;1 place Exemple;59350;50,6366;3,0635;',
  'E2;MSP fictive de l’Escaut;2 rue Exemple;59606;50,3570;3,5230;',
  `E3;${XSS};3 rue Exemple;59178;50,3700;3,0800;<script>alert(2)</script>`,
  'E4;=HYPERLINK("http://exemple.invalid");4 rue Exemple;59392;50,2800;3,9700;+33',
  'E5;MSP fictive des Dunes;5 quai Exemple;59183;2,3770;51,0340;inversée',
  'E6;MSP fictive sans coordonnées;6 rue Exemple;59122;;;au centre de la commune',
  'E7;MSP fictive du Cambrésis;7 rue Exemple;59122;50,1760;3,2340;',
  'E8;;8 rue Exemple;59350;50,63;3,06;sans nom',
  'E9;MSP fictive à Madrid;9 calle Ejemplo;;40,4168;-3,7038;hors de France',
  'E10;MSP fictive au code inconnu;10 rue Exemple;59999;;;code INSEE inconnu',
].join('\n');
const ACCEPTED = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7'];

interface Probe {
  dialogs: string[];
}

async function openImportTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Importer' }).click();
  await page.getByRole('heading', { name: 'Importer vos données' }).waitFor();
}

async function importCsv(page: Page): Promise<string> {
  await openImportTab(page);
  await page.getByLabel('Couche à remplir').selectOption('msp');
  await page.setInputFiles('#import-file', { name: 'msp-essai.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await page.locator('.import-job__done').waitFor({ timeout: 20_000 });
  const id = await page.evaluate(() => window.__maillage!.store.getState().importJob.layerId);
  assert(id, 'no layer id after the import');
  return id;
}

/** Shows the whole département again (a selection may have zoomed in; a reload keeps the view of the link). */
async function fitDepartement(page: Page): Promise<void> {
  await page.evaluate(() => {
    const { map, store } = window.__maillage!;
    const [a, b, c, d] = store.getState().manifest!.departement.extent;
    map.fitBounds(
      [
        [a, b],
        [c, d],
      ],
      { padding: 16, animate: false },
    );
  });
  await waitForMapIdle(page);
}

/** The ids of the imported layer drawn on the map, once they are all there. */
async function drawnIds(page: Page, layerId: string): Promise<string[]> {
  await fitDepartement(page);
  return waitFor('imported points rendered', async () => {
    const got = (await renderedIds(page, layerId)).sort();
    return got.length === ACCEPTED.length ? got : null;
  });
}

async function countOf(page: Page, key: string): Promise<string> {
  return (await page.locator(`.import-job [data-count="${key}"]`).innerText()).trim();
}

/** No element built from a data string, no alert: the payloads stayed text. */
async function assertNoInjection(page: Page, probe: Probe, where: string): Promise<void> {
  const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src]):not([type])').length);
  assert(injected === 0, `${where}: ${injected} element(s) built from data strings`);
  assert(probe.dialogs.length === 0, `${where}: a dialog fired (${probe.dialogs.join(', ')})`);
}

/** The chunks of a layer in IndexedDB (`maillage-imports`), or 0. */
async function storedChunks(page: Page, layerId: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('maillage-imports');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          const request = db
            .transaction('chunks')
            .objectStore('chunks')
            .count(IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER]));
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => resolve(0);
        };
      }),
    layerId,
  );
}

/**
 * A large imported layer on the map: a vector source of its worker's tiles (no feature handed to
 * MapLibre), and with the whole département in view, the points left single plus the points the
 * rendered clusters count make every accepted row.
 */
async function assertTiledAndWhole(page: Page, layerId: string, accepted: number): Promise<void> {
  await fitDepartement(page);
  const source = await page.evaluate((layer) => {
    const s = window.__maillage!.map.getSource(`maillage-${layer}`) as unknown as { type: string; tiles?: string[] } | undefined;
    return s ? { type: s.type, tiles: s.tiles } : null;
  }, layerId);
  assert(source?.type === 'vector' && source.tiles?.[0]?.startsWith('maillage-import://'), `map source ${JSON.stringify(source)}`);
  // one zoom level out, so that no point lies outside the view (the panel's side may hide the extent's edge)
  await page.evaluate(() => {
    const { map } = window.__maillage!;
    map.jumpTo({ zoom: map.getZoom() - 1 });
  });
  await waitForMapIdle(page);
  const drawn = await waitFor('every imported point drawn, single or in a cluster', async () => {
    const got = await page.evaluate((layer) => {
      const { map } = window.__maillage!;
      if (!map.getLayer(`${layer}--cluster`)) return null;
      const singles = new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.id)));
      const clusters = new Map<number, number>();
      for (const f of map.queryRenderedFeatures({ layers: [`${layer}--cluster`] }))
        clusters.set(Number(f.properties.cluster_id), Number(f.properties.point_count));
      return { singles: singles.size, inClusters: [...clusters.values()].reduce((n, c) => n + c, 0), clusters: clusters.size };
    }, layerId);
    return got && got.singles + got.inClusters === accepted ? got : null;
  });
  assert(drawn.clusters > 0 && drawn.clusters < accepted, `clusters drawn: ${JSON.stringify(drawn)}`);
}

/** Zooms in on one accepted point until it is drawn single, clicks it: its details open, with its name. */
async function clickOnePoint(page: Page, layerId: string): Promise<void> {
  const target = await page.evaluate((layer) => {
    const { map, store } = window.__maillage!;
    const f = store.getState().imports.find((l) => l.id === layer)!.data.features[0];
    const [lng, lat] = (f.geometry as unknown as { coordinates: [number, number] }).coordinates;
    map.jumpTo({ center: [lng, lat], zoom: 17 });
    return { id: String(f.properties!.id), name: String(f.properties!.name) };
  }, layerId);
  await waitForMapIdle(page);
  const at = await waitFor('the point drawn single', async () =>
    page.evaluate(
      ({ layer, id }) => {
        const { map } = window.__maillage!;
        const hit = map.queryRenderedFeatures({ layers: [layer] }).find((f) => String(f.id) === id);
        if (!hit) return null;
        const p = map.project((hit.geometry as unknown as { coordinates: [number, number] }).coordinates);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      },
      { layer: layerId, id: target.id },
    ),
  );
  await page.mouse.click(at.x, at.y);
  const selected = await waitFor('the clicked point selected', async () =>
    page.evaluate(() => window.__maillage!.store.getState().selected),
  );
  assert(selected.layer === layerId && selected.id === target.id, `selected ${JSON.stringify(selected)} for ${target.id}`);
  const title = page.locator('#details-title');
  await title.waitFor();
  assert((await title.innerText()) === target.name, `details title: ${await title.innerText()} for ${target.name}`);
}

export async function importSuite(t: E2E): Promise<void> {
  const context = await t.newContext();
  const page = await context.newPage();
  const probe: Probe = { dialogs: [] };
  page.on('dialog', (d) => {
    probe.dialogs.push(d.message());
    void d.dismiss();
  });
  await openApp(page);
  let layerId = '';

  await t.check('import: a CSV mixing good and bad rows gives the right report counts', async () => {
    layerId = await importCsv(page);
    assert((await countOf(page, 'rows_read')) === '10', `rows read ${await countOf(page, 'rows_read')}`);
    assert((await countOf(page, 'accepted')) === '7', `accepted ${await countOf(page, 'accepted')}`);
    assert((await countOf(page, 'rejected')) === '3', `rejected ${await countOf(page, 'rejected')}`);
    assert((await countOf(page, 'approximate')) === '1', `approximate ${await countOf(page, 'approximate')}`);
    const rows = await page.locator('.import-job .import-report__table tbody tr').allInnerTexts();
    assert(
      rows.length === 3 && rows[0].startsWith('8') && rows[1].startsWith('9') && rows[2].startsWith('10'),
      `rejected rows listed: ${JSON.stringify(rows)}`,
    );
    await page.locator('.import-job').screenshot({ path: join(ARTIFACTS, 'import-report.png') });
  });

  await t.check('import: only the progress and count line is live, never the report table', async () => {
    const live = await page.evaluate(() => {
      const regions = [...document.querySelectorAll('.import-panel [aria-live], .import-panel [role="status"]')];
      return {
        count: regions.length,
        tables: regions.filter((r) => r.querySelector('table, dl')).length,
        text: regions.map((r) => r.textContent ?? ''),
        wrapper: document.querySelector('.import-job')?.getAttribute('aria-live') ?? null,
      };
    });
    assert(live.wrapper === null, `.import-job is aria-live="${live.wrapper}"`);
    assert(live.count === 1 && live.tables === 0, `live regions: ${JSON.stringify(live)}`);
    assert(
      /^« msp-essai\.csv » importé dans .* : 7 lieu\(x\) sur la carte.* 3 ligne\(s\) rejetée\(s\)\.$/.test(live.text[0]),
      `announced: ${live.text[0]}`,
    );
  });

  await t.check('import: the layer shows the good rows on the map, with a legend entry', async () => {
    await waitForMapIdle(page);
    const ids = await drawnIds(page, layerId);
    assert(JSON.stringify(ids) === JSON.stringify([...ACCEPTED].sort()), `rendered ${JSON.stringify(ids)}`);
    const entry = page.locator(`.imported-layer[data-layer="${layerId}"]`);
    assert(await entry.getByRole('checkbox').isChecked(), 'the imported layer is not shown');
    // its own colour (by its id), the same in the Importer tab and on the map
    const colours = await page.evaluate((id) => {
      const swatch = document.querySelector<HTMLElement>(`.imported-layer[data-layer="${id}"] .swatch`);
      return {
        swatch: swatch ? getComputedStyle(swatch).backgroundColor : null,
        map: window.__maillage!.map.getPaintProperty(id, 'circle-color') as unknown,
      };
    }, layerId);
    // given per feature, the same for every one (src/map/layers/gl-programs.ts): ['case', test, colour, colour]
    const [, , mapColour, otherwise] = colours.map as [string, unknown, string, string];
    assert(Array.isArray(colours.map) && mapColour === otherwise, `map colour ${JSON.stringify(colours.map)}`);
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    assert(['#882255', '#117733', '#332288', '#999933', '#44AA99', '#AA4499', '#DDCC77'].includes(mapColour), `map colour ${mapColour}`);
    assert(colours.swatch === rgb(mapColour), `Importer tab swatch ${colours.swatch}, map ${mapColour}`);
    await page.screenshot({ path: join(ARTIFACTS, 'import-map.png') });
  });

  await t.check('import: a name like <img src=x onerror=…> stays text in the report, details, nearest list and exports', async () => {
    await assertNoInjection(page, probe, 'after the import');
    await page.evaluate((layer) => window.__maillage!.store.getState().select({ layer, id: 'E3' }), layerId);
    const title = page.locator('#details-title');
    await title.waitFor();
    assert((await title.innerText()) === XSS, `details title: ${await title.innerText()}`);
    assert((await page.locator('.details__layer').innerText()).includes('msp-essai.csv'), 'details do not name the imported layer');
    await assertNoInjection(page, probe, 'details panel');
    // the nearest search from Douai lists the imported MSP, the payload as text
    await page.evaluate(() =>
      window.__maillage!.store.getState().findNearestFrom({ kind: 'geolocation', label: 'Douai', lngLat: [3.08, 50.37] }),
    );
    const listed = await waitFor('the imported site in the MSP results', async () => {
      // folded groups are not rendered as text: read the content itself
      const text = (await page.locator('.find__results').first().textContent()) ?? '';
      return text.includes(XSS) ? text : null;
    });
    assert(listed.includes('MSP fictive'), 'the other imported sites are not listed');
    await assertNoInjection(page, probe, 'nearest results');
    await openImportTab(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`.imported-layer[data-layer="${layerId}"]`).getByRole('button', { name: 'Exporter en CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert(csv.includes(XSS), 'the CSV export lost the name');
    assert(csv.includes(`'=HYPERLINK(`) && !/(^|,)=HYPERLINK/m.test(csv), 'the CSV export did not neutralise a formula');
    assert(csv.includes(",'+33") || csv.includes("'+33"), 'the CSV export did not neutralise +33');
    const [geo] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`.imported-layer[data-layer="${layerId}"]`).getByRole('button', { name: 'Exporter en GeoJSON' }).click(),
    ]);
    const fc = JSON.parse(readFileSync((await geo.path())!, 'utf8')) as { features: { properties: { id: string } }[] };
    assert(fc.features.length === 7, `GeoJSON export has ${fc.features.length} features`);
  });

  await t.check('import: the canton table counts the imported sites at once (planner tab)', async () => {
    await page.getByRole('link', { name: 'Espace planification' }).click();
    const counts = await waitFor(
      'the coverage table with the imported layer',
      () =>
        page.evaluate((layer) => {
          const table = window.__maillage!.store.getState().coverageTable;
          if (!table?.countedLayers.some((l) => l.id === layer)) return null;
          return {
            total: table.total.layerCounts[layer],
            perCanton: table.rows.reduce((n, r) => n + (r.layerCounts[layer] ?? 0), 0),
            cantons: table.rows.filter((r) => (r.layerCounts[layer] ?? 0) > 0).length,
          };
        }, layerId),
      60_000,
    );
    assert(counts.total === 7 && counts.perCanton === 7, `counted ${JSON.stringify(counts)}`);
    assert(counts.cantons >= 5, `the 7 sites fall in only ${counts.cantons} cantons`);
    // the canton of the first site says so in its details
    const canton = await page.evaluate(
      (layer) => window.__maillage!.store.getState().coverageTable!.rows.find((r) => (r.layerCounts[layer] ?? 0) > 0)!.cantonCode,
      layerId,
    );
    await page.evaluate((id) => window.__maillage!.store.getState().select({ layer: 'cantons', id }), canton);
    await page
      .locator('.details__coverage')
      .getByText(/msp-essai\.csv/)
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'import-planner.png') });
    // back to the residents' view, where the import panel is
    await page.getByRole('link', { name: 'Trouver un service' }).click();
  });

  await t.check('import: a reload keeps the imported layer (IndexedDB)', async () => {
    await page.reload({ waitUntil: 'load' });
    await waitForMapIdle(page);
    await openImportTab(page);
    await page.locator(`.imported-layer[data-layer="${layerId}"]`).waitFor();
    const ids = await drawnIds(page, layerId);
    assert(ids.length === 7, `after reload: ${ids.length} points`);
    const status = await page.evaluate(() => window.__maillage!.store.getState().importStore.status);
    assert(status === 'ok', `store status ${status}`);
    await assertNoInjection(page, probe, 'after the reload');
  });

  await t.check('import: a corrupt stored record is reported, the app still works, and the store can be emptied', async () => {
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('maillage-imports', 1);
          open.onsuccess = () => {
            const tx = open.result.transaction('layers', 'readwrite');
            tx.objectStore('layers').put({ schema: 1, id: 'import-broken', title: 'Couche abîmée', target: 'msp' });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.reload({ waitUntil: 'load' });
    await waitForMapIdle(page);
    await openImportTab(page);
    const alert = page.locator('.import-store[role="alert"]');
    await alert.waitFor();
    assert((await alert.innerText()).includes('Couche abîmée'), `store alert: ${await alert.innerText()}`);
    assert((await drawnIds(page, layerId)).length === 7, 'the readable layer was not kept');
    await page.screenshot({ path: join(ARTIFACTS, 'import-store-corrupt.png') });
    await alert.getByRole('button', { name: 'Vider le stockage des imports' }).click();
    // the layers in memory are written again before the alert goes
    await alert.waitFor({ state: 'detached' });
    await page.reload({ waitUntil: 'load' });
    await waitForMapIdle(page);
    await openImportTab(page);
    await page.locator(`.imported-layer[data-layer="${layerId}"]`).waitFor();
    assert((await page.locator('.import-store[role="alert"]').count()) === 0, 'the alert is still there after emptying the store');
  });

  await t.check(
    'import: columns named __proto__, constructor, toString… round-trip through the report, IndexedDB, a reload, both exports, the details and the nearest list',
    async () => {
      const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
      const csv = [
        `nom;latitude;longitude;type;${names.join(';')}`,
        `Accueil fictif du Prototype;50,3712;3,0801;constructor;${names.map((n) => `v-${n}-1`).join(';')}`,
        'Accueil fictif sans constructeur;50,3690;3,0850;toString;v-__proto__-2;;v-toString-2;v-hasOwnProperty-2',
      ].join('\n');
      await openImportTab(page);
      await page.getByLabel('Couche à remplir').selectOption('first-reception');
      await page.setInputFiles('#import-file', { name: 'proto.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.locator('.import-job__done').waitFor({ timeout: 20_000 });
      const protoId = await page.evaluate(() => window.__maillage!.store.getState().importJob.layerId);
      assert(protoId, 'no layer id for proto.csv');
      // drawn (MapLibre refuses to send an object with an own `constructor` key to its worker)
      await fitDepartement(page);
      await waitFor('both proto points drawn', async () => (await renderedIds(page, protoId)).length === 2 || null);
      const report = (await page.locator('.import-job').innerText()).replace(/\s+/g, ' ');
      assert(report.includes('« __proto__ », « constructor », « toString », « hasOwnProperty »'), `report: ${report}`);
      const exportsOf = async () => {
        const entry = page.locator(`.imported-layer[data-layer="${protoId}"]`);
        const [c] = await Promise.all([page.waitForEvent('download'), entry.getByRole('button', { name: 'Exporter en CSV' }).click()]);
        const [g] = await Promise.all([page.waitForEvent('download'), entry.getByRole('button', { name: 'Exporter en GeoJSON' }).click()]);
        return { csv: readFileSync((await c.path())!, 'utf8'), geojson: readFileSync((await g.path())!, 'utf8') };
      };
      const before = await exportsOf();
      const lines = before.csv.trim().split(/\r?\n/);
      assert(lines[0].endsWith(`,${names.join(',')}`), `CSV header: ${lines[0]}`);
      assert(lines[1].endsWith(`,${names.map((n) => `v-${n}-1`).join(',')}`), `CSV row 1: ${lines[1]}`);
      assert(lines[2].endsWith(',v-__proto__-2,,v-toString-2,v-hasOwnProperty-2'), `CSV row 2: ${lines[2]}`);
      assert(!/native code|\[object/.test(before.csv), 'the CSV export holds a function or an object');
      const extras = (JSON.parse(before.geojson) as { features: { properties: { extra: object } }[] }).features.map((f) =>
        Object.entries(f.properties.extra),
      );
      assert(extras[1].length === 3 && extras[1][0][0] === '__proto__', `GeoJSON extra of row 2: ${JSON.stringify(extras[1])}`);
      // the details panel shows the kind as written, the nearest list names both sites
      await page.evaluate((layer) => window.__maillage!.store.getState().select({ layer, id: 'L1' }), protoId);
      await page.locator('#details-title', { hasText: 'Accueil fictif du Prototype' }).waitFor();
      const kind = await page.locator('.details__layer').innerText();
      assert(kind.endsWith('— constructor'), `details kind: ${kind}`);
      await page.evaluate(() =>
        window.__maillage!.store.getState().findNearestFrom({ kind: 'geolocation', label: 'Douai', lngLat: [3.08, 50.37] }),
      );
      await waitFor('both proto sites in the nearest results', async () => {
        const text = (await page.locator('.find__results').first().textContent()) ?? '';
        return text.includes('Accueil fictif du Prototype') && text.includes('Accueil fictif sans constructeur') ? text : null;
      });
      // stored and read back after a reload: the same exports, byte for byte
      await page.reload({ waitUntil: 'load' });
      await waitForMapIdle(page);
      await openImportTab(page);
      await page.locator(`.imported-layer[data-layer="${protoId}"]`).waitFor();
      const after = await exportsOf();
      assert(after.csv === before.csv, `CSV export changed after the reload:\n${after.csv}`);
      const strip = (g: string) => JSON.stringify((JSON.parse(g) as { features: unknown }).features);
      assert(strip(after.geojson) === strip(before.geojson), 'GeoJSON features changed after the reload');
      await page
        .locator(`.imported-layer[data-layer="${protoId}"]`)
        .getByRole('button', { name: /^Supprimer/ })
        .click();
    },
  );

  await t.check('import: a GeoJSON property nested 50,000 deep is a located rejection in the worker, not a crash', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const feature = (name: string, extra = '') =>
      `{"type":"Feature","geometry":{"type":"Point","coordinates":[3.08,50.37]},"properties":{"nom":"${name}"${extra}}}`;
    const text = `{"type":"FeatureCollection","features":[${feature('Lieu fictif profond', `,"note":${deep}`)},${feature('Lieu fictif normal')}]}`;
    await openImportTab(page);
    await page.getByLabel('Couche à remplir').selectOption('first-reception');
    await page.setInputFiles('#import-file', {
      name: 'profond.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(text, 'utf8'),
    });
    await page.locator('.import-job__done').waitFor({ timeout: 20_000 });
    assert((await countOf(page, 'accepted')) === '1', `accepted ${await countOf(page, 'accepted')}`);
    assert((await countOf(page, 'rejected')) === '1', `rejected ${await countOf(page, 'rejected')}`);
    const row = await page.locator('.import-job .import-report__table tbody tr').first().innerText();
    assert(/^1\s+note\s+valeur trop imbriquée/.test(row), `rejected row: ${row}`);
    const id = await page.evaluate(() => window.__maillage!.store.getState().importJob.layerId);
    await page
      .locator(`.imported-layer[data-layer="${id}"]`)
      .getByRole('button', { name: /^Supprimer/ })
      .click();
  });

  await t.check('import: unknown headers open the column dialog; removing the layer takes it off the map', async () => {
    await page.getByLabel('Couche à remplir').selectOption('first-reception');
    const unknownFile = {
      name: 'inconnu.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Structure accueillante;Position N;Position E\nAccueil fictif;50,63;3,06\n', 'utf8'),
    };
    await page.setInputFiles('#import-file', unknownFile);
    const dialog = page.getByRole('dialog', { name: 'Associer les colonnes de « inconnu.csv »' });
    await dialog.waitFor();
    // focus on its first field; Escape cancels and gives focus back to the file control
    assert(
      await dialog.getByLabel('Nom du lieu (obligatoire)').evaluate((el) => el === document.activeElement),
      'the dialog did not take focus',
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert(await page.locator('#import-file').evaluate((el) => el === document.activeElement), 'focus did not go back to the file control');
    await page.setInputFiles('#import-file', unknownFile);
    await dialog.waitFor();
    await dialog.getByLabel('Nom du lieu (obligatoire)').selectOption('Structure accueillante');
    await dialog.getByLabel(/^Latitude/).selectOption('Position N');
    await dialog.getByLabel(/^Longitude/).selectOption('Position E');
    await dialog.getByRole('button', { name: 'Continuer l’import' }).click();
    await page.locator('.import-job__done').waitFor();
    assert((await countOf(page, 'accepted')) === '1', 'the mapped file was not imported');
    await page
      .locator(`.imported-layer[data-layer="${layerId}"]`)
      .getByRole('button', { name: /^Supprimer/ })
      .click();
    await waitFor(
      'the removed layer off the map',
      async () => (await page.evaluate((id) => !window.__maillage!.map.getLayer(id), layerId)) || null,
    );
    await assertNoInjection(page, probe, 'end of the suite');
  });

  await t.check(
    'import: a 5,000-row fictional file is drawn from tiles cut in its worker: every accepted point drawn, a click opens its details, a reload keeps it',
    async () => {
      const big = generateImportCsv(5_000, 7);
      await page.getByLabel('Couche à remplir').selectOption('other');
      await page.setInputFiles('#import-file', { name: 'grand-essai.csv', mimeType: 'text/csv', buffer: Buffer.from(big.text, 'utf8') });
      await page.locator('.import-job__done').waitFor({ timeout: 60_000 });
      const accepted = 5_000 - big.badRows;
      // counts are written the French way (a thin space between thousands): compare their digits
      const digits = async (key: string) => (await countOf(page, key)).replace(/\D/g, '');
      assert((await digits('rows_read')) === '5000', `rows read ${await countOf(page, 'rows_read')}`);
      assert((await digits('accepted')) === String(accepted), `accepted ${await countOf(page, 'accepted')} for ${accepted}`);
      assert((await digits('rejected')) === String(big.badRows), `rejected ${await countOf(page, 'rejected')} for ${big.badRows}`);
      const id = (await page.evaluate(() => window.__maillage!.store.getState().importJob.layerId))!;
      await assertTiledAndWhole(page, id, accepted);
      await clickOnePoint(page, id);

      // stored whole and read back after a reload: its tiles are cut again, in a worker, and show every point
      await waitFor('the layer stored in IndexedDB', async () => (await storedChunks(page, id)) === Math.ceil(accepted / 500) || null);
      await page.reload({ waitUntil: 'load' });
      await waitForMapIdle(page);
      await openImportTab(page);
      await page.locator(`.imported-layer[data-layer="${id}"]`).waitFor();
      const restored = await page.evaluate(
        (layer) => window.__maillage!.store.getState().imports.find((l) => l.id === layer)?.data.features.length,
        id,
      );
      assert(restored === accepted, `${restored} features read back for ${accepted}`);
      await assertTiledAndWhole(page, id, accepted);
      await page
        .locator(`.imported-layer[data-layer="${id}"]`)
        .getByRole('button', { name: /^Supprimer/ })
        .click();
    },
  );

  await context.close();
}
