import { aggregateDriveTimesByArea } from '../roads/aggregate-drive-times-by-area.ts';
import { DRIVE_TIME_BANDS_MINUTES } from '../roads/point-drive-times.ts';
import type { AccessDemand } from './access-demand.ts';
import type { CantonFigures } from './coverage-base.ts';
import type { CoverageDriveTimeInput, DriveTimeMethod, PreparedDriveTime } from './drive-time-types.ts';

/** Attaches the access columns' demand points to the road graph, once per data change; null without a graph. */
export function prepareDriveTime(driveTime: CoverageDriveTimeInput | null | undefined, demand: AccessDemand): PreparedDriveTime | null {
  if (!driveTime) return null;
  const lng = Float64Array.from(demand.points, (p) => p[0]);
  const lat = Float64Array.from(demand.points, (p) => p[1]);
  return { engine: driveTime.engine, network: driveTime.network, demand: driveTime.engine.attach(lng, lat) };
}

/** Minutes from every demand point to the nearest of `sites` (one multi-source run): Infinity with no path, NaN off the network. */
export function demandDriveMinutes(
  prepared: PreparedDriveTime,
  sites: readonly (readonly [number, number])[],
): { minutes: Float64Array; sitesOffNetwork: number } {
  const { engine } = prepared;
  const at = engine.attach(
    Float64Array.from(sites, (s) => s[0]),
    Float64Array.from(sites, (s) => s[1]),
  );
  const times = engine.timesToNearestSite(at);
  return { minutes: engine.pointDriveTimes(times, prepared.demand).minutes, sitesOffNetwork: times.sitesOffNetwork.length };
}

/**
 * Sums drive times per canton and for the département from the demand entries (a split
 * commune's parts weigh with their share, as in the straight-line columns), and returns the
 * method facts. One pass (aggregateDriveTimesByArea). The figures get fresh aggregates.
 */
export function accumulateDriveTimes(
  figures: CantonFigures[],
  total: CantonFigures,
  demand: AccessDemand,
  prepared: PreparedDriveTime,
  driven: { minutes: Float64Array; sitesOffNetwork: number },
): DriveTimeMethod {
  const minutes = Float64Array.from(demand.entryPoint, (p) => driven.minutes[p]);
  const agg = aggregateDriveTimesByArea({
    minutes,
    weights: demand.entryWeight,
    areaOf: demand.entryCanton,
    areaCount: figures.length,
    bandsMinutes: DRIVE_TIME_BANDS_MINUTES,
  });
  figures.forEach((f, c) => {
    f.driveTime = agg.areas[c];
  });
  total.driveTime = agg.total;
  return {
    network: prepared.network,
    bandsMinutes: [...agg.bandsMinutes],
    sitesOffNetwork: driven.sitesOffNetwork,
    populationOffNetwork: agg.total.populationOffNetwork,
    populationNoPath: agg.total.populationNoPath,
  };
}
