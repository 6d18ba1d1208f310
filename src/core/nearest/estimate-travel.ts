/**
 * The travel-time assumption, in one place. These are orders of magnitude, not routed times:
 * the map has no road network offline. docs/find-service.md explains each choice.
 */
export const TRAVEL_ASSUMPTIONS = {
  /**
   * Road distance ÷ straight-line distance. Studies of French road and street networks put the
   * mean detour factor near 1.3 (higher on very short trips, lower on long ones): F. Héran,
   * "Des distances à vol d'oiseau aux distances réelles ou de l'origine des détours", Flux 76-77, 2009.
   */
  detourFactor: 1.3,
  /**
   * Door-to-door car speed, km/h, for local trips (town streets, departmental roads, parking):
   * a round value of the order of the mean speeds of local car trips in French travel surveys
   * (ENTD 2008, EMP 2019: about 30–40 km/h). A choice, not a measurement.
   */
  carSpeedKmh: 35,
  /** Walking speed, km/h: 4 km/h (1.1 m/s), below the usual 5 km/h, since users include older people. */
  walkSpeedKmh: 4,
  /** Walking time is given only when the straight-line distance is below this, km. */
  walkMaxKm: 2,
} as const;

export interface TravelEstimate {
  /** Estimated road distance, km (straight line × detour factor). */
  roadKm: number;
  /** Estimated car time, whole minutes, at least 1. */
  carMinutes: number;
  /** Estimated walking time, whole minutes, at least 1; only below `walkMaxKm` in a straight line. */
  walkMinutes?: number;
}

/**
 * An order-of-magnitude travel time from a straight-line distance in km:
 * road km = straight line × detour factor, then time at an average door-to-door speed by car,
 * and on foot when the place is under 2 km away (see {@link TRAVEL_ASSUMPTIONS}). Rounded up
 * to the minute. Throws a RangeError for a negative or non-finite distance.
 */
export function estimateTravel(distanceKm: number, assumptions = TRAVEL_ASSUMPTIONS): TravelEstimate {
  if (!Number.isFinite(distanceKm) || distanceKm < 0) throw new RangeError(`distance out of range: ${distanceKm}`);
  const roadKm = distanceKm * assumptions.detourFactor;
  const minutes = (speedKmh: number) => Math.max(1, Math.ceil((roadKm / speedKmh) * 60 - 1e-9));
  const estimate: TravelEstimate = { roadKm, carMinutes: minutes(assumptions.carSpeedKmh) };
  if (distanceKm < assumptions.walkMaxKm) estimate.walkMinutes = minutes(assumptions.walkSpeedKmh);
  return estimate;
}
