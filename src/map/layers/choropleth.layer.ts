import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { OUTLINED_FILL } from './gl-programs.ts';

/**
 * The colour of a choropleth area comes from feature state (`fill`, set by the controller
 * from the legend's classes: src/state/layer-views.ts), so that changing the year or the
 * classes never re-uploads geometry. Areas without a value stay transparent.
 */
export const CHOROPLETH_FILL: ExpressionSpecification = ['to-color', ['coalesce', ['feature-state', 'fill'], 'rgba(0,0,0,0)']];

export interface ChoroplethStyle {
  opacity: number;
  /** Outline between areas. */
  lineColour: string;
  /** Restricts the features drawn (e.g. territories with a value). */
  filter?: ExpressionSpecification;
  /** Draw order within the layer: a larger key draws above (e.g. communes above the EPCI that hold them). */
  sortKey?: ExpressionSpecification;
}

/** A choropleth: one fill coloured by feature state and a thin outline between areas. */
export function choroplethLayers(layerId: string, sourceId: string, style: ChoroplethStyle): LayerSpecification[] {
  const polygons: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
  const filter: ExpressionSpecification = style.filter ? ['all', polygons, style.filter] : polygons;
  return [
    {
      id: `${layerId}--fill`,
      type: 'fill',
      source: sourceId,
      filter,
      ...(style.sortKey ? { layout: { 'fill-sort-key': style.sortKey } } : {}),
      paint: { 'fill-color': CHOROPLETH_FILL, 'fill-opacity': style.opacity, ...OUTLINED_FILL },
    },
    {
      id: `${layerId}--line`,
      type: 'line',
      source: sourceId,
      filter,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': style.lineColour,
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.6, 12, 1.4],
        'line-opacity': 0.9,
      },
    },
  ] as LayerSpecification[];
}
