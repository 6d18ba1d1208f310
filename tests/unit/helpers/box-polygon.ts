import type { Polygon } from 'geojson';

/** An axis-aligned rectangle [x0, y0]–[x1, y1] in degrees, counter-clockwise, as a GeoJSON Polygon (test fixtures). */
export function boxPolygon(x0: number, y0: number, x1: number, y1: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}
