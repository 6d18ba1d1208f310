/**
 * A large imported layer reaches the map in slices (src/map/imported-source.ts): every feature is
 * handed to the source once, in order, at most FEED_SLICE per call, the next only after the
 * previous was taken; the map is not settled meanwhile; a cancelled feed or a removed source stops it.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import {
  cancelFeed,
  FEED_SLICE,
  feedInSlices,
  isFedInSlices,
  isFeeding,
  isFeedingLayer,
  slimFeature,
} from '../../src/map/imported-source.ts';
import type { ImportedLayer, LayerData } from '../../src/state/app-state.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

function fictionalLayer(n: number): LayerData {
  const rand = mulberry32(5);
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [2 + rand(), 50 + rand()] },
      properties: { id: `F${i}`, name: `Lieu fictif ${i}`, extra: { Colonne: String(i) } },
    })),
  };
}

/** A map with one GeoJSON source that records each `updateData` and answers after a macrotask. */
function fakeMap() {
  const slices: { id: unknown; extra: boolean }[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let present = true;
  const clusterCalls: boolean[] = [];
  const source = {
    async setClusterOptions(options: { cluster?: boolean }) {
      clusterCalls.push(options.cluster === true);
    },
    async updateData(diff: { add: { properties: Record<string, unknown> }[] }) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      slices.push(diff.add.map((f) => ({ id: f.properties.id, extra: Object.hasOwn(f.properties, 'extra') })));
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
    },
  };
  const map = { getSource: (id: string) => (present && id === 'src' ? source : undefined) } as unknown as MapLibreMap;
  return { map, source, clusterCalls, slices, maxInFlight: () => maxInFlight, removeSource: () => (present = false) };
}

const stripExtra = (f: LayerData['features'][number]) => {
  const { extra: _e, ...properties } = f.properties ?? {};
  void _e;
  return { ...f, properties };
};
const until = async (probe: () => boolean) => {
  for (let i = 0; i < 2_000 && !probe(); i++) await new Promise((r) => setTimeout(r, 1));
};

describe('feeding a large imported layer to the map', () => {
  it('hands every feature once, in order, in slices of at most FEED_SLICE, one at a time', async () => {
    const data = fictionalLayer(FEED_SLICE * 3 + 17);
    const before = structuredClone(data);
    const { map, slices, maxInFlight, clusterCalls } = fakeMap();
    let done = 0;
    feedInSlices(map, 'import-x', 'src', data, stripExtra, () => done++);
    expect(isFeeding(map)).toBe(true);
    expect(isFeedingLayer(map, 'import-x')).toBe(true);
    await until(() => done > 0);
    expect(done).toBe(1);
    expect(isFeeding(map)).toBe(false);
    expect(slices.map((s) => s.length)).toEqual([FEED_SLICE, FEED_SLICE, FEED_SLICE, 17]);
    expect(slices.flat().map((f) => f.id)).toEqual(data.features.map((f) => f.properties?.id));
    expect(slices.flat().some((f) => f.extra)).toBe(false);
    expect(maxInFlight()).toBe(1);
    expect(data).toEqual(before);
    // unclustered while fed, clustered once whole
    expect(clusterCalls).toEqual([false, true]);
  });

  it('gives the map slim copies and a source that serialises without its features', async () => {
    const data = fictionalLayer(3);
    expect(slimFeature(data.features[0])).toEqual({
      type: 'Feature',
      geometry: data.features[0].geometry,
      properties: { id: 'F0', name: 'Lieu fictif 0' },
    });
    const { map, source } = fakeMap();
    feedInSlices(map, 'import-s', 'src', data, slimFeature);
    await until(() => !isFeeding(map));
    const serialised = (source as unknown as { serialize(): { data: LayerData; promoteId: string } }).serialize();
    expect(serialised.data.features).toEqual([]);
    expect(serialised.promoteId).toBe('id');
  });

  it('stops when cancelled or when the source is gone, without calling back', async () => {
    const data = fictionalLayer(FEED_SLICE * 5);
    const a = fakeMap();
    let done = 0;
    feedInSlices(a.map, 'import-a', 'src', data, stripExtra, () => done++);
    cancelFeed(a.map, 'import-a');
    expect(isFeeding(a.map)).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(a.slices.length).toBeLessThanOrEqual(1);
    const b = fakeMap();
    feedInSlices(b.map, 'import-b', 'src', data, stripExtra, () => done++);
    b.removeSource();
    await until(() => !isFeeding(b.map));
    expect(b.slices.length).toBeLessThanOrEqual(1);
    expect(done).toBe(0);
  });

  it('slices only imported layers larger than one slice', () => {
    const big = fictionalLayer(FEED_SLICE + 1);
    const small = fictionalLayer(10);
    const imports = [{ id: 'import-big', data: big } as ImportedLayer, { id: 'import-small', data: small } as ImportedLayer];
    expect(isFedInSlices({ imports }, 'import-big', big)).toBe(true);
    expect(isFedInSlices({ imports }, 'import-small', small)).toBe(false);
    expect(isFedInSlices({ imports }, 'france-services', big)).toBe(false);
  });
});
