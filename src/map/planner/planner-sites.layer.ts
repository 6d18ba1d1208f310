import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { PLANNER_SYMBOLS as S } from '../../layers/planner-symbols.ts';
import { BOLD_FONT } from '../layers/label.layer.ts';

/** Source of the planner's own sites: the scenario's hypothetical, moved and closed sites, and the suggested placements. */
export const PLANNER_SOURCE = 'maillage-planner-sites';

/** Style layers of the planner's sites, bottom to top (their stacking ranks are in layer-catalog.ts, MAP_Z). */
export const PLANNER_LAYERS = {
  path: 'planner--path',
  removed: 'planner--removed',
  removedCross: 'planner--removed-cross',
  hypothetical: 'planner--hypothetical',
  hypotheticalDot: 'planner--hypothetical-dot',
  suggestion: 'planner--suggestion',
  suggestionRank: 'planner--suggestion-rank',
  pick: 'planner--pick',
} as const;

const role = (r: string): ExpressionSpecification => ['==', ['get', 'role'], r];
const zoomed = (base: number): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 6, base * 0.7, 9, base, 13, base * 1.6];

/**
 * The planner's sites: a moved site's path (dashed line), where a closed or moved site was (grey
 * ring and cross), a hypothetical site (white disc, thick black ring, vermillion centre: a France
 * Services that does not exist), a suggestion (yellow disc with its rank), and the ring of a site
 * picked to be moved. Shapes tell them apart without colour; text is drawn from local fonts.
 */
export function plannerSiteLayers(): LayerSpecification[] {
  return [
    {
      id: PLANNER_LAYERS.path,
      type: 'line',
      source: PLANNER_SOURCE,
      filter: role('path'),
      paint: { 'line-color': S.accent, 'line-width': 2.5, 'line-dasharray': [2, 1.5] },
    },
    {
      id: PLANNER_LAYERS.removed,
      type: 'circle',
      source: PLANNER_SOURCE,
      filter: role('removed'),
      paint: {
        'circle-radius': zoomed(8),
        'circle-color': '#ffffff',
        'circle-opacity': 0.85,
        'circle-stroke-color': S.removed.ring,
        'circle-stroke-width': 2,
      },
    },
    {
      id: PLANNER_LAYERS.removedCross,
      type: 'symbol',
      source: PLANNER_SOURCE,
      filter: role('removed'),
      layout: {
        'text-field': '×',
        'text-font': BOLD_FONT,
        'text-size': zoomed(20),
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': S.removed.cross },
    },
    {
      id: PLANNER_LAYERS.hypothetical,
      type: 'circle',
      source: PLANNER_SOURCE,
      filter: role('hypothetical'),
      paint: {
        'circle-radius': zoomed(9),
        'circle-color': S.hypothetical.fill,
        'circle-stroke-color': S.hypothetical.ring,
        'circle-stroke-width': 3,
      },
    },
    {
      id: PLANNER_LAYERS.hypotheticalDot,
      type: 'circle',
      source: PLANNER_SOURCE,
      filter: role('hypothetical'),
      paint: { 'circle-radius': zoomed(3.8), 'circle-color': S.hypothetical.dot },
    },
    {
      id: PLANNER_LAYERS.suggestion,
      type: 'circle',
      source: PLANNER_SOURCE,
      filter: role('suggestion'),
      paint: {
        'circle-radius': zoomed(11),
        'circle-color': S.suggestion.fill,
        'circle-stroke-color': S.suggestion.ring,
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: PLANNER_LAYERS.suggestionRank,
      type: 'symbol',
      source: PLANNER_SOURCE,
      filter: role('suggestion'),
      layout: {
        'text-field': ['to-string', ['get', 'rank']],
        'text-font': BOLD_FONT,
        'text-size': zoomed(13),
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': S.suggestion.text },
    },
    {
      id: PLANNER_LAYERS.pick,
      type: 'circle',
      source: PLANNER_SOURCE,
      filter: role('pick'),
      paint: { 'circle-radius': zoomed(15), 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': S.accent, 'circle-stroke-width': 3 },
    },
  ] as LayerSpecification[];
}
