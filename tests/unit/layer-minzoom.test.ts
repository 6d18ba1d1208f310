import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store.ts';
import type { BundleManifestFile, LayerData } from '../../src/state/app-state.ts';
import { styleLayersFor } from '../../src/map/layers/layer-catalog.ts';
import { COMMUNES } from '../../src/layers/communes.ts';

/** A fictional bundle: three areas layers, shown by default; communes drawn from zoom 9 (registry). */
const IDS = ['communes', 'departement', 'arrondissements'];
const EMPTY: LayerData = { type: 'FeatureCollection', features: [] };
const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Fictif', extent: [2, 50, 4, 51] },
  layers: Object.fromEntries(
    IDS.map((id) => [id, { id, title: id, file: `${id}.geojson`, status: 'ok', features: 0, sources: [], caveats: [] }]),
  ),
} as unknown as BundleManifestFile;

function makeStore() {
  const fetched: string[] = [];
  const store = createAppStore({
    loader: {
      fetchManifest: async () => MANIFEST,
      fetchLayer: async (_dept, file) => {
        fetched.push(file);
        return EMPTY;
      },
    },
  });
  return { store, fetched };
}

const camera = (zoom: number) => ({ lng: 3, lat: 50.5, zoom });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('layers drawn from a closer zoom (registry minzoom)', () => {
  it('fetches the communes only once the view reaches their zoom', async () => {
    expect(COMMUNES.minzoom).toBe(9);
    const { store, fetched } = makeStore();
    await store.getState().loadBundle('99');
    expect(fetched).toEqual(expect.arrayContaining(['departement.geojson', 'arrondissements.geojson']));
    expect(fetched).not.toContain('communes.geojson');
    store.getState().reportCamera(camera(8.9));
    await settle();
    expect(fetched).not.toContain('communes.geojson');
    store.getState().reportCamera(camera(9.2));
    await settle();
    expect(fetched.filter((f) => f === 'communes.geojson')).toHaveLength(1);
    expect(store.getState().layerStatus.communes).toBe('loaded');
    // back out and in again: fetched once
    store.getState().reportCamera(camera(7));
    store.getState().reportCamera(camera(10));
    await settle();
    expect(fetched.filter((f) => f === 'communes.geojson')).toHaveLength(1);
  });

  it('fetches them at load when a link opens the map closer in', async () => {
    const { store, fetched } = makeStore();
    store.getState().requestCamera(camera(11));
    await store.getState().loadBundle('99');
    expect(fetched).toContain('communes.geojson');
  });

  it('ticking the layer at a far zoom waits for the zoom; a layer drawn from them (rural communes) loads them at once', async () => {
    const { store, fetched } = makeStore();
    store.getState().setLayerVisible('communes', false);
    await store.getState().loadBundle('99');
    store.getState().reportCamera(camera(7.5));
    store.getState().setLayerVisible('communes', true);
    await settle();
    expect(fetched).not.toContain('communes.geojson');
    store.getState().setLayerVisible('rural-communes', true);
    await settle();
    expect(fetched).toContain('communes.geojson');
  });

  it('the communes style layers draw from zoom 9, their names from zoom 10', () => {
    for (const spec of styleLayersFor('communes')) expect(spec.minzoom).toBe(9);
  });
});
