import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { legendFor } from '../../layers/layer-registry.ts';
import { SERVICE_GROUPS } from '../../data/nearest/service-groups.ts';

/** GeoJSON source of the searched place and its results (features keyed by `key`). */
export const FIND_SOURCE = 'maillage-find';

/**
 * Style layer ids. They end in `--line` on purpose: the click and hover handlers (map-events.ts)
 * skip decoration layers, so a click on a result ring reaches the site drawn under it.
 */
export const FIND_RESULTS = 'find-results--line';
export const FIND_ORIGIN_HALO = 'find-origin-halo--line';
export const FIND_ORIGIN = 'find-origin--line';
export const FIND_LAYERS = [FIND_ORIGIN_HALO, FIND_RESULTS, FIND_ORIGIN] as const;

/** The nearest site of its group: feature state set by the controller. */
const IS_NEAREST: ExpressionSpecification = ['boolean', ['feature-state', 'nearest'], false];

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
 * The searched place (a dark dot with a halo) and a ring around each result, coloured by its
 * group; the nearest of each group gets a larger, thicker black ring. Sizes do not change with
 * the zoom: they mark places, they are not data.
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
        'circle-radius': ['case', IS_NEAREST, 14, 10],
        'circle-opacity': 0,
        'circle-stroke-color': ['case', IS_NEAREST, '#000000', groupColour()],
        'circle-stroke-width': ['case', IS_NEAREST, 4, 2.5],
      },
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
