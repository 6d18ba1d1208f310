import { createAreaIndex } from '../index/area-index.ts';
import { createGridCellIndex } from './apportion-by-grid.ts';
import { createCantonAssigner, type CantonAssigner } from './assign-canton.ts';
import { accumulateAccess, buildAccessDemand, type AccessDemand } from './access-demand.ts';
import { cloneFigures } from './canton-figures.ts';
import { accumulateDriveTimes, prepareDriveTime } from './drive-time-access.ts';
import type { DriveTimeMethod, PreparedDriveTime } from './drive-time-types.ts';
import type { CoverageBase } from './coverage-base.ts';
import type { CoverageInput, CoverageMethod, FranceServicesSite } from './coverage-types.ts';
import { placeCommunes, type CommunePlacement } from './place-communes.ts';
import { placeSites, type SitePlacement } from './place-sites.ts';
import { spreadPosts } from './spread-posts.ts';

/**
 * Everything of the table that does not depend on the France Services: communes and
 * populations per canton (split communes apportioned), the other layers placed, the
 * adultes-relais posts spread, and the demand points of the access columns. The
 * costly part (polygon intersections, point-in-polygon of every grid cell) is here,
 * done once; a set of France Services is then placed and measured cheaply.
 */
export interface PreparedCoverage {
  input: CoverageInput;
  assigner: CantonAssigner;
  communes: CommunePlacement;
  /** Per counted layer (input order): its placement, or null when the layer has no data. */
  layers: (SitePlacement | null)[];
  posts: { perCanton: Int32Array; total: number } | null;
  demand: AccessDemand;
  /** The demand points attached to the road graph; null without one. */
  drive: PreparedDriveTime | null;
}

/** Runs the France-Services-independent steps once (see {@link PreparedCoverage}). The input is not modified. */
export function prepareCoverageSteps(input: CoverageInput): PreparedCoverage {
  const cantonCount = input.cantons.length;
  const assigner = createCantonAssigner(
    input.cantons,
    new Map(input.communes.map((c) => [c.code, c.cantonCode])),
    createAreaIndex(input.cantons),
  );
  const grid = input.populationGrid && input.communes.some((c) => !c.cantonCode) ? createGridCellIndex(input.populationGrid) : null;
  const communes = placeCommunes(input, assigner.index, grid);
  return {
    input,
    assigner,
    communes,
    layers: input.countedLayers.map((l) => (l.sites ? placeSites(l.id, l.sites, assigner, cantonCount) : null)),
    posts: spreadPosts(input, communes.pieces, cantonCount),
    ...withDriveTime(input, buildAccessDemand(input, assigner.index, communes.pieces)),
  };
}

/** The demand, and its points attached to the road graph when the input has one. */
function withDriveTime(input: CoverageInput, demand: AccessDemand): { demand: AccessDemand; drive: PreparedDriveTime | null } {
  return { demand, drive: prepareDriveTime(input.driveTime, demand) };
}

/**
 * Builds the rule-independent figures from the prepared steps and one set of France
 * Services: `franceServices` placed by `placement` (the département's sites, in the
 * order listed), and `distanceKm` from each demand point to its nearest fixed France
 * Services (null when there is none: the access cells stay empty), and `driven` the drive
 * minutes from each demand point on the road graph (null without one: the drive-time cells stay
 * empty). The prepared steps are not modified: every figure is a fresh copy.
 */
export function assembleCoverageBase(
  prepared: PreparedCoverage,
  franceServices: readonly FranceServicesSite[],
  placement: SitePlacement,
  distanceKm: Float64Array | null,
  driven: { minutes: Float64Array; sitesOffNetwork: number } | null = null,
): CoverageBase {
  const { input, communes, layers, posts, demand } = prepared;
  const figures = communes.figures.map(cloneFigures);
  const total = cloneFigures(communes.total);
  figures.forEach((f, c) => {
    f.franceServices = placement.counts[c];
    f.franceServicesBuses = placement.buses[c];
    total.franceServices += placement.counts[c];
    total.franceServicesBuses += placement.buses[c];
    input.countedLayers.forEach((l, k) => {
      const layer = layers[k];
      if (!layer) return;
      f.layerCounts[l.id] = layer.counts[c];
      total.layerCounts[l.id] = (total.layerCounts[l.id] ?? 0) + layer.counts[c];
    });
    if (posts) f.healthMediatorPosts = posts.perCanton[c];
  });
  if (posts) total.healthMediatorPosts = posts.total;
  if (distanceKm) accumulateAccess(figures, total, demand, distanceKm);
  const driveTime: DriveTimeMethod | null =
    prepared.drive && driven ? accumulateDriveTimes(figures, total, demand, prepared.drive, driven) : null;
  const placed = [placement, ...layers].filter((p): p is SitePlacement => p !== null);
  const method: CoverageMethod = {
    distanceFrom: demand.from,
    populationGridVintage: input.populationGrid ? (input.populationGridVintage ?? null) : null,
    cellsAssignedByNearestCommune: distanceKm ? demand.cellsAssignedByNearestCommune : 0,
    splitCommunes: structuredClone(communes.splitCommunes),
    sitesByPolygon: placed.reduce((s, p) => s + p.byPolygon, 0),
    sitesOutside: placed.flatMap((p) => p.outside.map((o) => ({ ...o }))),
    fixedFranceServicesForDistance: franceServices.filter((s) => s.kind === 'fixed').length,
    nearbyFranceServicesForDistance: input.nearbyFranceServices.filter((s) => s.kind === 'fixed').length,
    driveTime,
  };
  return {
    departement: input.departement,
    cantons: figures,
    total,
    territories: input.priorityTerritories.map((t) => ({ id: t.id, name: t.name })),
    countedLayers: input.countedLayers.map((l) => ({ id: l.id, title: l.title, hasData: l.sites !== null })),
    healthMediatorYear: input.healthMediatorPosts?.year ?? null,
    method,
    sources: input.sources,
  };
}
