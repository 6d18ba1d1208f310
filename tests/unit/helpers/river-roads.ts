/**
 * A fictional road network where straight-line and road answers differ, written by hand: a river
 * runs north–south along 3.05° E, crossed by one bridge at 50.05° N. Each bank has a street along
 * 50.00° N (3.00–3.04° on the west, 3.06–3.10° on the east) and a bank road up to the bridge.
 * Every road is `residential` (30 km/h: 2 minutes per km), a vertex every 0.01°.
 *
 *        50.05 ─ W3.04 ══ bridge ══ E3.06
 *                  │                 │
 *        50.00 ─ ──┘ 3.04  river 3.06 └──
 *              3.00                 3.10
 */
export const RIVER_LNG = 3.05;
export const BRIDGE_LAT = 50.05;

const r = (x: number) => Math.round(x * 1e6) / 1e6;
const steps = (from: number, to: number) => Array.from({ length: Math.round((to - from) / 0.01) + 1 }, (_, i) => r(from + i * 0.01));

const street = (coordinates: number[][]) => ({
  type: 'Feature',
  properties: { highway: 'residential' },
  geometry: { type: 'LineString', coordinates },
});

/** The network as GeoJSON road lines (what `roads --file` reads). */
export function riverRoadsGeojson(): { type: 'FeatureCollection'; features: unknown[] } {
  return {
    type: 'FeatureCollection',
    features: [
      street(steps(3.0, 3.04).map((x) => [x, 50])),
      street(steps(3.06, 3.1).map((x) => [x, 50])),
      street(steps(50, BRIDGE_LAT).map((y) => [3.04, y])),
      street(steps(50, BRIDGE_LAT).map((y) => [3.06, y])),
      street([
        [3.04, BRIDGE_LAT],
        [3.05, BRIDGE_LAT],
        [3.06, BRIDGE_LAT],
      ]),
    ],
  };
}
