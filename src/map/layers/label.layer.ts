import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';

/**
 * Font stacks for labels. The style has no `glyphs` URL, so MapLibre draws every glyph
 * locally (TinySDF on a canvas, with the browser's fonts): no request, no failure offline.
 * The first name gives the weight ("Bold"); the browser falls back through the list to its
 * sans-serif font. See docs/decisions/labels-without-glyph-server.md.
 */
export const REGULAR_FONT = ['Arial Regular', 'Arial', 'Liberation Sans', 'DejaVu Sans'];
export const BOLD_FONT = ['Arial Bold', 'Arial', 'Liberation Sans', 'DejaVu Sans'];

export interface AreaLabelStyle {
  /** Zoom from which the names show, and (optionally) up to which. */
  minzoom: number;
  maxzoom?: number;
  /** Text size in pixels at `minzoom`, and at zoom 14. */
  size: [number, number];
  colour: string;
  bold?: boolean;
  uppercase?: boolean;
}

/**
 * Names of administrative areas, written at one point inside each area (a separate point
 * source, so a large area is not labelled once per tile) with a white halo for contrast.
 * Larger areas (`rank`, e.g. the population) win when names collide. Text from the data
 * goes to the map as a string field, never as HTML.
 */
export function areaLabelLayer(id: string, sourceId: string, style: AreaLabelStyle): LayerSpecification {
  const rank: ExpressionSpecification = ['to-number', ['get', 'rank'], 0];
  return {
    id,
    type: 'symbol',
    source: sourceId,
    minzoom: style.minzoom,
    ...(style.maxzoom !== undefined ? { maxzoom: style.maxzoom } : {}),
    layout: {
      'text-field': ['to-string', ['get', 'name']],
      'text-font': style.bold ? BOLD_FONT : REGULAR_FONT,
      'text-size': ['interpolate', ['linear'], ['zoom'], style.minzoom, style.size[0], 14, style.size[1]],
      'text-max-width': 8,
      'text-padding': 3,
      // beside its point rather than dropped when something is already drawn there
      'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'],
      'text-radial-offset': 0.6,
      'symbol-sort-key': ['-', 0, rank],
      ...(style.uppercase ? { 'text-transform': 'uppercase', 'text-letter-spacing': 0.08 } : {}),
    },
    paint: {
      'text-color': style.colour,
      'text-halo-color': '#ffffff',
      'text-halo-width': 1.6,
      'text-halo-blur': 0.4,
    },
  } as LayerSpecification;
}
