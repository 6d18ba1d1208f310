import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { IS_SELECTED, zoomedRadius } from './expressions.ts';

export interface FranceServicesStyle {
  colour: string;
  /** Radius in pixels at zoom 9. */
  radius: number;
  opacity?: number;
}

const IS_BUS: ExpressionSpecification = ['==', ['get', 'kind'], 'bus'];

/**
 * France Services sites: fixed sites as filled discs, buses (placed at their base)
 * as thick rings, so the two read apart without relying on colour.
 */
export function franceServicesLayer(layerId: string, sourceId: string, style: FranceServicesStyle): LayerSpecification {
  return {
    id: layerId,
    type: 'circle',
    source: sourceId,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': ['case', IS_BUS, '#ffffff', style.colour],
      'circle-opacity': style.opacity ?? 1,
      'circle-radius': zoomedRadius(style.radius),
      'circle-stroke-color': ['case', IS_SELECTED, '#000000', IS_BUS, style.colour, '#ffffff'],
      'circle-stroke-width': ['case', IS_SELECTED, 3.5, IS_BUS, 3, 1.5],
      'circle-stroke-opacity': style.opacity ?? 1,
    },
  };
}
