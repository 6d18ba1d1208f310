import type { GeoJSONSource, GeoJSONSourceDiff, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { clusterLayers, clusterSourceOptions, UNCLUSTERED_POINT } from './layers/cluster.layer.ts';
import type { AppState, LayerData } from '../state/app-state.ts';

/**
 * A large imported layer reaches the map in slices. Handing MapLibre 200,000 features at once
 * (`addSource`, `setData`) makes it serialise them all for its worker in one main-thread task
 * (6 s on this machine); a `blob:` URL does not help, as MapLibre then fetches and parses it on the
 * page and sends the parsed data both ways. So the source starts empty and the features follow
 * `FEED_SLICE` at a time through `updateData` (MapLibre's worker adds them to its index), the next
 * slice only once the worker has taken the previous one, each in a task of its own. Its style
 * layers stay hidden meanwhile (a hidden source loads no tile, so no slice re-tiles what is shown)
 * and the map does not say it is idle. Once the last slice is in, the source is clustered (below
 * zoom 14, as the dense bundle layers: drawing 200,000 single discs costs the page seconds of GL
 * uploads) and shown.
 */
export const FEED_SLICE = 2_000;

const EMPTY: LayerData = { type: 'FeatureCollection', features: [] };
const feeds = new WeakMap<MapLibreMap, Map<string, { cancelled: boolean }>>();

/**
 * The copy of a feature the map gets in a slice: its geometry, `id` (the promoted feature id, for the
 * selection's feature state) and `name` (said when the map picks it). Nothing else is drawn; the
 * details panel, the search and the exports read the store's features. Small copies keep MapLibre's
 * serialisation and the page's heap (and so its garbage collections) small.
 */
export function slimFeature(f: LayerData['features'][number]): unknown {
  const p = f.properties ?? {};
  return { type: 'Feature', geometry: f.geometry, properties: { id: p.id, name: p.name } };
}

/**
 * MapLibre serialises a source on every event it fires (each tile loaded) and on every validated
 * style change; for a source fed through `updateData` that copies every feature into a new array
 * (100–300 ms at 200,000 features). The app never reads a serialised style (no `getStyle`), so a
 * fed source serialises as its specification without the features.
 */
function lightSerialisation(source: GeoJSONSource): void {
  const spec = { type: 'geojson', data: EMPTY, promoteId: 'id' };
  (source as unknown as { serialize: () => unknown }).serialize = () => spec;
}

/**
 * The style layers of a layer fed in slices: its own (the disc layer keeps only the points left
 * single) and the clusters' discs and counts (`--cluster` expands on click, as for bundle layers).
 */
export function clusteredStyleLayers(own: LayerSpecification[], layerId: string, sourceId: string): LayerSpecification[] {
  const disc = own.find((s) => s.type === 'circle');
  const colour = (disc?.paint as Record<string, unknown> | undefined)?.['circle-color'];
  return [
    ...own.map((s) => (s === disc ? ({ ...s, filter: UNCLUSTERED_POINT } as LayerSpecification) : s)),
    ...clusterLayers(layerId, sourceId, typeof colour === 'string' ? colour : '#999933'),
  ];
}

/** True when a layer's data goes to the map in slices: an imported layer of more than one slice. */
export function isFedInSlices(state: Pick<AppState, 'imports'>, id: string, data: LayerData): boolean {
  return data.features.length > FEED_SLICE && state.imports.some((l) => l.id === id && l.data === data);
}

/** What the source is created or reset with before the slices come. */
export function emptyFeedData(): LayerData {
  return EMPTY;
}

/** Stops the slices still to come for a layer (removed, or its data replaced). */
export function cancelFeed(map: MapLibreMap, id: string): void {
  const feed = feeds.get(map)?.get(id);
  if (feed) feed.cancelled = true;
  feeds.get(map)?.delete(id);
}

/** True while slices of the layer are still to be handed to the map (its style layers stay hidden). */
export function isFeedingLayer(map: MapLibreMap, id: string): boolean {
  return feeds.get(map)?.has(id) ?? false;
}

/** True while slices of some layer are still to be handed to the map (the map is not settled). */
export function isFeeding(map: MapLibreMap): boolean {
  return (feeds.get(map)?.size ?? 0) > 0;
}

/**
 * Hands the features to the (empty) source `sourceId`, a slice per task; `forMap` gives the copy
 * of a feature the map gets. Ends early if the source goes away or the feed is cancelled.
 */
export function feedInSlices(
  map: MapLibreMap,
  id: string,
  sourceId: string,
  data: LayerData,
  forMap: (f: LayerData['features'][number]) => unknown,
  onDone?: () => void,
): void {
  cancelFeed(map, id);
  const feed = { cancelled: false };
  let byId = feeds.get(map);
  if (!byId) feeds.set(map, (byId = new Map()));
  byId.set(id, feed);
  const first = map.getSource(sourceId) as GeoJSONSource | undefined;
  if (first) lightSerialisation(first);
  void (async () => {
    try {
      // a source fed again (its data replaced) is unclustered first: each slice would re-cluster everything
      await first?.setClusterOptions({ cluster: false });
      for (let i = 0; i < data.features.length; i += FEED_SLICE) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
        const source = map.getSource(sourceId) as GeoJSONSource | undefined;
        if (feed.cancelled || !source) return;
        const add = data.features.slice(i, i + FEED_SLICE).map(forMap) as GeoJSONSourceDiff['add'];
        await source.updateData({ add });
      }
      const source = map.getSource(sourceId) as GeoJSONSource | undefined;
      if (feed.cancelled || !source) return;
      await source.setClusterOptions(clusterSourceOptions());
    } catch (error) {
      // MapLibre's updates never reject (a removed source resolves): this is a bug in the feed itself;
      // said on the console, and the layer shows what reached the map rather than staying hidden
      console.error('Maillage: une couche importée n’a pas été transmise entièrement à la carte', error);
    } finally {
      if (feeds.get(map)?.get(id) === feed) feeds.get(map)?.delete(id);
    }
    if (!feed.cancelled) onDone?.();
  })();
}
