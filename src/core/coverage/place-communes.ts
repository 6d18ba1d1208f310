import type { AreaIndex } from '../index/area-index.ts';
import type { GridCellIndex } from './apportion-by-grid.ts';
import { emptyFigures } from './canton-figures.ts';
import type { CantonFigures } from './coverage-base.ts';
import type { CoverageCommune, CoverageInput, CoverageMethod } from './coverage-types.ts';
import { apportionSplitCommune, type CommunePart } from './split-commune.ts';

/** The communes step: who lives in which canton, independent of any site. */
export interface CommunePlacement {
  /** Per canton (input order): communes, population, rural population, territories and QPV filled; every other count at 0. */
  figures: CantonFigures[];
  total: CantonFigures;
  /** The parts of each placed commune (a commune missing here lies in no canton). */
  pieces: Map<string, CommunePart[]>;
  splitCommunes: CoverageMethod['splitCommunes'];
}

/** Priority territories of each EPCI and of each commune listed by code. */
function territoryLookup(input: CoverageInput): (commune: CoverageCommune) => string[] {
  const ofEpci = new Map<string, string[]>();
  const ofCommune = new Map<string, string[]>();
  for (const t of input.priorityTerritories) {
    for (const e of t.epci) ofEpci.set(e, [...(ofEpci.get(e) ?? []), t.id]);
    for (const c of t.communes) ofCommune.set(c, [...(ofCommune.get(c) ?? []), t.id]);
  }
  return (commune) => [
    ...new Set([...(commune.epciCode ? (ofEpci.get(commune.epciCode) ?? []) : []), ...(ofCommune.get(commune.code) ?? [])]),
  ];
}

/** Adds one part of a commune to a canton's (or the total's) population figures. */
function addPart(f: CantonFigures, commune: CoverageCommune, population: number, territories: readonly string[]): void {
  f.population += population;
  if (commune.rural) f.ruralPopulation += population;
  for (const t of territories) f.territoryPopulation.set(t, (f.territoryPopulation.get(t) ?? 0) + population);
}

/**
 * Places every commune in its canton: the COG canton when it lies wholly in one; a split
 * commune apportioned by the population grid (else by area, see apportionSplitCommune);
 * a commune with neither, in the canton containing its centroid. Fills communes,
 * population, rural population, priority-territory population and QPV per canton.
 */
export function placeCommunes(input: CoverageInput, cantonIndex: AreaIndex, grid: GridCellIndex | null): CommunePlacement {
  const { cantons } = input;
  const figures = cantons.map((c) => emptyFigures(c.properties.code, c.properties.name, input));
  const total = emptyFigures('', `Total ${input.departement.name}`, input);
  const byCode = new Map(cantons.map((c, i) => [c.properties.code, i]));
  const territoriesOf = territoryLookup(input);
  const pieces = new Map<string, CommunePart[]>();
  const splitCommunes: CoverageMethod['splitCommunes'] = [];
  for (const commune of input.communes) {
    let parts: CommunePart[] = [];
    const cog = commune.cantonCode ? byCode.get(commune.cantonCode) : undefined;
    if (cog !== undefined) parts = [{ canton: cog, population: commune.population }];
    else {
      const split = apportionSplitCommune(commune, cantons, cantonIndex, grid);
      if (split) {
        parts = split.parts;
        splitCommunes.push(split.method);
      } else {
        const at = cantonIndex.findArea(commune.centroid);
        if (at >= 0) parts = [{ canton: at, population: commune.population }];
      }
    }
    if (parts.length === 0) continue;
    pieces.set(commune.code, parts);
    total.communes++;
    const territories = territoriesOf(commune);
    for (const code of commune.qpvCodes) total.qpv.add(code);
    if (commune.qpvCodes.length) total.qpvCommunes++;
    for (const part of parts) {
      const f = figures[part.canton];
      f.communes++;
      if (parts.length > 1) f.splitCommunes.push(commune.name);
      addPart(f, commune, part.population, territories);
      addPart(total, commune, part.population, territories);
      for (const q of commune.qpvCodes) f.qpv.add(q);
      if (commune.qpvCodes.length) f.qpvCommunes++;
    }
  }
  return { figures, total, pieces, splitCommunes };
}
