import type { LayerSpecification } from 'maplibre-gl';

export interface AreaOutlineStyle {
  colour: string;
  /** Line width in pixels at zoom 9. */
  width: number;
  opacity?: number;
  dash?: number[];
}

/** Boundary lines of polygon layers (administrative areas, zones). */
export function areaOutlineLayer(id: string, sourceId: string, style: AreaOutlineStyle): LayerSpecification {
  return {
    id,
    type: 'line',
    source: sourceId,
    filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: {
      'line-color': style.colour,
      'line-opacity': style.opacity ?? 1,
      'line-width': ['interpolate', ['linear'], ['zoom'], 6, style.width * 0.6, 9, style.width, 13, style.width * 1.6],
      ...(style.dash ? { 'line-dasharray': style.dash } : {}),
    },
  };
}
