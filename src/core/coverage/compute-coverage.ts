import { createPointIndex } from '../index/point-index.ts';
import { apportionByArea, splitInteger } from './apportion.ts';
import { createCantonAssigner } from './assign-canton.ts';
import { applyCoverageRule } from './apply-coverage-rule.ts';
import { ACCESS_THRESHOLDS_KM, type CantonFigures, type CoverageBase } from './coverage-base.ts';
import type { CoverageInput, CoverageMethod, CoverageRule, CoverageSite, CoverageTable } from './coverage-types.ts';

export { applyCoverageRule, validateCoverageRule } from './apply-coverage-rule.ts';
export { ACCESS_THRESHOLDS_KM, type CantonFigures, type CoverageBase } from './coverage-base.ts';

function emptyFigures(code: string, name: string, input: CoverageInput): CantonFigures {
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
    healthMediatorPosts: input.healthMediatorPosts ? 0 : null,
    layerCounts: Object.fromEntries(input.countedLayers.map((l) => [l.id, l.sites ? 0 : null])),
  };
}

function addAccess(figures: CantonFigures, weight: number, distanceKm: number): void {
  const a = (figures.access ??= { weight: 0, weightedDistanceKm: 0, maxDistanceKm: 0, within: [0, 0, 0] });
  a.weight += weight;
  a.weightedDistanceKm += weight * distanceKm;
  if (weight > 0 && distanceKm > a.maxDistanceKm) a.maxDistanceKm = distanceKm;
  ACCESS_THRESHOLDS_KM.forEach((km, i) => {
    if (distanceKm <= km) a.within[i] += weight;
  });
}

/**
 * Computes the rule-independent figures of every canton: communes and population
 * (split communes apportioned by area share), France Services and buses by the COG
 * rule, QPV, rural population, priority territories, straight-line access to the
 * nearest fixed France Services (across the border too), and the other layers' counts.
 * Every spatial query goes through an index built once. The input is not modified.
 */
export function prepareCoverage(input: CoverageInput): CoverageBase {
  const { cantons } = input;
  const communeCanton = new Map(input.communes.map((c) => [c.code, c.cantonCode]));
  const assigner = createCantonAssigner(cantons, communeCanton);
  const figures = cantons.map((c) => emptyFigures(c.properties.code, c.properties.name, input));
  const total = emptyFigures('', `Total ${input.departement.name}`, input);
  const method: CoverageMethod = {
    distanceFrom: input.populationGrid ? 'population-grid' : 'commune-centroids',
    populationGridVintage: input.populationGrid ? (input.populationGridVintage ?? null) : null,
    cellsAssignedByNearestCommune: 0,
    splitCommunes: [],
    sitesByPolygon: 0,
    sitesOutside: [],
    fixedFranceServicesForDistance: 0,
    nearbyFranceServicesForDistance: 0,
  };

  // --- communes: pieces per canton (a split commune is apportioned by area) ------------
  const territoryOfEpci = new Map<string, string[]>();
  const territoryOfCommune = new Map<string, string[]>();
  for (const t of input.priorityTerritories) {
    for (const e of t.epci) territoryOfEpci.set(e, [...(territoryOfEpci.get(e) ?? []), t.id]);
    for (const c of t.communes) territoryOfCommune.set(c, [...(territoryOfCommune.get(c) ?? []), t.id]);
  }
  /** Population of each commune per canton index. */
  const pieces = new Map<string, { canton: number; population: number }[]>();
  const byCode = new Map(cantons.map((c, i) => [c.properties.code, i]));
  const qpvAll = new Set<string>();
  for (const commune of input.communes) {
    let parts: { canton: number; population: number }[] = [];
    const cog = commune.cantonCode ? byCode.get(commune.cantonCode) : undefined;
    if (cog !== undefined) {
      parts = [{ canton: cog, population: commune.population }];
    } else {
      const shares = commune.geometry ? apportionByArea(commune.geometry, cantons, assigner.index) : [];
      if (shares.length) {
        const pops = splitInteger(
          commune.population,
          shares.map((s) => s.share),
        );
        parts = shares.map((s, i) => ({ canton: s.index, population: pops[i] }));
        method.splitCommunes.push({
          code: commune.code,
          name: commune.name,
          shares: shares.map((s, i) => ({ cantonCode: cantons[s.index].properties.code, share: s.share, population: pops[i] })),
        });
      } else {
        const at = assigner.index.findArea(commune.centroid);
        if (at >= 0) parts = [{ canton: at, population: commune.population }];
      }
    }
    if (parts.length === 0) continue;
    pieces.set(commune.code, parts);
    total.communes++;
    const territories = [
      ...new Set([
        ...(commune.epciCode ? (territoryOfEpci.get(commune.epciCode) ?? []) : []),
        ...(territoryOfCommune.get(commune.code) ?? []),
      ]),
    ];
    for (const code of commune.qpvCodes) qpvAll.add(code);
    if (commune.qpvCodes.length) total.qpvCommunes++;
    for (const part of parts) {
      const f = figures[part.canton];
      f.communes++;
      if (parts.length > 1) f.splitCommunes.push(commune.name);
      f.population += part.population;
      total.population += part.population;
      if (commune.rural) {
        f.ruralPopulation += part.population;
        total.ruralPopulation += part.population;
      }
      for (const t of territories) {
        f.territoryPopulation.set(t, (f.territoryPopulation.get(t) ?? 0) + part.population);
        total.territoryPopulation.set(t, (total.territoryPopulation.get(t) ?? 0) + part.population);
      }
      for (const q of commune.qpvCodes) f.qpv.add(q);
      if (commune.qpvCodes.length) f.qpvCommunes++;
    }
  }
  total.qpv = qpvAll;

  // --- sites: France Services and counted layers ----------------------------------------
  const place = (layer: string, site: CoverageSite): number => {
    const a = assigner.assign(site.lngLat, site.communeCode);
    if (a.method === 'polygon') method.sitesByPolygon++;
    if (a.canton < 0) method.sitesOutside.push({ layer, id: site.id });
    return a.canton;
  };
  for (const site of input.franceServices) {
    const c = place('france-services', site);
    if (c < 0) continue;
    if (site.kind === 'bus') {
      figures[c].franceServicesBuses++;
      total.franceServicesBuses++;
    } else {
      figures[c].franceServices++;
      total.franceServices++;
    }
  }
  for (const layer of input.countedLayers) {
    if (!layer.sites) continue;
    for (const site of layer.sites) {
      const c = place(layer.id, site);
      if (c < 0) continue;
      figures[c].layerCounts[layer.id]!++;
      total.layerCounts[layer.id]!++;
    }
  }

  // --- adultes-relais posts: a territory's posts spread over cantons by population ------
  if (input.healthMediatorPosts) {
    const communesOfEpci = new Map<string, string[]>();
    for (const c of input.communes) if (c.epciCode) communesOfEpci.set(c.epciCode, [...(communesOfEpci.get(c.epciCode) ?? []), c.code]);
    for (const t of input.healthMediatorPosts.territories) {
      const members = t.kind === 'commune' ? [t.id] : (communesOfEpci.get(t.id) ?? []);
      const perCanton = new Map<number, number>();
      let population = 0;
      for (const code of members) {
        for (const part of pieces.get(code) ?? []) {
          perCanton.set(part.canton, (perCanton.get(part.canton) ?? 0) + part.population);
          population += part.population;
        }
      }
      if (population === 0) continue;
      // whole posts, by largest remainder: a territory's posts add up exactly over its cantons
      const entries = [...perCanton].sort((a, b) => a[0] - b[0]);
      const posts = splitInteger(
        t.posts,
        entries.map(([, pop]) => pop),
      );
      entries.forEach(([canton], i) => {
        figures[canton].healthMediatorPosts! += posts[i];
      });
      total.healthMediatorPosts! += t.posts;
    }
  }

  // --- access: straight-line distance to the nearest fixed France Services ---------------
  const fixed = [...input.franceServices, ...input.nearbyFranceServices].filter((s) => s.kind === 'fixed');
  method.fixedFranceServicesForDistance = input.franceServices.filter((s) => s.kind === 'fixed').length;
  method.nearbyFranceServicesForDistance = input.nearbyFranceServices.filter((s) => s.kind === 'fixed').length;
  if (fixed.length > 0) {
    const fsIndex = createPointIndex(fixed.map((s) => s.lngLat));
    const distanceTo = (p: readonly [number, number]) => fsIndex.nearest(p, 1)[0].distanceKm;
    if (input.populationGrid) {
      const placed = input.communes.filter((c) => pieces.has(c.code));
      const centroidIndex = createPointIndex(placed.map((c) => c.centroid));
      for (const cell of input.populationGrid) {
        if (!(cell.population > 0)) continue;
        let canton = assigner.index.findArea(cell.lngLat);
        if (canton < 0) {
          // a border cell whose centre misses the simplified canton polygons: the nearest commune's canton
          const near = centroidIndex.nearest(cell.lngLat, 1)[0];
          if (!near) continue;
          const parts = pieces.get(placed[near.index].code)!;
          canton = parts.reduce((best, p) => (p.population > best.population ? p : best), parts[0]).canton;
          method.cellsAssignedByNearestCommune++;
        }
        const d = distanceTo(cell.lngLat);
        addAccess(figures[canton], cell.population, d);
        addAccess(total, cell.population, d);
      }
    } else {
      for (const commune of input.communes) {
        const d = distanceTo(commune.centroid);
        for (const part of pieces.get(commune.code) ?? []) {
          if (part.population <= 0) continue;
          addAccess(figures[part.canton], part.population, d);
          addAccess(total, part.population, d);
        }
      }
    }
  }

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

/** Both steps at once. */
export function computeCoverage(input: CoverageInput, rule: CoverageRule): CoverageTable {
  return applyCoverageRule(prepareCoverage(input), rule);
}
