import { addProtocol, type LayerSpecification, type VectorSourceSpecification } from 'maplibre-gl';
import { IMPORTED_TILE_LAYER, IMPORTED_TILE_MAX_ZOOM } from '../data/import/imported-tiles.ts';
import type { AppState, LayerManifest } from '../state/app-state.ts';
import { isTiledImport } from '../state/imported-layers.ts';
import { legendFor } from '../layers/layer-registry.ts';
import { attributionOf } from './layers/layer-catalog.ts';
import { clusterLayers, UNCLUSTERED_POINT } from './layers/cluster.layer.ts';
import { ensureImportedTilesProtocol, importedTilesUrl } from './imported-tiles-protocol.ts';

/**
 * A large imported point layer is drawn from vector tiles cut in its import worker, never from
 * its features on the page. Handing MapLibre 200,000 features (`addSource`, `setData`, or in slices
 * through `updateData`) made the page serialise them for MapLibre's worker, keep a copy of its own,
 * and spend a task of 100–300 ms per slice; now the page holds the features once (the store: details,
 * list, search, exports) and MapLibre asks for tiles through the `maillage-import://` protocol
 * (src/map/imported-tiles-protocol.ts), which the worker answers with an encoded tile of clusters
 * (below zoom 14, as the dense bundle layers) and single points (`id`, `name`).
 */

/** True when a layer is a large imported point layer, drawn from its worker's tiles. */
export function isTiledLayer(state: Pick<AppState, 'imports'>, id: string): boolean {
  const layer = state.imports.find((l) => l.id === id);
  return layer !== undefined && isTiledImport(layer);
}

/** The vector source of a tiled imported layer: its worker's tiles, the point id promoted (selection, hover). */
export function tiledSourceFor(id: string, manifest: LayerManifest | undefined): VectorSourceSpecification {
  ensureImportedTilesProtocol(addProtocol);
  const attribution = attributionOf(manifest);
  return {
    type: 'vector',
    tiles: [importedTilesUrl(id)],
    minzoom: 0,
    maxzoom: IMPORTED_TILE_MAX_ZOOM,
    promoteId: 'id',
    ...(attribution ? { attribution } : {}),
  };
}

/**
 * The style layers of a tiled imported layer, all on the tiles' one layer: its own (the disc layer
 * keeps only the points left single) and the clusters' discs and counts (`--cluster` zooms in on
 * click, to the tile's `expansion_zoom`), in the layer's legend colour.
 */
export function tiledStyleLayers(own: LayerSpecification[], layerId: string, sourceId: string): LayerSpecification[] {
  const disc = own.find((s) => s.type === 'circle');
  return [
    ...own.map((s) => (s === disc ? ({ ...s, filter: UNCLUSTERED_POINT } as LayerSpecification) : s)),
    ...clusterLayers(layerId, sourceId, legendFor(layerId).colour),
  ].map((s) => ({ ...s, 'source-layer': IMPORTED_TILE_LAYER }) as LayerSpecification);
}
