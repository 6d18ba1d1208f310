import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { IS_SELECTED } from './expressions.ts';

export interface AreaFillStyle {
  colour: string;
  opacity: number;
}

/** An area fill's opacity: `opacity`, doubled (up to 1) for the selected area. */
export function areaFillOpacity(opacity: number): ExpressionSpecification {
  return ['case', IS_SELECTED, Math.min(1, opacity * 2), opacity];
}

/** A translucent fill for polygon layers (zones, territories); slightly stronger when selected. */
export function areaFillLayer(id: string, sourceId: string, style: AreaFillStyle): LayerSpecification {
  return {
    id,
    type: 'fill',
    source: sourceId,
    filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
    paint: {
      'fill-color': style.colour,
      'fill-opacity': areaFillOpacity(style.opacity),
    },
  };
}
