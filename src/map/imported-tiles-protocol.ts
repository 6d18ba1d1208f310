import type { AddProtocolAction } from 'maplibre-gl';

/**
 * The `maillage-import://<layer id>/{z}/{x}/{y}` tiles of large imported layers (see
 * src/map/imported-source.ts): MapLibre asks the page for them (custom protocols run on the page),
 * the handler only forwards the request to the layer's tile server, the import worker that holds the
 * features (src/workers/import-client.ts, given by src/main.tsx), and hands back its encoded tile.
 * No MapLibre code is imported here (src/main.tsx sets the provider before the map is loaded);
 * the protocol is registered when the first tiled source is made (src/map/imported-source.ts).
 */
export const IMPORTED_TILES_PROTOCOL = 'maillage-import';

/** One encoded tile of an imported layer, or null when it is empty. */
export type ImportedTileProvider = (layerId: string, z: number, x: number, y: number) => Promise<ArrayBuffer | null>;

/** Resolves once a layer's tiles can be served at once (its tile index built). */
export type ImportedTilesIndexed = (layerId: string) => Promise<void>;

let provider: ImportedTileProvider | null = null;
let indexedBy: ImportedTilesIndexed | null = null;

/** The tile URL template of an imported layer's vector source. */
export function importedTilesUrl(layerId: string): string {
  return `${IMPORTED_TILES_PROTOCOL}://${encodeURIComponent(layerId)}/{z}/{x}/{y}`;
}

/** The layer and tile of a `maillage-import://` URL, or null when it is not one. */
export function parseImportedTileUrl(url: string): { layerId: string; z: number; x: number; y: number } | null {
  const m = /^maillage-import:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(url);
  if (!m) return null;
  return { layerId: decodeURIComponent(m[1]), z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) };
}

/** Where imported layers' tiles come from, and when they can be served (set once, at start-up). */
export function setImportedTileProvider(next: ImportedTileProvider, indexed?: ImportedTilesIndexed): void {
  provider = next;
  indexedBy = indexed ?? null;
}

/**
 * Settles once the tile server of `layerId` has built its index (its tiles can then be served at
 * once), or failed. At once when no server is set.
 */
export function importedTilesServable(layerId: string): Promise<void> {
  if (!indexedBy) return Promise.resolve();
  return indexedBy(layerId).catch(() => undefined);
}

let registered = false;

/** Registers the protocol with MapLibre, once (`addProtocol` is MapLibre's). */
export function ensureImportedTilesProtocol(addProtocol: (name: string, load: AddProtocolAction) => void): void {
  if (registered) return;
  registered = true;
  addProtocol(IMPORTED_TILES_PROTOCOL, async (request) => {
    const tile = parseImportedTileUrl(request.url);
    // an empty tile (no layer), a new buffer each time: MapLibre may transfer it to its worker
    if (!tile || !provider) return { data: new ArrayBuffer(0) };
    const bytes = await provider(tile.layerId, tile.z, tile.x, tile.y);
    return { data: bytes ?? new ArrayBuffer(0) };
  });
}
