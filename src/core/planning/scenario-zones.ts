import { fixedSitesForDistance } from '../coverage/access-demand.ts';
import type { CoverageInput, FranceServicesSite } from '../coverage/coverage-types.ts';
import type { PointAttachment } from '../roads/attach-points.ts';
import type { DriveTimeEngine } from '../roads/drive-time-engine.ts';

/** The cells of the drive-time zones layer (its populated grid cells: ids and centres, WGS84). */
export interface ZoneCells {
  ids: readonly string[];
  lng: ArrayLike<number>;
  lat: ArrayLike<number>;
}

/**
 * The drive-time zones of a network (the isochrones layer's figures, recomputed for a scenario):
 * per cell, in the order of `cellIds`, its band (0: within 10 min, 1: 10–20, 2: 20–30, 3: beyond;
 * BAND_NO_PATH / BAND_OFF_NETWORK of point-drive-times.ts without a time) and its minutes (NaN or
 * Infinity without a time). Plain typed arrays: they cross postMessage.
 */
export interface ScenarioZones {
  cellIds: readonly string[];
  band: Uint8Array;
  minutes: Float32Array;
}

/**
 * Recomputes the zones for a network of France Services: one multi-source run from its fixed
 * sites and the fixed sites across the border (as the layer's builder, build-isochrones.ts), the
 * cells attached once (`attachZoneCells`). Inputs are not modified.
 */
export function scenarioZones(
  engine: DriveTimeEngine,
  cells: { ids: readonly string[]; attached: PointAttachment },
  franceServices: readonly FranceServicesSite[],
  nearby: CoverageInput['nearbyFranceServices'],
): ScenarioZones {
  const sites = fixedSitesForDistance(franceServices, nearby);
  const at = engine.attach(
    Float64Array.from(sites, (s) => s.lngLat[0]),
    Float64Array.from(sites, (s) => s.lngLat[1]),
  );
  const point = engine.pointDriveTimes(engine.timesToNearestSite(at), cells.attached);
  return { cellIds: cells.ids, band: point.band, minutes: Float32Array.from(point.minutes) };
}

/** The zone cells attached to the graph, once per session. */
export function attachZoneCells(engine: DriveTimeEngine, cells: ZoneCells): { ids: readonly string[]; attached: PointAttachment } {
  if (cells.ids.length !== cells.lng.length || cells.lng.length !== cells.lat.length)
    throw new RangeError(`zone cells: ${cells.ids.length} ids for ${cells.lng.length} longitudes and ${cells.lat.length} latitudes`);
  return { ids: [...cells.ids], attached: engine.attach(cells.lng, cells.lat) };
}
