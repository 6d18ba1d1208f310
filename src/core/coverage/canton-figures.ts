import { ACCESS_THRESHOLDS_KM, type CantonFigures } from './coverage-base.ts';
import type { CoverageInput } from './coverage-types.ts';

/** A canton's figures before anything is counted in it. */
export function emptyFigures(
  code: string,
  name: string,
  input: Pick<CoverageInput, 'countedLayers' | 'healthMediatorPosts'>,
): CantonFigures {
  return {
    code,
    name,
    communes: 0,
    splitCommunes: [],
    population: 0,
    ruralPopulation: 0,
    territoryPopulation: new Map(),
    qpv: new Set(),
    qpvCommunes: 0,
    franceServices: 0,
    franceServicesBuses: 0,
    access: null,
    driveTime: null,
    healthMediatorPosts: input.healthMediatorPosts ? 0 : null,
    layerCounts: Object.fromEntries(input.countedLayers.map((l) => [l.id, l.sites ? 0 : null])),
  };
}

/** A deep copy of a canton's figures (lists, maps, sets and access copied), so that a prepared step can be reused. */
export function cloneFigures(f: CantonFigures): CantonFigures {
  return {
    ...f,
    splitCommunes: [...f.splitCommunes],
    territoryPopulation: new Map(f.territoryPopulation),
    qpv: new Set(f.qpv),
    access: f.access ? { ...f.access, within: [...f.access.within] } : null,
    driveTime: f.driveTime ? { ...f.driveTime, populationWithin: [...f.driveTime.populationWithin] } : null,
    layerCounts: { ...f.layerCounts },
  };
}

/** Adds `weight` people living `distanceKm` from their nearest fixed France Services to the canton's access figures. */
export function addAccess(figures: CantonFigures, weight: number, distanceKm: number): void {
  const a = (figures.access ??= { weight: 0, weightedDistanceKm: 0, maxDistanceKm: 0, within: [0, 0, 0] });
  a.weight += weight;
  a.weightedDistanceKm += weight * distanceKm;
  if (weight > 0 && distanceKm > a.maxDistanceKm) a.maxDistanceKm = distanceKm;
  ACCESS_THRESHOLDS_KM.forEach((km, i) => {
    if (distanceKm <= km) a.within[i] += weight;
  });
}
