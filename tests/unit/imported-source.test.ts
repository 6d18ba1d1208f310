/**
 * A large imported point layer is drawn from vector tiles cut in its worker (src/map/imported-source.ts,
 * src/map/imported-tiles-protocol.ts): which layers are tiled, the vector source and style layers they
 * get, the tile URLs, and the protocol handler that only forwards a request to the tile provider.
 */
import type { AddProtocolAction, CircleLayerSpecification, LayerSpecification } from 'maplibre-gl';
import { describe, expect, it, vi } from 'vitest';

const registered = vi.hoisted(() => new Map<string, AddProtocolAction>());
vi.mock('maplibre-gl', () => ({ addProtocol: (name: string, load: AddProtocolAction) => registered.set(name, load) }));

import { IMPORTED_CLUSTERS, IMPORTED_TILE_LAYER, IMPORTED_TILE_MAX_ZOOM } from '../../src/data/import/imported-tiles.ts';
import { isTiledLayer, tiledSourceFor, tiledStyleLayers } from '../../src/map/imported-source.ts';
import {
  IMPORTED_TILES_PROTOCOL,
  importedTilesServable,
  importedTilesUrl,
  parseImportedTileUrl,
  setImportedTileProvider,
} from '../../src/map/imported-tiles-protocol.ts';
import { CLUSTER_MAX_ZOOM, CLUSTER_RADIUS_PX } from '../../src/map/layers/cluster.layer.ts';
import { perFeature } from '../../src/map/layers/gl-programs.ts';
import { styleLayersFor } from '../../src/map/layers/layer-catalog.ts';
import { legendFor } from '../../src/layers/layer-registry.ts';
import type { ImportedLayer, LayerData } from '../../src/state/app-state.ts';
import { TILED_FROM } from '../../src/state/imported-layers.ts';

function points(n: number): LayerData {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [3 + i / 1e5, 50.5] },
      properties: { id: `F${i}`, name: `Lieu fictif ${i}` },
    })),
  };
}

const layer = (id: string, target: string, data: LayerData) => ({ id, target, data }) as unknown as ImportedLayer;

describe('tiled imported layers', () => {
  it('tiles only imported point layers of more than TILED_FROM features', () => {
    const imports = [
      layer('import-other-big', 'other', points(TILED_FROM + 1)),
      layer('import-other-small', 'other', points(TILED_FROM)),
      layer('import-qpv-big', 'qpv', points(TILED_FROM + 1)),
    ];
    expect(isTiledLayer({ imports }, 'import-other-big')).toBe(true);
    expect(isTiledLayer({ imports }, 'import-other-small')).toBe(false);
    expect(isTiledLayer({ imports }, 'import-qpv-big')).toBe(false);
    expect(isTiledLayer({ imports }, 'france-services')).toBe(false);
  });

  it('clusters as the dense bundle layers do', () => {
    expect(IMPORTED_CLUSTERS).toEqual({ clusterRadiusPx: CLUSTER_RADIUS_PX, clusterMaxZoom: CLUSTER_MAX_ZOOM });
    expect(IMPORTED_TILE_MAX_ZOOM).toBeGreaterThan(CLUSTER_MAX_ZOOM);
  });

  it('gives a vector source of the layer’s tiles, its point id promoted, and registers the protocol once', () => {
    const source = tiledSourceFor('import-other-a b', undefined);
    expect(source).toEqual({
      type: 'vector',
      tiles: ['maillage-import://import-other-a%20b/{z}/{x}/{y}'],
      minzoom: 0,
      maxzoom: IMPORTED_TILE_MAX_ZOOM,
      promoteId: 'id',
    });
    tiledSourceFor('import-other-b', undefined);
    expect([...registered.keys()]).toEqual([IMPORTED_TILES_PROTOCOL]);
  });

  it('puts every style layer on the tiles’ layer: single discs, cluster discs and counts', () => {
    const own = styleLayersFor('import-other-x');
    const specs = tiledStyleLayers(own, 'import-other-x', 'src-x') as (LayerSpecification & { 'source-layer'?: string })[];
    expect(specs.map((s) => s.id)).toEqual([...own.map((s) => s.id), 'import-other-x--cluster', 'import-other-x--cluster-count']);
    for (const s of specs) expect(s['source-layer']).toBe(IMPORTED_TILE_LAYER);
    const disc = specs.find((s) => s.type === 'circle' && !s.id.endsWith('--cluster')) as CircleLayerSpecification;
    expect(JSON.stringify(disc.filter)).toContain('point_count');
    // the cluster discs in the layer's legend colour, as its single discs
    const clusters = specs.find((s) => s.id === 'import-other-x--cluster') as CircleLayerSpecification;
    expect(JSON.stringify(clusters.paint)).toContain(legendFor('import-other-x').colour);
    expect(disc.paint?.['circle-color']).toEqual(perFeature(legendFor('import-other-x').colour));
    // the layer's own specs are not changed
    for (const s of own) expect((s as { 'source-layer'?: string })['source-layer']).toBeUndefined();
  });
});

describe('the maillage-import:// protocol', () => {
  it('reads back the layer and tile of a URL it made, and nothing else', () => {
    const url = importedTilesUrl('import-other-é/x').replace('{z}', '7').replace('{x}', '65').replace('{y}', '43');
    expect(parseImportedTileUrl(url)).toEqual({ layerId: 'import-other-é/x', z: 7, x: 65, y: 43 });
    expect(parseImportedTileUrl('https://example.org/7/65/43')).toBeNull();
    expect(parseImportedTileUrl('maillage-import://a/7/65')).toBeNull();
  });

  it('forwards a tile request to the provider and hands back its bytes, or an empty tile', async () => {
    tiledSourceFor('import-other-y', undefined);
    const load = registered.get(IMPORTED_TILES_PROTOCOL)!;
    const asked: unknown[] = [];
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    setImportedTileProvider(async (layerId, z, x, y) => {
      asked.push([layerId, z, x, y]);
      return z === 5 ? bytes : null;
    });
    const request = (url: string) => load({ url } as never, new AbortController());
    expect((await request('maillage-import://import-other-y/5/16/10')).data).toBe(bytes);
    const empty = (await request('maillage-import://import-other-y/6/32/21')).data as ArrayBuffer;
    expect(empty.byteLength).toBe(0);
    expect(((await request('maillage-import://nonsense')).data as ArrayBuffer).byteLength).toBe(0);
    expect(asked).toEqual([
      ['import-other-y', 5, 16, 10],
      ['import-other-y', 6, 32, 21],
    ]);
  });

  it('says when a layer’s tiles can be served: once its server has built its index, even with a failure', async () => {
    const answers: (() => void)[] = [];
    const asked: string[] = [];
    setImportedTileProvider(
      async () => null,
      (layerId) =>
        new Promise((resolve, reject) => {
          asked.push(layerId);
          answers.push(layerId === 'gone' ? () => reject(new Error('worker terminated')) : () => resolve());
        }),
    );
    let servable = false;
    void importedTilesServable('import-other-z').then(() => (servable = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(servable).toBe(false);
    answers[0]();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(servable).toBe(true);
    const gone = importedTilesServable('gone');
    answers[1]();
    await expect(gone).resolves.toBeUndefined();
    expect(asked).toEqual(['import-other-z', 'gone']);
  });
});
