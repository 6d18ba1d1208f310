import type { LayerSpecification } from 'maplibre-gl';
import { IS_SELECTED } from './expressions.ts';

export interface AreaFillStyle {
  colour: string;
  opacity: number;
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
      'fill-opacity': ['case', IS_SELECTED, Math.min(1, style.opacity * 2), style.opacity],
    },
  };
}
