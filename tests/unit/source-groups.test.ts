/**
 * Shared map sources (src/map/layers/source-groups.ts): the context areas in one source and every
 * layer's names in another, applied by the controller's sync with a stand-in map that records
 * what MapLibre would be asked. Fictional areas only.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_SOURCE,
  LABEL_SOURCE,
  featureStateId,
  isContextLayer,
  mergeGroup,
  promotedIdOf,
} from '../../src/map/layers/source-groups.ts';
import { sourceIdOf, styleLayersFor } from '../../src/map/layers/layer-catalog.ts';
import { arrivingLayers, emptyAppliedState, syncStoreToMap } from '../../src/map/sync-store-to-map.ts';
import type { AppState, LayerData } from '../../src/state/app-state.ts';
import { createAppStore } from '../../src/state/store.ts';
import { boxPolygon } from './helpers/box-polygon.ts';

const area = (code: string, name: string, x: number): Feature => ({
  type: 'Feature',
  geometry: boxPolygon(x, 50, x + 0.2, 50.2),
  properties: { code, name, population: 1000 },
});
const layer = (...features: Feature[]): LayerData => ({ type: 'FeatureCollection', features }) as LayerData;

/** A stand-in for the MapLibre map: sources and style layers by id, each call recorded. */
class FakeMap {
  sources = new Map<string, { spec: { data: FeatureCollection; promoteId?: string }; setData: (d: FeatureCollection) => void }>();
  layers = new Map<string, { id: string; source?: string; filter?: unknown; layout?: { visibility?: string } }>();
  calls: string[] = [];
  states = new Map<string, Record<string, unknown>>();
  getSource(id: string) {
    return this.sources.get(id);
  }
  addSource(id: string, spec: { data: FeatureCollection; promoteId?: string }) {
    if (this.sources.has(id)) throw new Error(`source ${id} already there`);
    this.calls.push(`addSource ${id}`);
    const entry = {
      spec,
      setData: (d: FeatureCollection) => {
        this.calls.push(`setData ${id}`);
        entry.spec = { ...entry.spec, data: d };
      },
    };
    this.sources.set(id, entry);
  }
  removeSource(id: string) {
    for (const l of this.layers.values()) if (l.source === id) throw new Error(`source ${id} in use by ${l.id}`);
    this.calls.push(`removeSource ${id}`);
    this.sources.delete(id);
  }
  getLayer(id: string) {
    return this.layers.get(id);
  }
  addLayer(spec: { id: string; source?: string }) {
    if (this.layers.has(spec.id)) throw new Error(`layer ${spec.id} already there`);
    if (spec.source && !this.sources.has(spec.source)) throw new Error(`layer ${spec.id}: no source ${spec.source}`);
    this.layers.set(spec.id, spec);
  }
  removeLayer(id: string) {
    this.layers.delete(id);
  }
  getLayersOrder() {
    return [...this.layers.keys()];
  }
  setLayoutProperty(id: string, key: string, value: string) {
    const l = this.layers.get(id);
    if (l) l.layout = { ...(l.layout ?? {}), [key]: value };
  }
  getPaintProperty() {
    return undefined;
  }
  setPaintProperty() {}
  setFeatureState(target: { source: string; id: string | number }, state: Record<string, unknown>) {
    this.states.set(`${target.source}|${target.id}`, { ...(this.states.get(`${target.source}|${target.id}`) ?? {}), ...state });
  }
  fitBounds() {}
  getBounds() {
    return { contains: () => true };
  }
  setFilter() {}
}

function setUp(layerData: Record<string, LayerData>, visible: Record<string, boolean>) {
  const store = createAppStore({
    loader: { fetchManifest: async () => Promise.reject(new Error('not used')), fetchLayer: async () => layer() },
  });
  store.setState({ layerData, visible } as Partial<AppState>);
  const map = new FakeMap();
  const applied = emptyAppliedState();
  const sync = () => syncStoreToMap(map as unknown as MapLibreMap, store.getState(), applied);
  return { store, map, applied, sync };
}

describe('the shared context source', () => {
  it('holds the context areas only (never a clicked, derived, choropleth-based or zoom-limited layer)', () => {
    for (const id of ['departement', 'arrondissements', 'neighbours', 'priority-zones']) expect(isContextLayer(id)).toBe(true);
    // cantons are clicked, communes carry the rural communes and appear from zoom 9, the EPCI the illectronisme choropleth
    for (const id of ['cantons', 'communes', 'epci', 'france-services', 'qpv', 'rural-communes', 'illectronisme'])
      expect(isContextLayer(id)).toBe(false);
    expect(sourceIdOf('departement')).toBe(CONTEXT_SOURCE);
    expect(sourceIdOf('cantons')).toBe('maillage-cantons');
    for (const spec of styleLayersFor('priority-zones'))
      expect(JSON.stringify((spec as { filter?: unknown }).filter)).toContain('"priority-zones"');
  });

  it('tags each feature with its layer and a key unique across layers, without touching the inputs', () => {
    const a = layer(area('1', 'Zone A', 2), area('2', 'Zone B', 3));
    const b = layer(area('1', 'Arrondissement fictif', 2));
    const before = JSON.stringify([a, b]);
    const merged = mergeGroup(
      [
        ['priority-zones', a],
        ['arrondissements', b],
      ],
      promotedIdOf,
    );
    expect(JSON.stringify([a, b])).toBe(before);
    expect(merged.features.map((f) => [f.properties?.maillage_layer, f.properties?.maillage_key, f.properties?.name])).toEqual([
      ['priority-zones', 'priority-zones:1', 'Zone A'],
      ['priority-zones', 'priority-zones:2', 'Zone B'],
      ['arrondissements', 'arrondissements:1', 'Arrondissement fictif'],
    ]);
    expect(featureStateId('arrondissements', '1')).toBe('arrondissements:1');
    expect(featureStateId('france-services', '1')).toBe('1');
  });

  it('is added once for every context layer, updated when one changes, and goes with the last one', () => {
    const dept = layer(area('99', 'Département fictif', 2));
    const arr = layer(area('991', 'Arrondissement Nord fictif', 2), area('992', 'Arrondissement Sud fictif', 3));
    const { store, map, sync } = setUp({ departement: dept, arrondissements: arr }, { departement: true, arrondissements: true });
    expect(sync()).toBe(true);
    expect(map.calls.filter((c) => c.endsWith(CONTEXT_SOURCE))).toEqual([`addSource ${CONTEXT_SOURCE}`]);
    const ctx = map.sources.get(CONTEXT_SOURCE)!;
    expect(ctx.spec.promoteId).toBe('maillage_key');
    // registry order, whatever order the store holds them in
    expect(ctx.spec.data.features.map((f) => f.properties?.maillage_key)).toEqual([
      'departement:99',
      'arrondissements:991',
      'arrondissements:992',
    ]);
    expect(map.getLayer('departement--fill')?.source).toBe(CONTEXT_SOURCE);
    expect(map.getLayer('arrondissements--line')?.source).toBe(CONTEXT_SOURCE);
    expect(map.sources.has('maillage-departement')).toBe(false);

    // nothing changed: nothing sent again
    map.calls = [];
    sync();
    expect(map.calls).toEqual([]);

    // one layer's new data: one setData of the shared source
    const arr2 = layer(area('991', 'Arrondissement Nord fictif', 2));
    store.setState({ layerData: { departement: dept, arrondissements: arr2 } });
    sync();
    expect(map.calls.filter((c) => c.endsWith(CONTEXT_SOURCE))).toEqual([`setData ${CONTEXT_SOURCE}`]);
    expect(ctx.spec.data.features).toHaveLength(2);

    // selection of a context area goes to its key in the shared source
    store.setState({ selected: { layer: 'arrondissements', id: '991' } });
    sync();
    expect(map.states.get(`${CONTEXT_SOURCE}|arrondissements:991`)).toEqual({ selected: true });

    // one layer gone: its style layers go, the source keeps the other; the last one gone: the source goes
    store.setState({ layerData: { departement: dept }, selected: null });
    sync();
    expect(map.getLayer('arrondissements--line')).toBeUndefined();
    expect(ctx.spec.data.features.map((f) => f.properties?.maillage_key)).toEqual(['departement:99']);
    store.setState({ layerData: {} });
    sync();
    expect(map.sources.has(CONTEXT_SOURCE)).toBe(false);
    expect(map.getLayer('departement--fill')).toBeUndefined();
  });

  it('names the layers arriving on the map (first data, not yet added), never the shared context layers', () => {
    const dept = layer(area('99', 'Département fictif', 2));
    const site = (id: string): Feature => ({
      type: 'Feature',
      properties: { id, name: `Site fictif ${id}` },
      geometry: { type: 'Point', coordinates: [2.5, 50.5] },
    });
    const { store, map, applied, sync } = setUp({ departement: dept, 'france-services': layer(site('a')) }, {});
    expect(arrivingLayers(store.getState(), applied)).toEqual(['france-services']);
    sync();
    expect(arrivingLayers(store.getState(), applied)).toEqual([]);
    // new data for a layer on the map is no arrival; a layer's first data is
    store.setState({ layerData: { departement: dept, 'france-services': layer(site('b')), msp: layer(site('c')) } });
    expect(arrivingLayers(store.getState(), applied)).toEqual(['msp']);
    // held back: not added, nor named again, while the rest goes on
    applied.held.add('msp');
    expect(arrivingLayers(store.getState(), applied)).toEqual([]);
    sync();
    expect(map.getSource(sourceIdOf('msp'))).toBeUndefined();
    expect(map.calls).toContain(`setData ${sourceIdOf('france-services')}`);
    applied.held.delete('msp');
    sync();
    expect(map.getSource(sourceIdOf('msp'))).toBeDefined();
    expect(arrivingLayers(store.getState(), applied)).toEqual([]);
  });

  it('waits for a context layer’s own features before selecting one of them', () => {
    const dept = layer(area('99', 'Département fictif', 2));
    const arr = layer(area('991', 'Arrondissement Nord fictif', 2));
    const { store, map, sync } = setUp({ departement: dept }, { departement: true, arrondissements: true });
    store.setState({ selected: { layer: 'arrondissements', id: '991' } });
    sync();
    // the shared source is there (the département's), the arrondissement is not yet
    expect(map.sources.has(CONTEXT_SOURCE)).toBe(true);
    expect(map.states.size).toBe(0);
    store.setState({ layerData: { departement: dept, arrondissements: arr } });
    sync();
    expect(map.states.get(`${CONTEXT_SOURCE}|arrondissements:991`)).toEqual({ selected: true });
  });

  it('puts every named layer’s names in one label source, each label layer showing with its layer', () => {
    const arr = layer(area('991', 'Arrondissement Nord fictif', 2));
    const epci = layer(area('200000001', 'Communauté fictive', 3));
    const { store, map, sync } = setUp({ arrondissements: arr, epci }, { arrondissements: true, epci: false });
    sync();
    const labels = map.sources.get(LABEL_SOURCE)!;
    expect(labels.spec.data.features.map((f) => [f.properties?.maillage_layer, f.properties?.name])).toEqual([
      ['arrondissements', 'Arrondissement Nord fictif'],
      ['epci', 'Communauté fictive'],
    ]);
    expect(map.getLayer('arrondissements--label')).toMatchObject({ source: LABEL_SOURCE, layout: { visibility: 'visible' } });
    expect(map.getLayer('epci--label')).toMatchObject({ source: LABEL_SOURCE, layout: { visibility: 'none' } });
    store.setState({ visible: { arrondissements: true, epci: true } });
    sync();
    expect(map.getLayer('epci--label')?.layout?.visibility).toBe('visible');

    store.setState({ layerData: { arrondissements: arr } });
    sync();
    expect(map.getLayer('epci--label')).toBeUndefined();
    expect(labels.spec.data.features.map((f) => f.properties?.maillage_layer)).toEqual(['arrondissements']);
    store.setState({ layerData: {} });
    sync();
    expect(map.sources.has(LABEL_SOURCE)).toBe(false);
  });

  it('sets each shared source once its members still loading are in, not once per arrival', () => {
    const dept = layer(area('99', 'Département fictif', 2));
    const arr = layer(area('991', 'Arrondissement Nord fictif', 2));
    const zones = layer(area('Z1', 'Territoire fictif', 3));
    const { store, map, sync } = setUp({ departement: dept }, { departement: true, arrondissements: true, 'priority-zones': true });
    store.setState({ layerStatus: { departement: 'loaded', arrondissements: 'loading', 'priority-zones': 'loading' } });
    sync();
    // the département is in, two other context layers (one named) are still loading: nothing drawn from the shared sources yet
    expect(map.sources.has(CONTEXT_SOURCE)).toBe(false);
    expect(map.sources.has(LABEL_SOURCE)).toBe(false);
    expect(map.getLayer('departement--fill')).toBeUndefined();

    store.setState({
      layerData: { departement: dept, arrondissements: arr },
      layerStatus: { departement: 'loaded', arrondissements: 'loaded', 'priority-zones': 'loading' },
    });
    sync();
    expect(map.sources.has(CONTEXT_SOURCE)).toBe(false);
    // no other named layer is loading: the names go at once
    expect(map.getLayer('arrondissements--label')?.source).toBe(LABEL_SOURCE);

    // the last one fails: the others are drawn, in one go
    store.setState({ layerStatus: { departement: 'loaded', arrondissements: 'loaded', 'priority-zones': 'error' } });
    sync();
    expect(map.calls.filter((c) => c.endsWith(CONTEXT_SOURCE))).toEqual([`addSource ${CONTEXT_SOURCE}`]);
    expect(map.sources.get(CONTEXT_SOURCE)!.spec.data.features.map((f) => f.properties?.maillage_key)).toEqual([
      'departement:99',
      'arrondissements:991',
    ]);
    expect(map.getLayer('departement--fill')?.source).toBe(CONTEXT_SOURCE);

    // turned on later: the zones join the source when they are in, the others staying drawn meanwhile
    store.setState({ layerStatus: { departement: 'loaded', arrondissements: 'loaded', 'priority-zones': 'loading' } });
    sync();
    expect(map.getLayer('departement--fill')?.source).toBe(CONTEXT_SOURCE);
    store.setState({
      layerData: { departement: dept, arrondissements: arr, 'priority-zones': zones },
      layerStatus: { departement: 'loaded', arrondissements: 'loaded', 'priority-zones': 'loaded' },
    });
    sync();
    expect(map.calls.filter((c) => c.endsWith(CONTEXT_SOURCE))).toEqual([`addSource ${CONTEXT_SOURCE}`, `setData ${CONTEXT_SOURCE}`]);
    expect(map.sources.get(CONTEXT_SOURCE)!.spec.data.features).toHaveLength(3);
    expect(map.getLayer('priority-zones--fill')?.source).toBe(CONTEXT_SOURCE);
  });
});
