import { demandDriveMinutes } from '../coverage/drive-time-access.ts';
import type { PreparedDriveTime } from '../coverage/drive-time-types.ts';
import type { Position } from '../coverage/coverage-types.ts';
import type { CandidateCoverage } from './candidate-coverage.ts';

/**
 * Drive-time coverage, the road twin of coverageWithinKm: a demand point is covered by a site
 * when it drives to it in `maxMinutes` or less on the road graph (connectors included, the
 * drive-time columns' `<=`). Covered already: the points whose drive to the nearest existing
 * site (one multi-source run) is within the limit. Each candidate: one bounded run on the
 * reversed graph from its node (reachWithin), costing only the part of the graph within the
 * limit. A candidate or a point off the network covers or is covered by nothing (never an
 * invented time). Cells of candidate `k` are ascending.
 *
 * @param drive the demand points attached to the graph (prepared once per data change)
 * @param candidates candidate sites `[lng, lat]`
 * @param existing sites that stay open (the département's fixed France Services and those across the border)
 */
export function coverageWithinMinutes(
  drive: PreparedDriveTime,
  candidates: readonly Position[],
  existing: readonly Position[],
  maxMinutes: number,
): CandidateCoverage {
  if (!(maxMinutes > 0) || !Number.isFinite(maxMinutes))
    throw new RangeError(`maxMinutes must be a positive number of minutes, got ${maxMinutes}`);
  const cellCount = drive.demand.count;
  const coveredBefore = new Uint8Array(cellCount);
  if (existing.length > 0) {
    const { minutes } = demandDriveMinutes(drive, existing);
    for (let i = 0; i < cellCount; i++) if (minutes[i] <= maxMinutes) coveredBefore[i] = 1;
  }
  const offsets = new Int32Array(candidates.length + 1);
  const lists = candidates.map((c) => drive.engine.reachWithin(c[0], c[1], drive.demand, maxMinutes).points.slice().sort());
  lists.forEach((l, k) => {
    offsets[k + 1] = offsets[k] + l.length;
  });
  const cells = new Int32Array(offsets[candidates.length]);
  lists.forEach((l, k) => {
    cells.set(l, offsets[k]);
  });
  return { cellCount, candidateCount: candidates.length, offsets, cells, coveredBefore };
}
