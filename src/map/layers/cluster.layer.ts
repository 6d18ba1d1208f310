import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { perFeature, perFeatureAndZoom } from './gl-programs.ts';
import { BOLD_FONT } from './label.layer.ts';

/** Clustering options of the GeoJSON sources of dense point layers (see `clusterSourceOptions`). */
export const CLUSTER_MAX_ZOOM = 13;
export const CLUSTER_RADIUS_PX = 42;

/** Source options that group a dense point layer into clusters below `CLUSTER_MAX_ZOOM`. */
export function clusterSourceOptions(): { cluster: true; clusterRadius: number; clusterMaxZoom: number } {
  return { cluster: true, clusterRadius: CLUSTER_RADIUS_PX, clusterMaxZoom: CLUSTER_MAX_ZOOM };
}

/** Only the points a clustered source leaves single. */
export const UNCLUSTERED_POINT: FilterSpecification = ['all', ['==', ['geometry-type'], 'Point'], ['!', ['has', 'point_count']]];

/**
 * The clusters of a dense point layer: a white disc ringed in the layer's colour, sized by the
 * number of places it holds (so it never reads as one big place), with that number written on it
 * in dark bold figures (contrast does not depend on the layer colour). Style ids end in
 * `--cluster` (clickable: expands) and `--cluster-count` (decoration).
 */
export function clusterLayers(layerId: string, sourceId: string, colour: string): LayerSpecification[] {
  const count: ExpressionSpecification = ['get', 'point_count'];
  return [
    {
      id: `${layerId}--cluster`,
      type: 'circle',
      source: sourceId,
      filter: ['has', 'point_count'],
      // the paint's shape is France Services' (src/map/layers/gl-programs.ts): one GL program for every disc
      paint: {
        'circle-color': perFeature('#ffffff'),
        'circle-opacity': 0.94,
        'circle-radius': perFeatureAndZoom(['step', count, 11, 10, 14, 50, 18, 200, 23]),
        'circle-stroke-color': perFeature(colour),
        'circle-stroke-width': ['step', count, 3, 50, 4, 200, 5],
      },
    },
    {
      id: `${layerId}--cluster-count`,
      type: 'symbol',
      source: sourceId,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['number-format', count, { locale: 'fr-FR' }],
        'text-font': BOLD_FONT,
        'text-size': ['step', count, 11, 50, 12, 200, 13],
        // always drawn, and kept clear by the names of areas placed after it
        'text-allow-overlap': true,
        'text-ignore-placement': false,
      },
      paint: { 'text-color': '#1a1a1a' },
    },
  ] as LayerSpecification[];
}
