import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';

/**
 * The 1 km population grid as small discs whose darkness and size grow with the
 * population of the cell (a sequential grey ramp, readable with any colour vision).
 */
export function populationGridLayer(id: string, sourceId: string): LayerSpecification {
  const population: ExpressionSpecification = ['to-number', ['get', 'population'], 0];
  return {
    id,
    type: 'circle',
    source: sourceId,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': ['interpolate', ['linear'], population, 0, '#e6e6e6', 100, '#bdbdbd', 1000, '#737373', 5000, '#252525'],
      'circle-opacity': 0.75,
      'circle-radius': ['interpolate', ['exponential', 2], ['zoom'], 6, 0.6, 9, 1.8, 13, 14],
    },
  };
}
