import type { PointAttachment } from './attach-points.ts';
import type { NodeTimes } from './times-to-nearest-site.ts';

/** The drive-time bands of the issue: within 10, 20 and 30 minutes. */
export const DRIVE_TIME_BANDS_MINUTES: readonly number[] = [10, 20, 30];
/** Band code of a point attached to the network from which no site can be reached (an island). */
export const BAND_NO_PATH = 254;
/** Band code of a point beyond the connector's cap from every road node. */
export const BAND_OFF_NETWORK = 255;

/** Per point, in input order. */
export interface PointDriveTimes {
  /** Minutes to the nearest site, connector included; Infinity with no path, NaN off the network. */
  minutes: Float64Array;
  /** Index of that site in the sites' attachment, or -1. */
  site: Int32Array;
  /**
   * Index of the first band holding the time (0: ≤ bands[0], …), `bands.length` beyond the last,
   * {@link BAND_NO_PATH} or {@link BAND_OFF_NETWORK}.
   */
  band: Uint8Array;
}

/**
 * Each point's drive time to its nearest site: its connector time plus its node's time (from
 * {@link timesToNearestSite}), in minutes, and its band. Bands are upper bounds, inclusive
 * (10 minutes exactly is "within 10 minutes"). Inputs are not modified.
 */
export function pointDriveTimes(
  times: NodeTimes,
  points: PointAttachment,
  bandsMinutes: readonly number[] = DRIVE_TIME_BANDS_MINUTES,
): PointDriveTimes {
  const minutes = new Float64Array(points.count);
  const site = new Int32Array(points.count).fill(-1);
  const band = new Uint8Array(points.count);
  for (let i = 0; i < points.count; i++) {
    const node = points.node[i];
    if (node < 0) {
      minutes[i] = NaN;
      band[i] = BAND_OFF_NETWORK;
      continue;
    }
    const s = times.seconds[node];
    if (s === Infinity) {
      minutes[i] = Infinity;
      band[i] = BAND_NO_PATH;
      continue;
    }
    const m = (s + points.connectorSeconds[i]) / 60;
    minutes[i] = m;
    site[i] = times.site[node];
    let b = 0;
    while (b < bandsMinutes.length && m > bandsMinutes[b]) b++;
    band[i] = b;
  }
  return { minutes, site, band };
}
