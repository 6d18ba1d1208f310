import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { COVERAGE_CLASSES } from '../../layers/coverage-classes.ts';
import { IS_HOVERED, IS_SELECTED } from './expressions.ts';
import { OUTLINED_FILL } from './gl-programs.ts';

/** Style layer ids of the canton choropleth (drawn on the cantons source). */
export const COVERAGE_FILL = 'cantons--coverage';
export const COVERAGE_LINE = 'cantons--coverage-line';

const LEVEL: ExpressionSpecification = ['number', ['feature-state', 'coverage'], -1];
const DIMMED: ExpressionSpecification = ['boolean', ['feature-state', 'dimmed'], false];
/** The canton whose figures the planner shows (hovered on the map or focused in the table). */
const FOCUSED: ExpressionSpecification = ['boolean', ['feature-state', 'focus'], false];

/**
 * The planner's choropleth: each canton coloured by its coverage level, set as
 * feature state (`coverage`: 0 met, 1 one missing, 2 two or more; `dimmed` when
 * the table's filters leave it out), so a rule change never re-uploads geometry.
 */
export function coverageLayers(sourceId: string): LayerSpecification[] {
  const colour: ExpressionSpecification = [
    'match',
    LEVEL,
    ...COVERAGE_CLASSES.flatMap((c) => [c.level, c.colour]),
    'rgba(0,0,0,0)',
  ] as unknown as ExpressionSpecification;
  return [
    {
      id: COVERAGE_FILL,
      type: 'fill',
      source: sourceId,
      filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
      paint: {
        'fill-color': colour,
        'fill-opacity': ['case', IS_SELECTED, 0.75, FOCUSED, 0.7, IS_HOVERED, 0.68, DIMMED, 0.12, 0.55],
        ...OUTLINED_FILL,
      },
    },
    {
      id: COVERAGE_LINE,
      type: 'line',
      source: sourceId,
      filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': '#1a1a1a',
        'line-width': ['case', IS_SELECTED, 4, FOCUSED, 3, IS_HOVERED, 2, 0.6],
        'line-opacity': ['case', IS_SELECTED, 1, FOCUSED, 1, IS_HOVERED, 0.9, 0.5],
      },
    },
  ];
}
