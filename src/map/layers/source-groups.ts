import type { ExpressionSpecification, GeoJSONSourceSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import { CHOROPLETH_LAYERS, LAYERS, dataLayerIdOf, derivedLayersOf } from '../../layers/layer-registry.ts';
import type { LayerData } from '../../state/app-state.ts';
import { featureIdOf, type JsonProps } from '../../layers/feature-props.ts';
import { AREA_TILING } from './tiling.ts';

/**
 * Shared GeoJSON sources. Each MapLibre source is indexed and tiled on its own in the map's
 * worker, and each one's tiles arriving redraws the whole map: with one source per context layer
 * the first view drew about three times as many frames as the empty map (docs/benchmarks.md,
 * "Map idle"). The context areas (the département, its arrondissements, its neighbours, the
 * priority zones) are drawn only, never clicked: they share one source, each style layer keeping
 * its own features by `GROUP_LAYER_PROP`. So do the names of every named layer.
 */
export const CONTEXT_SOURCE = 'maillage-context';
export const LABEL_SOURCE = 'maillage-labels';

/** Property naming a feature's data layer in a shared source. */
export const GROUP_LAYER_PROP = 'maillage_layer';
/** Property holding a feature's id in a shared source (unique across its layers: the feature-state id). */
export const GROUP_KEY_PROP = 'maillage_key';

/**
 * Layers drawn from the shared context source: areas and context lines, shown at every zoom,
 * that no other layer is drawn from (a derived layer or a choropleth keeps its base's own source
 * and feature ids).
 */
const CONTEXT_LAYERS: ReadonlySet<string> = new Set(
  LAYERS.filter(
    (l) =>
      (l.style.kind === 'areas' || l.style.kind === 'context-lines') &&
      !l.derived &&
      l.minzoom === undefined &&
      derivedLayersOf(l.id).length === 0 &&
      !CHOROPLETH_LAYERS.some((c) => c !== l.id && dataLayerIdOf(c) === l.id),
  ).map((l) => l.id),
);

const REGISTRY_RANK: ReadonlyMap<string, number> = new Map(LAYERS.map((l, i) => [l.id, i]));

/** Compares two layer ids by their place in the registry (a shared source's features keep that order). */
export function byRegistryOrder(a: string, b: string): number {
  return (REGISTRY_RANK.get(a) ?? LAYERS.length) - (REGISTRY_RANK.get(b) ?? LAYERS.length);
}

/** True if data layer `layerId` is drawn from the shared context source. */
export function isContextLayer(layerId: string): boolean {
  return CONTEXT_LAYERS.has(layerId);
}

/** The feature-state id of feature `id` of layer `layerId` in the source the layer is drawn from. */
export function featureStateId(layerId: string, id: string | number): string | number {
  return isContextLayer(layerId) ? groupKey(layerId, id) : id;
}

function groupKey(layerId: string, id: string | number): string {
  return `${layerId}:${id}`;
}

/**
 * True while a layer that `isMember` puts in a shared source is still loading. The shared source is
 * then left as it is: each `setData` indexes and tiles every member again in the map's worker, and
 * its tiles are uploaded again, so members arriving one after the other (the first view fetches
 * them side by side) would tile the source once per arrival. It is set once the last one is in or
 * has failed.
 */
export function isGroupLoading(layerStatus: Readonly<Record<string, string>>, isMember: (layerId: string) => boolean): boolean {
  for (const [id, status] of Object.entries(layerStatus)) if (status === 'loading' && isMember(id)) return true;
  return false;
}

/** Filter keeping one layer's features in a shared source. */
export function groupFilter(layerId: string): ExpressionSpecification {
  return ['==', ['get', GROUP_LAYER_PROP], layerId];
}

/** A layer's own filter and its share of a shared source, as one filter. */
export function withGroupFilter(layerId: string, filter: unknown): ExpressionSpecification {
  return filter ? ['all', groupFilter(layerId), filter as ExpressionSpecification] : groupFilter(layerId);
}

/**
 * The features of several layers as one collection for a shared source: each feature tagged
 * with its layer and a key unique across them (`idOf` gives its id within its layer). The inputs
 * are not modified.
 */
export function mergeGroup(
  members: readonly (readonly [string, FeatureCollection | LayerData])[],
  idOf: (feature: Feature, index: number) => string | number,
): FeatureCollection {
  const features: Feature[] = [];
  for (const [layerId, data] of members) {
    (data.features as Feature[]).forEach((f, i) => {
      features.push({
        ...f,
        properties: { ...(f.properties ?? {}), [GROUP_LAYER_PROP]: layerId, [GROUP_KEY_PROP]: groupKey(layerId, idOf(f, i)) },
      });
    });
  }
  return { type: 'FeatureCollection', features };
}

/** A feature's id within its layer: the one the selection names (`featureIdOf`), its place when it has none. */
export function promotedIdOf(feature: Feature, index: number): string | number {
  return featureIdOf(feature as { properties: JsonProps | null }) ?? `#${index}`;
}

/** Specification of the context layers' shared source holding `data` (merged by `mergeGroup`): areas, cut as `AREA_TILING` says. */
export function groupSourceFor(data: FeatureCollection): GeoJSONSourceSpecification {
  return { type: 'geojson', data, promoteId: GROUP_KEY_PROP, ...AREA_TILING };
}
