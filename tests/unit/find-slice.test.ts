import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../src/state/store.ts';
import { findCommunes, openStatusOf, selectFindResults } from '../../src/state/slices/find.slice.ts';
import type { BundleManifestFile, LayerData } from '../../src/state/app-state.ts';
import { GeocoderError, type GeocodedAddress } from '../../src/data/geocode/geocode-address.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';

function point(id: string, lng: number, lat: number, props: Record<string, unknown> = {}) {
  return {
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [lng, lat] },
    properties: { id, name: `Site ${id}`, ...props },
  };
}

const LAYERS: Record<string, LayerData> = {
  'france-services': { type: 'FeatureCollection', features: [point('10', 3.96, 50.28), point('11', 3.5, 50.35)] },
  'france-services-nearby': { type: 'FeatureCollection', features: [point('20', 3.93, 50.05, { dept: '02' })] },
  'first-reception': { type: 'FeatureCollection', features: [point('siilab-1', 3.97, 50.281)] },
  'digital-inclusion': { type: 'FeatureCollection', features: [point('lmn-1', 3.0, 50.6)] },
  communes: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: null,
        properties: { code: '59392', name: 'Maubeuge', postcodes: '59600', population: 28767, centroid_lng: 3.96, centroid_lat: 50.28 },
      },
      {
        type: 'Feature',
        geometry: null,
        properties: {
          code: '59526',
          name: 'Saint-Amand-les-Eaux',
          postcodes: '59230',
          population: 15974,
          centroid_lng: 3.44,
          centroid_lat: 50.44,
        },
      },
    ],
  },
};

const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '59', name: 'Nord', extent: [2.06, 49.96, 4.24, 51.09] },
  layers: Object.fromEntries(
    [...Object.keys(LAYERS), 'msp'].map((id) => [
      id,
      {
        id,
        title: id,
        file: `${id}.geojson`,
        status: id === 'msp' ? 'no-data' : 'ok',
        features: LAYERS[id]?.features.length ?? 0,
        sources: [],
        caveats: [],
      },
    ]),
  ),
} as unknown as BundleManifestFile;

function makeStore(
  geocode?: (q: string) => Promise<GeocodedAddress[]>,
  layers: Record<string, LayerData> = LAYERS,
): { store: AppStore; fetched: string[] } {
  const fetched: string[] = [];
  const store = createAppStore({
    loader: {
      fetchManifest: async () => MANIFEST,
      fetchLayer: async (_dept, file) => {
        fetched.push(file);
        return layers[file.replace('.geojson', '')];
      },
    },
    geocode,
  });
  return { store, fetched };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('find slice', () => {
  it('loads every service layer on a search and gives the k nearest per group, across the border', async () => {
    const { store, fetched } = makeStore();
    await store.getState().loadBundle('59');
    store.getState().findNearestFrom({ kind: 'commune', label: 'Maubeuge', lngLat: toLngLat(3.97, 50.28), code: '59392' });
    expect(selectFindResults(store.getState())?.loading).toBe(true);
    await settle();
    expect(fetched).toEqual(
      expect.arrayContaining(['first-reception.geojson', 'digital-inclusion.geojson', 'france-services-nearby.geojson']),
    );
    const results = selectFindResults(store.getState())!;
    expect(results.loading).toBe(false);
    const fs = results.groups.find((g) => g.group.id === 'france-services')!;
    expect(fs.status).toBe('ok');
    expect(fs.items.map((i) => [i.site.id, i.site.layer, i.rank])).toEqual([
      ['10', 'france-services', 1],
      ['20', 'france-services-nearby', 2],
      ['11', 'france-services', 3],
    ]);
    expect(fs.items[0].directionsUrl).toBe(
      'https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=50.280000,3.970000;50.280000,3.960000',
    );
    expect(fs.items[0].travel.walkMinutes).toBeGreaterThan(0);
    expect(results.groups.find((g) => g.group.id === 'msp')?.status).toBe('no-data');
    expect(results.groups.find((g) => g.group.id === 'first-reception')?.items[0].site.id).toBe('siilab-1');
  });

  it('returns the same results object until the origin or a layer changes', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('59');
    store.getState().findNearestFrom({ kind: 'geolocation', label: 'votre position', lngLat: [3.5, 50.35] });
    await settle();
    const a = selectFindResults(store.getState());
    expect(selectFindResults(store.getState())).toBe(a);
    store.getState().setLayerVisible('cantons', true);
    expect(selectFindResults(store.getState())).toBe(a);
    store.getState().findNearestFrom({ kind: 'geolocation', label: 'votre position', lngLat: [3.5, 50.36] });
    expect(selectFindResults(store.getState())).not.toBe(a);
    store.getState().clearFind();
    expect(selectFindResults(store.getState())).toBeNull();
  });

  it('waits for the manifest when the search starts before it, then loads the layers', async () => {
    const { store } = makeStore();
    const loading = store.getState().loadBundle('59');
    store.getState().findNearestFrom({ kind: 'geolocation', label: 'votre position', lngLat: [3.97, 50.28] });
    expect(selectFindResults(store.getState())?.groups.every((g) => g.status === 'loading')).toBe(true);
    await loading;
    await settle();
    expect(selectFindResults(store.getState())?.groups.find((g) => g.group.id === 'digital-inclusion')?.status).toBe('ok');
  });

  it('warns when the place is far outside the département', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('59');
    store.getState().findNearestFrom({ kind: 'address', label: 'Paris', lngLat: [2.35, 48.85] });
    expect(store.getState().findNotice).toMatch(/plus de 30 km du département \(Nord\)/);
  });

  it('geocodes an address, then searches from its best answer', async () => {
    const answer: GeocodedAddress = {
      label: 'Place Vauban 59600 Maubeuge',
      score: 0.9,
      lngLat: toLngLat(3.972, 50.2775),
      type: 'street',
      postcode: '59600',
      city: 'Maubeuge',
      citycode: '59392',
      context: null,
    };
    const asked: string[] = [];
    const { store } = makeStore(async (q) => {
      asked.push(q);
      return [answer];
    });
    await store.getState().loadBundle('59');
    await store.getState().searchAddress('place vauban maubeuge');
    expect(asked).toEqual(['place vauban maubeuge']);
    expect(store.getState().addressSearch).toMatchObject({ status: 'done', candidates: [answer], error: null });
    expect(store.getState().findOrigin).toMatchObject({ kind: 'address', label: 'Place Vauban 59600 Maubeuge', lngLat: [3.972, 50.2775] });
  });

  it('shows the geocoder’s French message when it fails, and keeps the previous place', async () => {
    const { store } = makeStore(async () => {
      throw new GeocoderError('offline', 'Recherche d’adresse impossible : pas de connexion…');
    });
    await store.getState().loadBundle('59');
    store.getState().findNearestFrom({ kind: 'commune', label: 'Maubeuge', lngLat: [3.96, 50.28] });
    await store.getState().searchAddress('place vauban');
    expect(store.getState().addressSearch).toMatchObject({ status: 'error', error: 'Recherche d’adresse impossible : pas de connexion…' });
    expect(store.getState().findOrigin?.label).toBe('Maubeuge');
  });

  it('says when no address matches', async () => {
    const { store } = makeStore(async () => []);
    await store.getState().loadBundle('59');
    await store.getState().searchAddress('xyzzy');
    expect(store.getState().addressSearch.error).toMatch(/Aucune adresse trouvée pour « xyzzy »/);
  });

  it('finds communes of the loaded communes layer, by name or postcode', async () => {
    const { store } = makeStore();
    expect(findCommunes(store.getState().layerData.communes, 'maub')).toEqual([]); // not loaded yet
    await store.getState().loadBundle('59'); // communes are shown, hence loaded, at start
    await store.getState().ensureLayer('communes');
    expect(findCommunes(store.getState().layerData.communes, 'st amand')[0].item).toMatchObject({ code: '59526', lngLat: [3.44, 50.44] });
    expect(findCommunes(store.getState().layerData.communes, '59600')[0].item.name).toBe('Maubeuge');
  });

  it('gives each result its open status at a given instant', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('59');
    store.getState().findNearestFrom({ kind: 'commune', label: 'Maubeuge', lngLat: [3.96, 50.28] });
    await settle();
    const item = selectFindResults(store.getState())!.groups[0].items[0];
    expect(openStatusOf(item, new Date('2024-08-05T10:00:00+02:00')).state).toBe('unknown'); // no hours in the fixture
  });
});

describe('find slice: honest results', () => {
  // fictional sites around the centre of Maubeuge (3.96, 50.28)
  const layers: Record<string, LayerData> = {
    ...LAYERS,
    'france-services': {
      type: 'FeatureCollection',
      features: [
        point('bus', 3.961, 50.281, { kind: 'bus', name: 'Bus France services de l’Avesnois', comment: 'Horaires variables' }),
        point('10', 3.99, 50.29, { kind: 'fixed' }),
      ],
    },
    'digital-inclusion': {
      type: 'FeatureCollection',
      features: [
        // known only by its commune: at the commune's centre, "0 m" from a search from that commune
        point('centre', 3.96, 50.28, { commune_code: '59392', approximate: true, location_precision: 'commune' }),
        point('placed', 3.962, 50.2815, { commune_code: '59392', location_precision: 'exact' }),
      ],
    },
  };

  it('lists commune-only places after placed ones of their band, without directions, and never quotes them as the nearest', async () => {
    const { store } = makeStore(undefined, layers);
    await store.getState().loadBundle('59');
    void store.getState().ensureLayer('communes');
    store.getState().findNearestFrom({ kind: 'commune', label: 'Maubeuge', lngLat: toLngLat(3.96, 50.28), code: '59392' });
    await settle();
    const digital = selectFindResults(store.getState())!.groups.find((g) => g.group.id === 'digital-inclusion')!;
    expect(digital.items.map((i) => [i.site.id, i.precision, i.rank])).toEqual([
      ['placed', 'exact', 1],
      ['centre', 'commune', 2],
    ]);
    expect(digital.nearestExact?.site.id).toBe('placed');
    expect(digital.items[1].directionsUrl).toBeNull();
    expect(digital.items[1].communeName).toBe('Maubeuge');
    expect(digital.items[0].directionsUrl).toMatch(/^https:\/\/www\.openstreetmap\.org\/directions/);
  });

  it('lists a bus at its base apart from the places to go, without directions', async () => {
    const { store } = makeStore(undefined, layers);
    await store.getState().loadBundle('59');
    store.getState().findNearestFrom({ kind: 'commune', label: 'Maubeuge', lngLat: toLngLat(3.96, 50.28), code: '59392' });
    await settle();
    const fs = selectFindResults(store.getState())!.groups.find((g) => g.group.id === 'france-services')!;
    expect(fs.items.map((i) => i.site.id)).not.toContain('bus');
    expect(fs.items[0].site.id).toBe('10');
    expect(fs.buses.map((b) => [b.site.id, b.itinerant?.role, b.itinerant?.territory, b.directionsUrl])).toEqual([
      ['bus', 'base', 'Avesnois', null],
    ]);
  });
});
