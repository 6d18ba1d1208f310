/**
 * Layer filters, derived layers and choropleth classes of the store (src/state/layer-views.ts,
 * src/state/slices/view.slice.ts), on a fictional département.
 */
import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../src/state/store.ts';
import {
  passesLayerFilter,
  selectChoropleth,
  selectFilteredLayerData,
  selectLayerFacets,
  selectLayerInfo,
  selectLegendLayerIds,
  selectMediatorsYear,
} from '../../src/state/layer-views.ts';
import { selectLayerIds } from '../../src/state/selectors.ts';
import type { BundleManifestFile, LayerData } from '../../src/state/app-state.ts';
import { illectronismeChoropleth } from '../../src/layers/illectronisme.ts';
import { mediatorsChoropleth } from '../../src/layers/health-mediators.ts';

const square = (x: number, y: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x, y],
    ],
  ],
});
const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });
const fc = (features: Feature<Geometry, Record<string, unknown>>[]): LayerData => ({ type: 'FeatureCollection', features });
const f = (geometry: Geometry, properties: Record<string, unknown>): Feature<Geometry, Record<string, unknown>> => ({
  type: 'Feature',
  geometry,
  properties,
});

/** Five fictional digital-help places. */
const PLACES = fc([
  f(point(0, 0), { id: 'a', labels: ['CNFS'], services: ['Accéder à du matériel', 'Prendre en main un ordinateur'] }),
  f(point(1, 0), { id: 'b', labels: ['CNFS', 'France Services'], services: ['Accéder à du matériel'] }),
  f(point(2, 0), { id: 'c', labels: ['Aidants Connect'], services: ['Prendre en main un ordinateur'] }),
  f(point(3, 0), { id: 'd', labels: [], services: ['Accéder à du matériel'] }),
  f(point(4, 0), { id: 'e', labels: ['CNFS'] }),
]);

const COMMUNES = fc([
  f(square(0, 0), { code: '99001', name: 'Bourg-les-Prés', population: 400, rural: true }),
  f(square(1, 0), { code: '99002', name: 'Villeneuve-sur-Rien', population: 40000, rural: false }),
  f(square(2, 0), { code: '99003', name: 'Hameau', population: 90, rural: true }),
]);

const EPCI = fc([
  f(square(0, 0), { code: '999000001', name: 'CC Une', illectronisme_rate_pct: 13.4 }),
  f(square(1, 0), { code: '999000002', name: 'CC Deux', illectronisme_rate_pct: 17.5 }),
  f(square(2, 0), { code: '999000003', name: 'CA Trois', illectronisme_rate_pct: 21.3 }),
  f(square(3, 0), { code: '999000004', name: 'CC Quatre', illectronisme_rate_pct: 16.2 }),
  f(square(4, 0), { code: '999000005', name: 'CC Cinq' }),
]);

const MEDIATORS = fc([
  f(square(0, 0), { id: 't1', territory_type: 'epci', posts_2022: 6, posts_2023: 0 }),
  f(square(1, 0), { id: 't2', territory_type: 'epci', posts_2022: 1, posts_2023: 2 }),
  f(square(2, 0), { id: 't3', territory_type: 'commune', posts_2022: 40, posts_2023: 30 }),
  f(square(3, 0), { id: 't4', territory_type: 'epci', posts_2022: 12, posts_2023: 6 }),
]);

const layer = (id: string, title: string, extra: Record<string, unknown> = {}) => ({
  id,
  title,
  file: `${id}.geojson`,
  status: 'ok',
  features: 0,
  sources: [
    { id: 'src-geo', title: 'Contours', vintage: '2018', attribution: 'Fictif' },
    { id: 'anct-densite-communes', title: 'Densité', vintage: '2025', attribution: 'Fictif' },
    { id: 'insee-illectronisme-epci', title: 'Illectronisme', vintage: 'non précisé', attribution: 'Fictif' },
  ],
  caveats: [],
  ...extra,
});

const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département fictif', extent: [0, 0, 5, 1] },
  layers: {
    'digital-inclusion': layer('digital-inclusion', 'Inclusion numérique'),
    communes: layer('communes', 'Communes'),
    epci: layer('epci', 'EPCI'),
    'health-mediators': layer('health-mediators', 'Adultes-relais', { stats: { posts_by_year: { '2022': 59, '2023': 38 } } }),
  },
} as unknown as BundleManifestFile;

const DATA: Record<string, LayerData> = { 'digital-inclusion': PLACES, communes: COMMUNES, epci: EPCI, 'health-mediators': MEDIATORS };

function makeStore(): { store: AppStore; fetched: string[] } {
  const fetched: string[] = [];
  const store = createAppStore({
    loader: {
      fetchManifest: async () => MANIFEST,
      async fetchLayer(_dept, file) {
        const id = file.replace(/\.geojson$/, '');
        fetched.push(id);
        return DATA[id] ?? fc([]);
      },
    },
  });
  return { store, fetched };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('passesLayerFilter', () => {
  const p = { labels: ['CNFS', 'France Services'], services: ['Accéder à du matériel'], kind: 'mediatheque' };

  it('keeps a feature when one element of a list property is among the kept values (OR within a property)', () => {
    expect(passesLayerFilter(p, { labels: ['Aidants Connect', 'France Services'] })).toBe(true);
    expect(passesLayerFilter(p, { labels: ['Aidants Connect'] })).toBe(false);
  });

  it('compares a plain property with the kept values', () => {
    expect(passesLayerFilter(p, { kind: ['mediatheque', 'tiers-lieu'] })).toBe(true);
    expect(passesLayerFilter(p, { kind: ['tiers-lieu'] })).toBe(false);
  });

  it('needs every filtered property to pass (AND across properties), an empty list filtering nothing', () => {
    expect(passesLayerFilter(p, { labels: ['CNFS'], services: ['Prendre en main un ordinateur'] })).toBe(false);
    expect(passesLayerFilter(p, { labels: ['CNFS'], services: [] })).toBe(true);
    expect(passesLayerFilter(p, undefined)).toBe(true);
  });

  it('drops a feature without the property once that property is filtered, unless it is the one left out', () => {
    expect(passesLayerFilter({ labels: ['CNFS'] }, { services: ['Accéder à du matériel'] })).toBe(false);
    expect(passesLayerFilter({ labels: ['CNFS'] }, { services: ['Accéder à du matériel'] }, 'services')).toBe(true);
    expect(passesLayerFilter(null, { services: ['x'] })).toBe(false);
  });
});

describe('layer filters in the store', () => {
  it('filters the data the map gets, and gives back the very same object when nothing is filtered', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setLayerVisible('digital-inclusion', true);
    await settle();
    expect(selectFilteredLayerData(store.getState(), 'digital-inclusion')).toBe(PLACES);
    store.getState().setLayerFilter('digital-inclusion', 'labels', ['CNFS']);
    const filtered = selectFilteredLayerData(store.getState(), 'digital-inclusion')!;
    expect(filtered.features.map((x) => x.properties!.id)).toEqual(['a', 'b', 'e']);
    expect(selectFilteredLayerData(store.getState(), 'digital-inclusion')).toBe(filtered); // memoised
    expect(PLACES.features).toHaveLength(5); // input untouched
    store.getState().setLayerFilter('digital-inclusion', 'labels', []);
    expect(store.getState().layerFilters).toEqual({});
    expect(selectFilteredLayerData(store.getState(), 'digital-inclusion')).toBe(PLACES);
  });

  it('counts each checkbox given the other properties’ filters (faceted), most frequent first', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setLayerVisible('digital-inclusion', true);
    await settle();
    store.getState().setLayerFilter('digital-inclusion', 'services', ['Prendre en main un ordinateur']);
    const facets = selectLayerFacets(store.getState(), 'digital-inclusion')!;
    const labels = facets.facets.find((x) => x.field === 'labels')!;
    // among the places offering "Prendre en main un ordinateur" (a, c)
    expect(labels.options.map((o) => [o.label, o.count])).toEqual([
      ['Aidants Connect', 1],
      ['Conseillers numériques', 1],
    ]);
    const services = facets.facets.find((x) => x.field === 'services')!;
    // the services are counted over every place (no other filter), the checked one marked
    expect(services.options.map((o) => [o.value, o.count, o.checked])).toEqual([
      ['Accéder à du matériel', 3, false],
      ['Prendre en main un ordinateur', 2, true],
    ]);
    expect(services.missing?.count).toBe(1); // place e has no service
    expect(facets).toMatchObject({ shown: 2, total: 5, active: true });
  });

  it('keeps a checked value with no place left, counted 0, so that it can be unticked', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setLayerVisible('digital-inclusion', true);
    await settle();
    store.getState().setLayerFilter('digital-inclusion', 'labels', ['Aidants Connect', 'Aidants Connect']);
    expect(store.getState().layerFilters['digital-inclusion']).toEqual({ labels: ['Aidants Connect'] });
    store.getState().setLayerFilter('digital-inclusion', 'services', ['Accéder à du matériel']);
    const labels = selectLayerFacets(store.getState(), 'digital-inclusion')!.facets[0];
    expect(labels.options.find((o) => o.value === 'Aidants Connect')).toMatchObject({ count: 0, checked: true });
    store.getState().clearLayerFilters('digital-inclusion');
    expect(store.getState().layerFilters).toEqual({});
  });
});

describe('derived layers', () => {
  it('lists rural communes and illectronisme once their base layers are in the manifest', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    const ids = selectLegendLayerIds(store.getState());
    expect(ids).toContain('rural-communes');
    expect(ids).toContain('illectronisme');
    expect(ids.indexOf('rural-communes')).toBeLessThan(ids.indexOf('communes'));
    expect(selectLegendLayerIds(store.getState())).toBe(ids);
    // the manifest's own layer list (list view, attributions) keeps only layers with a file
    expect(selectLayerIds(store.getState())).not.toContain('rural-communes');
  });

  it('loads the base layer when a derived layer is shown, and counts what it draws', async () => {
    const { store, fetched } = makeStore();
    await store.getState().loadBundle('99');
    expect(selectLayerInfo(store.getState(), 'illectronisme')?.features).toBeNull();
    store.getState().setLayerVisible('illectronisme', true);
    await settle();
    expect(fetched).toContain('epci');
    const info = selectLayerInfo(store.getState(), 'illectronisme')!;
    expect(info).toMatchObject({ title: 'Illectronisme par EPCI', status: 'ok', features: 4 });
    expect(info.sources.map((s) => s.id)).toEqual(['insee-illectronisme-epci']);
    expect(selectLayerInfo(store.getState(), 'illectronisme')).toBe(info); // stable for React
    // the communes themselves are fetched from zoom 9 (their registry minzoom), or when asked for
    await store.getState().ensureLayer('communes');
    expect(selectLayerInfo(store.getState(), 'rural-communes')?.features).toBe(2);
  });

  it('loads the base of a derived layer made visible before the manifest arrived (a shared link)', async () => {
    const { store, fetched } = makeStore();
    store.getState().setLayerVisible('rural-communes', true);
    await store.getState().loadBundle('99');
    await settle();
    expect(fetched).toContain('communes');
  });
});

describe('choropleths', () => {
  it('puts "no post" in a grey class of its own and colours the same count alike whatever the year', () => {
    const y2022 = mediatorsChoropleth(MEDIATORS, 2022);
    const y2023 = mediatorsChoropleth(MEDIATORS, 2023);
    expect(y2023.classOf.get('t1')).toBe(0);
    expect(y2023.classes[0]).toMatchObject({ label: 'aucun poste', colour: '#d9d9d9', count: 1 });
    // t1 had 6 posts in 2022, t4 has 6 in 2023: same class, same colour
    expect(y2022.classOf.get('t1')).toBe(y2023.classOf.get('t4'));
    expect(y2022.colours).toEqual(y2023.colours);
    expect(y2022.title).toBe('Postes adultes-relais financés en 2022');
    expect(y2022.classes.reduce((s, c) => s + c.count, 0)).toBe(4);
    expect(y2022.classes[y2022.classes.length - 1].label).toMatch(/ou plus$/);
  });

  it('classes illectronisme rates by quantiles of half points, leaving an EPCI without a rate uncoloured', () => {
    const c = illectronismeChoropleth(EPCI);
    expect(c.classOf.has('999000005')).toBe(false);
    expect(c.classOf.size).toBe(4);
    expect(c.classes[0].label).toMatch(/^moins de \d+(,\d)? %$/);
    expect(c.classes.map((x) => x.count).reduce((a, b) => a + b, 0)).toBe(4);
    expect(c.classOf.get('999000001')).toBe(0);
    expect(c.classOf.get('999000003')).toBe(c.classes.length - 1);
    expect(new Set(c.colours).size).toBe(c.colours.length);
  });

  it('follows the chosen year, the latest by default, ignoring a year the data lacks', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setLayerVisible('health-mediators', true);
    await settle();
    expect(selectMediatorsYear(store.getState())).toBe(2023);
    const latest = selectChoropleth(store.getState(), 'health-mediators')!;
    expect(latest.title).toContain('2023');
    store.getState().setMediatorsYear(2022);
    expect(selectChoropleth(store.getState(), 'health-mediators')!.classOf.get('t1')).toBeGreaterThan(0);
    store.getState().setMediatorsYear(1999);
    expect(selectMediatorsYear(store.getState())).toBe(2023);
    expect(selectChoropleth(store.getState(), 'health-mediators')).toBe(latest); // memoised per data and year
  });
});

describe('online basemap state', () => {
  it('is off by default, loading when switched on, and ignores reports while off', () => {
    const { store } = makeStore();
    expect(store.getState()).toMatchObject({ basemap: false, basemapStatus: 'off' });
    store.getState().reportBasemapStatus('error');
    expect(store.getState().basemapStatus).toBe('off');
    store.getState().setBasemap(true);
    expect(store.getState().basemapStatus).toBe('loading');
    store.getState().reportBasemapStatus('error');
    expect(store.getState().basemapStatus).toBe('error');
    store.getState().setBasemap(false);
    expect(store.getState()).toMatchObject({ basemap: false, basemapStatus: 'off' });
  });
});
