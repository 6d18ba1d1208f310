import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { legendFor } from '../../layers/layer-registry.ts';
import { SERVICE_GROUPS } from '../../data/nearest/service-groups.ts';
import { BOLD_FONT } from './label.layer.ts';

/** GeoJSON source of the searched place and its results (features keyed by `key`). */
export const FIND_SOURCE = 'maillage-find';

/**
 * Style layer ids. They end in `--line` on purpose: the click and hover handlers (map-events.ts)
 * skip decoration layers, so a click on a result ring reaches the site drawn under it.
 */
export const FIND_RESULTS = 'find-results--line';
export const FIND_ORIGIN_HALO = 'find-origin-halo--line';
export const FIND_ORIGIN = 'find-origin--line';
/** The result's number in its list, written in its marker. */
export const FIND_RANKS = 'find-ranks--line';
export const FIND_LAYERS = [FIND_ORIGIN_HALO, FIND_RESULTS, FIND_RANKS, FIND_ORIGIN] as const;

/** The nearest site of its group: feature state set by the controller. */
const IS_NEAREST: ExpressionSpecification = ['boolean', ['feature-state', 'nearest'], false];

/** A result known only by its commune (drawn at the commune's centre). */
const IS_COMMUNE_ONLY: ExpressionSpecification = ['==', ['get', 'precision'], 'commune'];

/** Ring colour per service group: the colour of the group's first layer in the legend. */
function groupColour(): ExpressionSpecification {
  return [
    'match',
    ['get', 'group'],
    ...SERVICE_GROUPS.flatMap((g) => [g.id, legendFor(g.layers[0]).colour]),
    '#1a1a1a',
  ] as unknown as ExpressionSpecification;
}

/**
 * The searched place (a dark dot with a halo) and a numbered marker for each result (a white
 * disc ringed in its group's colour, with its number in the list); the nearest of each group
 * gets a larger, thicker black ring. A site known only by its commune (drawn at the commune's
 * centre) is paler: it is not where the place is. Sizes do not change with the zoom: they mark
 * places, they are not data.
 */
export function findResultsLayers(sourceId: string = FIND_SOURCE): LayerSpecification[] {
  return [
    {
      id: FIND_ORIGIN_HALO,
      type: 'circle',
      source: sourceId,
      filter: ['==', ['get', 'role'], 'origin'],
      paint: { 'circle-radius': 18, 'circle-color': '#1a1a1a', 'circle-opacity': 0.15 },
    },
    {
      id: FIND_RESULTS,
      type: 'circle',
      source: sourceId,
      filter: ['==', ['get', 'role'], 'result'],
      paint: {
        'circle-radius': ['case', IS_NEAREST, 14, 12],
        'circle-color': '#ffffff',
        'circle-opacity': ['case', IS_COMMUNE_ONLY, 0.6, 0.95],
        'circle-stroke-color': ['case', IS_NEAREST, '#000000', groupColour()],
        'circle-stroke-width': ['case', IS_NEAREST, 4, 3],
        'circle-stroke-opacity': ['case', IS_COMMUNE_ONLY, 0.5, 1],
      },
    },
    {
      id: FIND_RANKS,
      type: 'symbol',
      source: sourceId,
      filter: ['==', ['get', 'role'], 'result'],
      layout: {
        'text-field': ['to-string', ['get', 'rank']],
        'text-font': BOLD_FONT,
        'text-size': 15,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#1a1a1a' },
    },
    {
      id: FIND_ORIGIN,
      type: 'circle',
      source: sourceId,
      filter: ['==', ['get', 'role'], 'origin'],
      paint: { 'circle-radius': 7, 'circle-color': '#1a1a1a', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
    },
  ];
}
