import type { ExpressionSpecification } from 'maplibre-gl';

/** True when the feature carries the `selected` feature state. */
export const IS_SELECTED: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/** True while the pointer hovers the feature. */
export const IS_HOVERED: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];

/**
 * A circle radius that grows with the zoom level, larger when selected.
 * `base` is the radius in pixels at zoom 9 (a département on screen).
 */
export function zoomedRadius(base: number, selectedExtra = 3): ExpressionSpecification {
  const at = (scale: number): ExpressionSpecification => [
    'case',
    IS_SELECTED,
    base * scale + selectedExtra,
    IS_HOVERED,
    base * scale + 1.5,
    base * scale,
  ];
  return ['interpolate', ['linear'], ['zoom'], 6, at(0.6), 9, at(1), 13, at(1.8)];
}
