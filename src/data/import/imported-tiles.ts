import { Supercluster, type GeoJSONVTFeature, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

/**
 * The map tiles of a large imported layer, cut where its features are (the import worker), never on
 * the page: the points are clustered (supercluster, as MapLibre clusters a GeoJSON source; the
 * clustering of `@maplibre/geojson-vt`, the library MapLibre itself runs) and each tile is encoded
 * as a Mapbox Vector Tile (`@maplibre/vt-pbf`) that MapLibre reads through a `vector` source.
 *
 * Same look as a clustered GeoJSON source: clusters below `clusterMaxZoom` with `point_count`,
 * `cluster_id` and, for the click that zooms in, `expansion_zoom`; single points carry `id` (the
 * promoted feature id: selection and details) and `name` only.
 */

/** The one layer of every tile (the style layers' `source-layer`). */
export const IMPORTED_TILE_LAYER = 'points';
/** Tiles are cut down to this zoom; MapLibre over-zooms them beyond. */
export const IMPORTED_TILE_MAX_ZOOM = 14;
/** Tile units per tile (as MapLibre's GeoJSON sources: 8,192 for 512 pixels). */
export const IMPORTED_TILE_EXTENT = 8192;
const TILE_SIZE_PX = 512;

/** What the map needs of an imported point. */
export interface TilePoint {
  lng: number;
  lat: number;
  id: string;
  name: string;
}

export interface ImportedTileIndex {
  /** The number of points indexed. */
  readonly size: number;
  /** The encoded tile, or null when no point or cluster falls in it (or beyond zoom and tile ranges). */
  tile(z: number, x: number, y: number): Uint8Array | null;
}

export interface ImportedTileOptions {
  /** Cluster radius in screen pixels (512-pixel tiles). */
  clusterRadiusPx: number;
  /** The last zoom with clusters (points are single from the next). */
  clusterMaxZoom: number;
}

/** Indexes the points (one pass, then a tree per zoom) and cuts tiles on demand. */
export function createImportedTileIndex(points: readonly TilePoint[], options: ImportedTileOptions): ImportedTileIndex {
  const index = new Supercluster({
    maxZoom: options.clusterMaxZoom,
    radius: options.clusterRadiusPx * (IMPORTED_TILE_EXTENT / TILE_SIZE_PX),
    extent: IMPORTED_TILE_EXTENT,
    minPoints: 2,
  });
  index.load(
    points.map((p) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
      properties: { id: p.id, name: p.name },
    })),
  );
  return {
    size: points.length,
    tile(z, x, y) {
      const n = 2 ** z;
      if (!Number.isInteger(z) || z < 0 || z > IMPORTED_TILE_MAX_ZOOM || !(x >= 0 && x < n && y >= 0 && y < n)) return null;
      const cut = index.getTile(z, x, y);
      if (!cut || cut.features.length === 0) return null;
      const features = (cut.features as unknown as GeoJSONVTFeature[]).map((f): GeoJSONVTFeature => {
        const tags = f.tags as Record<string, unknown> | null;
        if (!tags?.cluster) return f;
        const clusterId = Number(tags.cluster_id);
        // where the cluster splits up: the click on it zooms there (MapLibre's getClusterExpansionZoom)
        return { ...f, tags: { ...tags, expansion_zoom: index.getClusterExpansionZoom(clusterId) } };
      });
      const tile = { ...cut, features } as GeoJSONVTTile;
      return fromGeojsonVt({ [IMPORTED_TILE_LAYER]: tile }, { version: 2, extent: IMPORTED_TILE_EXTENT });
    },
  };
}

/** What the map tiles keep of an imported feature: a point's position, `id` and `name`; null for any other geometry. */
export function tilePointOf(f: {
  geometry: { type: string; coordinates?: unknown } | null;
  properties: Record<string, unknown> | null;
}): TilePoint | null {
  if (f.geometry?.type !== 'Point') return null;
  const [lng, lat] = f.geometry.coordinates as [number, number];
  const p = f.properties ?? {};
  return { lng, lat, id: String(p.id ?? ''), name: typeof p.name === 'string' ? p.name : '' };
}

/** The clusters of an imported layer: as the dense bundle layers' (src/map/layers/cluster.layer.ts, checked by a test). */
export const IMPORTED_CLUSTERS: ImportedTileOptions = { clusterRadiusPx: 42, clusterMaxZoom: 13 };
