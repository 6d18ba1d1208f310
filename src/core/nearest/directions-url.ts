/**
 * An OpenStreetMap directions link from `from` to `to` (both `[lng, lat]`), by car through the
 * FOSSGIS OSRM engine that openstreetmap.org offers. The URL itself orders each point
 * `lat,lng`, hence the swap here and nowhere else. Coordinates are rounded to 6 decimals (~0.1 m).
 */
export function directionsUrl(from: readonly [number, number], to: readonly [number, number], engine = 'fossgis_osrm_car'): string {
  const point = (p: readonly [number, number]) => `${p[1].toFixed(6)},${p[0].toFixed(6)}`;
  // numbers, commas and a semicolon only: nothing to escape in the route
  return `https://www.openstreetmap.org/directions?engine=${encodeURIComponent(engine)}&route=${point(from)};${point(to)}`;
}
