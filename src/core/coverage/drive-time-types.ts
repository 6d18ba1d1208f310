import type { PointAttachment } from '../roads/attach-points.ts';
import type { DriveTimeEngine } from '../roads/drive-time-engine.ts';
import type { RoadNetworkInfo } from '../roads/road-network-info.ts';

/** The road graph the table measures drive times on (`CoverageInput.driveTime`): its engine and what to say about it. */
export interface CoverageDriveTimeInput {
  engine: DriveTimeEngine;
  network: RoadNetworkInfo;
}

/** The drive-time side of the prepared steps: the demand points attached to the graph, once. */
export interface PreparedDriveTime {
  engine: DriveTimeEngine;
  network: RoadNetworkInfo;
  demand: PointAttachment;
}

/** How the drive-time columns were computed, for the method text; null in CoverageMethod when no road graph is loaded. */
export interface DriveTimeMethod {
  network: RoadNetworkInfo;
  bandsMinutes: number[];
  /** Fixed France Services beyond the connector's reach of every road: they reach nobody. */
  sitesOffNetwork: number;
  /** People farther than the connector's reach from every road, and people with no path to a site (counted as not within). */
  populationOffNetwork: number;
  populationNoPath: number;
}
