import type { ExpressionSpecification } from 'maplibre-gl';
import { IS_SELECTED } from './expressions.ts';

/**
 * GL programs. MapLibre compiles one GL program per layer type and per set of paint
 * properties given per feature (a vertex attribute) rather than once for the layer (a uniform),
 * the first time a layer of that shape is drawn. Without a GPU (software WebGL, as in the browser
 * tests and on some office machines) each one costs 100–200 ms of the first view's frames
 * (docs/benchmarks.md, "Map idle", fourth round). So the layers of one type drawn together take
 * the same shape:
 *
 * - point layers give their disc colour per feature, as France Services do (sites and buses), and
 *   the clusters of dense layers (an import's among them) their colours too, with a radius by zoom
 *   and feature: all of them draw with France Services' program, so a cluster layer shown after
 *   the first view (an import of 200,000 rows) compiles nothing while its tiles arrive;
 * - fills whose edges an outline layer draws turn off `fill-antialias`, which would draw every
 *   edge a second time with a program of its own.
 *
 * `tests/unit/gl-programs.test.ts` checks the default layers against MapLibre's own
 * classification of each property.
 */

/** Paint of a fill whose edges an outline layer draws: no antialiased edge of its own. */
export const OUTLINED_FILL = { 'fill-antialias': false } as const;

/** `value` given per feature (the same for every feature): a vertex attribute, not a uniform. */
export function perFeature(value: string | number): ExpressionSpecification {
  return ['case', IS_SELECTED, value, value];
}

/** A per-feature number `value` read as depending on the zoom too (the same at every zoom): MapLibre's "composite" kind, as France Services' radius. */
export function perFeatureAndZoom(value: ExpressionSpecification): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], 0, value, 24, value];
}
