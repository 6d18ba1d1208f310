import type { LayerSpecification } from 'maplibre-gl';
import { IS_SELECTED, zoomedRadius } from './expressions.ts';
import { perFeature } from './gl-programs.ts';

export interface ServicePointsStyle {
  colour: string;
  /** Radius in pixels at zoom 9. */
  radius: number;
  opacity?: number;
  strokeColour?: string;
  strokeWidth?: number;
}

/** One circle layer drawing the point sites of a service layer (MSAP, lieux d'aide, inclusion numérique, QPV…). */
export function servicePointsLayer(layerId: string, sourceId: string, style: ServicePointsStyle): LayerSpecification {
  const strokeWidth = style.strokeWidth ?? 1;
  return {
    id: layerId,
    type: 'circle',
    source: sourceId,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      // per feature, though the same for all: every point layer then shares France Services'
      // GL program, one compiled instead of two (./gl-programs.ts)
      'circle-color': perFeature(style.colour),
      'circle-opacity': style.opacity ?? 0.9,
      'circle-radius': zoomedRadius(style.radius),
      'circle-stroke-color': ['case', IS_SELECTED, '#000000', style.strokeColour ?? '#ffffff'],
      'circle-stroke-width': ['case', IS_SELECTED, 3, strokeWidth],
    },
  };
}
