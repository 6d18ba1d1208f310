import { createAreaIndex } from '../index/area-index.ts';
import { fixedSitesForDistance } from '../coverage/access-demand.ts';
import { applyCoverageRule } from '../coverage/apply-coverage-rule.ts';
import type { CoverageBase } from '../coverage/coverage-base.ts';
import type { PreparedCoverage } from '../coverage/coverage-steps.ts';
import type { CoverageRule, Position } from '../coverage/coverage-types.ts';
import type { ScenarioOperation } from '../coverage/scenario-types.ts';
import type { RoadNetworkInfo } from '../roads/road-network-info.ts';
import { coverageWithinKm, type CandidateCoverage } from './candidate-coverage.ts';
import { coverageWithinMinutes } from './candidate-drive-coverage.ts';
import { objectiveValue, rankSelection, type PlacementObjective } from './maximize-coverage.ts';
import { multiStartGreedy } from './multi-start-greedy.ts';

export type PlacementGoal = 'access' | 'gaps';
export const PLACEMENT_GOALS: readonly PlacementGoal[] = ['access', 'gaps'];
export const MAX_SUGGESTIONS = 20;
export const DEFAULT_MAX_KM = 10;
/** The national commitment: a France Services within about 30 minutes. */
export const DEFAULT_MAX_MINUTES = 30;
export const MAX_MINUTES_LIMIT = 120;
/** How "near" is measured: `drive` on the bundle's road graph, `straight` in km; `auto`: drive when a graph is loaded. */
export type PlacementAccess = 'auto' | 'drive' | 'straight';
export const PLACEMENT_ACCESS: readonly PlacementAccess[] = ['auto', 'drive', 'straight'];

export interface SuggestOptions {
  /** How many new France Services to place, 1–20. */
  count: number;
  /** `access`: most people newly within `maxKm`; `gaps`: close the rule's canton gaps first, then the same. */
  objective: PlacementGoal;
  /** Coverage distance in km (great circle), default 10; used when access is straight. */
  maxKm?: number;
  /** `auto` (default): drive time when the session has a road graph, else straight line; `drive` without a graph is an error. */
  access?: PlacementAccess;
  /** Coverage time in minutes by road, default 30 (1–120); used when access is drive. */
  maxMinutes?: number;
  /** The rule whose gaps the `gaps` objective closes (required for it). */
  rule?: CoverageRule;
  /** People living in an SDAASP priority territory count this many times in the objective (whole number 1–10, default 1). */
  priorityWeight?: number;
}

/** A candidate site: the label point of a commune of the département. */
export interface PlacementCandidate {
  communeCode: string;
  name: string;
  lngLat: Position;
  /** Canton index (input order) a site there would count in, -1 when none. */
  canton: number;
  cantonCode: string | null;
}

/** One suggested site, ranked; field names are the CLI's output columns. */
export interface Suggestion {
  rank: number;
  commune_code: string;
  name: string;
  lon: number;
  lat: number;
  canton_code: string | null;
  /** People newly within `maxKm` (or `maxMinutes` by road) of a fixed France Services that this site adds, given the ones ranked before it. */
  gain_population: number;
  /** `gaps` objective: whether this site closes one unit of its canton's gap (given the ones before it); null otherwise. */
  closes_gap: boolean | null;
}

export interface SuggestionResult {
  objective: PlacementGoal;
  /** How "within" was measured: `drive` (minutes on the road graph) or `straight` (km, great circle). */
  access: 'drive' | 'straight';
  maxKm: number;
  /** The time limit by road (drive), null for straight. */
  maxMinutes: number | null;
  /** The road file the times were measured on (drive), null for straight. */
  network: RoadNetworkInfo | null;
  priorityWeight: number;
  suggestions: Suggestion[];
  /** People (grid weights) within `maxKm` (or `maxMinutes` by road) of a fixed France Services, before and with the suggestions. */
  populationWithinBefore: number;
  populationWithinAfter: number;
  /** `gaps`: the rule's total gap before and with the suggestions; null for `access`. */
  gapBefore: number | null;
  gapAfter: number | null;
  /** The objective's value of the suggested set (weighted people, plus the gap bonus for `gaps`). */
  objectiveValue: number;
}

export interface PlacementPlanner {
  readonly candidates: readonly PlacementCandidate[];
  /** The objective the options describe (for the proofs and the benchmark). */
  objectiveFor(options: SuggestOptions): PlacementObjective;
  suggest(options: SuggestOptions): SuggestionResult;
}

type CheckedOptions = Required<Omit<SuggestOptions, 'rule' | 'access'>> & { rule?: CoverageRule; access: 'drive' | 'straight' };

function checkOptions(o: SuggestOptions, candidates: number, hasRoads: boolean): CheckedOptions {
  const maxKm = o.maxKm ?? DEFAULT_MAX_KM;
  const maxMinutes = o.maxMinutes ?? DEFAULT_MAX_MINUTES;
  const priorityWeight = o.priorityWeight ?? 1;
  const asked = o.access ?? 'auto';
  if (!Number.isInteger(o.count) || o.count < 1 || o.count > Math.min(MAX_SUGGESTIONS, candidates))
    throw new RangeError(`le nombre de sites doit être un entier de 1 à ${Math.min(MAX_SUGGESTIONS, candidates)}, reçu ${o.count}`);
  if (!PLACEMENT_GOALS.includes(o.objective)) throw new RangeError(`objectif inconnu « ${o.objective} » : access ou gaps`);
  if (!PLACEMENT_ACCESS.includes(asked)) throw new RangeError(`mesure inconnue « ${asked} » : auto, drive ou straight`);
  if (asked === 'drive' && !hasRoads)
    throw new RangeError('aucun réseau routier chargé : construisez-le (npm run -s cli -- roads --file FICHIER) ou mesurez à vol d’oiseau');
  if (!(maxKm > 0 && maxKm <= 100)) throw new RangeError(`la distance doit être comprise entre 0 et 100 km, reçu ${maxKm}`);
  if (!(maxMinutes > 0 && maxMinutes <= MAX_MINUTES_LIMIT))
    throw new RangeError(`le temps doit être compris entre 0 et ${MAX_MINUTES_LIMIT} minutes, reçu ${maxMinutes}`);
  if (!Number.isInteger(priorityWeight) || priorityWeight < 1 || priorityWeight > 10)
    throw new RangeError(`le poids des territoires prioritaires doit être un entier de 1 à 10, reçu ${priorityWeight}`);
  if (o.objective === 'gaps' && !o.rule) throw new RangeError("l'objectif gaps demande la règle dont il faut combler les écarts");
  const access = asked === 'straight' || !hasRoads ? 'straight' : 'drive';
  return { ...o, maxKm, maxMinutes, priorityWeight, access };
}

/**
 * Where to open N new France Services: candidates are the label points of the
 * département's communes (`centroid` of the bundle: the polygon's centroid when it lies
 * inside, else a point on its surface), existing fixed sites and those across the
 * border stay open and count as coverage; demand is the access columns' (populated grid
 * cells, or commune centroids without a grid); "within" is `maxMinutes` by road when the
 * session has a road graph (options.access `auto` or `drive`), else `maxKm` in a straight line. Greedy with lazy gains from every first
 * site, then vertex substitution on the best runs (multiStartGreedy); see docs/planning.md.
 */
export function createPlacementPlanner(prepared: PreparedCoverage, before: CoverageBase): PlacementPlanner {
  const { input, demand, assigner } = prepared;
  const candidates: PlacementCandidate[] = input.communes
    .filter((c) => prepared.communes.pieces.has(c.code))
    .map((c) => {
      const canton = assigner.assign(c.centroid, c.code).canton;
      return {
        communeCode: c.code,
        name: c.name,
        lngLat: c.centroid,
        canton,
        cantonCode: canton >= 0 ? input.cantons[canton].properties.code : null,
      };
    });
  const people = new Float64Array(demand.points.length);
  demand.entryPoint.forEach((p, e) => {
    people[p] += demand.entryWeight[e];
  });
  const existing = fixedSitesForDistance(input.franceServices, input.nearbyFranceServices).map((s) => s.lngLat);
  const coverageCache = new Map<string, CandidateCoverage>();
  const positions = candidates.map((k) => k.lngLat);
  const coverageFor = (o: CheckedOptions) => {
    const key = o.access === 'drive' ? `${o.maxMinutes} min` : `${o.maxKm} km`;
    let c = coverageCache.get(key);
    if (!c) {
      c =
        o.access === 'drive'
          ? coverageWithinMinutes(prepared.drive!, positions, existing, o.maxMinutes)
          : coverageWithinKm(demand.points, positions, existing, o.maxKm);
      coverageCache.set(key, c);
    }
    return c;
  };
  const check = (options: SuggestOptions) => checkOptions(options, candidates.length, prepared.drive !== null);
  let inPriority: Uint8Array | null = null;
  const priorityCells = () => (inPriority ??= priorityTerritoryCells(prepared));

  function objectiveFor(options: SuggestOptions): PlacementObjective {
    const o = check(options);
    const coverage = coverageFor(o);
    const weight = o.priorityWeight > 1 ? people.map((p, i) => (priorityCells()[i] ? p * o.priorityWeight : p)) : people;
    if (o.objective === 'access') return { coverage, weight, group: null, capacity: null, groupBonus: 0 };
    const gapOf = new Map(applyCoverageRule(before, o.rule!).rows.map((r) => [r.cantonCode, r.gap]));
    return {
      coverage,
      weight,
      group: Int32Array.from(candidates, (k) => k.canton),
      capacity: Int32Array.from(input.cantons, (c) => gapOf.get(c.properties.code) ?? 0),
      groupBonus: weight.reduce((s, w) => s + w, 0) + 1,
    };
  }

  return {
    candidates,
    objectiveFor,
    suggest: (options) => suggestWith(check(options), objectiveFor, candidates, people, prepared.drive?.network ?? null),
  };
}

/** Runs the optimiser for checked options and turns the chosen set into ranked suggestions with their gains. */
function suggestWith(
  o: CheckedOptions,
  objectiveFor: (options: SuggestOptions) => PlacementObjective,
  candidates: readonly PlacementCandidate[],
  people: Float64Array,
  network: RoadNetworkInfo | null,
): SuggestionResult {
  const objective = objectiveFor(o);
  const ranked = rankSelection(objective, multiStartGreedy(objective, o.count)).map((r) => r.candidate);
  const peopleGains = gainsInOrder(objective.coverage, people, ranked);
  const remaining = objective.capacity ? Int32Array.from(objective.capacity) : null;
  const populationWithinBefore = people.reduce((s, p, i) => s + (objective.coverage.coveredBefore[i] ? p : 0), 0);
  const suggestions = ranked.map((k, i): Suggestion => {
    const c = candidates[k];
    let closes: boolean | null = null;
    if (remaining) {
      closes = c.canton >= 0 && remaining[c.canton] > 0;
      if (closes) remaining[c.canton]--;
    }
    return {
      rank: i + 1,
      commune_code: c.communeCode,
      name: c.name,
      lon: c.lngLat[0],
      lat: c.lngLat[1],
      canton_code: c.cantonCode,
      gain_population: Math.round(peopleGains[i]),
      closes_gap: closes,
    };
  });
  const gapBefore = objective.capacity ? objective.capacity.reduce((s, g) => s + g, 0) : null;
  return {
    objective: o.objective,
    access: o.access,
    maxKm: o.maxKm,
    maxMinutes: o.access === 'drive' ? o.maxMinutes : null,
    network: o.access === 'drive' ? network : null,
    priorityWeight: o.priorityWeight,
    suggestions,
    populationWithinBefore: Math.round(populationWithinBefore),
    populationWithinAfter: Math.round(populationWithinBefore + peopleGains.reduce((s, g) => s + g, 0)),
    gapBefore,
    gapAfter: gapBefore === null ? null : gapBefore - suggestions.filter((s) => s.closes_gap).length,
    objectiveValue: objectiveValue(objective, ranked),
  };
}

/** People newly covered by each candidate of `ranked`, given the existing sites and the ones before it. */
function gainsInOrder(coverage: CandidateCoverage, people: Float64Array, ranked: readonly number[]): number[] {
  const covered = Uint8Array.from(coverage.coveredBefore);
  return ranked.map((k) => {
    let g = 0;
    for (let p = coverage.offsets[k]; p < coverage.offsets[k + 1]; p++) {
      const c = coverage.cells[p];
      if (!covered[c]) {
        covered[c] = 1;
        g += people[c];
      }
    }
    return g;
  });
}

/** Demand points lying in a commune of an SDAASP priority territory (by EPCI or by commune list), found through the commune polygons. */
function priorityTerritoryCells(prepared: PreparedCoverage): Uint8Array {
  const { input, demand } = prepared;
  const epci = new Set(input.priorityTerritories.flatMap((t) => t.epci));
  const listed = new Set(input.priorityTerritories.flatMap((t) => t.communes));
  const communes = input.communes.filter((c) => c.geometry);
  const index = createAreaIndex(communes.map((c) => ({ type: 'Feature' as const, properties: {}, geometry: c.geometry! })));
  return Uint8Array.from(demand.points, (p) => {
    const at = index.findArea(p);
    if (at < 0) return 0;
    const c = communes[at];
    return listed.has(c.code) || (c.epciCode !== null && epci.has(c.epciCode)) ? 1 : 0;
  });
}

/** Suggestions as scenario operations (hypothetical sites at the communes' label points), to add to a scenario in one click. */
export function suggestionsToOperations(suggestions: readonly Suggestion[]): ScenarioOperation[] {
  return suggestions.map((s) => ({
    action: 'add',
    lngLat: [s.lon, s.lat],
    name: `Suggestion ${s.rank} : ${s.name}`,
    communeCode: s.commune_code,
  }));
}
