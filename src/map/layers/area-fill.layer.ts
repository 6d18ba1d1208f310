import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { IS_SELECTED } from './expressions.ts';
import { OUTLINED_FILL } from './gl-programs.ts';

export interface AreaFillStyle {
  colour: string;
  opacity: number;
  /**
   * True when an outline layer draws the areas' edges: the fill then skips its own antialiased
   * edge (MapLibre's `fill-antialias`), a second pass over every edge with a GL program of its
   * own, hidden under the outline anyway (see ./gl-programs.ts).
   */
  outlined: boolean;
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
      ...(style.outlined ? OUTLINED_FILL : {}),
    },
  };
}
