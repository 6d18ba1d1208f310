import { createAreaIndex, type AreaIndex } from '../index/area-index.ts';
import { fixedSitesForDistance } from './access-demand.ts';
import { demandDriveMinutes } from './drive-time-access.ts';
import type { CoverageBase } from './coverage-base.ts';
import { assembleCoverageBase, prepareCoverageSteps, type PreparedCoverage } from './coverage-steps.ts';
import type { CoverageInput, FranceServicesSite, Position } from './coverage-types.ts';
import { createNearestSiteUpdates } from './nearest-site-updates.ts';
import { placeSites } from './place-sites.ts';
import type { ScenarioOperation, ScenarioSite } from './scenario-types.ts';

/** A scenario operation that cannot be applied: says which operation and why (in French, for the user). */
export class ScenarioError extends Error {
  constructor(
    readonly operation: number,
    reason: string,
  ) {
    super(`opération ${operation + 1} : ${reason}`);
    this.name = 'ScenarioError';
  }
}

/** The result of applying a scenario: the figures, and what each operation did. */
export interface ScenarioResult {
  base: CoverageBase;
  sites: ScenarioSite[];
}

/**
 * Prepares the table once, then applies scenarios fast: only the demand points whose
 * nearest fixed France Services changes are measured again (an added site: the points
 * now closer to it, found through a box query on a point index; a closed site: the points whose
 * nearest it was). `apply(ops).base` equals `prepareCoverage(modifiedInput(ops))`.
 */
export interface CoverageScenarioEngine {
  /** The figures without any scenario. */
  readonly before: CoverageBase;
  /** The France-Services-independent steps, computed once (shared with the placement planner). */
  readonly prepared: PreparedCoverage;
  apply(operations: readonly ScenarioOperation[]): ScenarioResult;
  /** The input as a full rebuild would read it with the scenario applied (hypothetical sites appended, in order). */
  modifiedInput(operations: readonly ScenarioOperation[]): CoverageInput;
}

export const HYPOTHETICAL_ID_PREFIX = 'hypothetique-';

function checkPoint(p: unknown, i: number): Position {
  const ok = Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
  if (!ok) throw new ScenarioError(i, `position invalide ${JSON.stringify(p)} (attendu [longitude, latitude] en degrés)`);
  return [p[0], p[1]];
}

/** The France Services list with the operations applied, and what each did (canton codes filled later). */
function resolveOperations(
  input: CoverageInput,
  operations: readonly ScenarioOperation[],
  communeAt: (p: Position) => string | null,
): { franceServices: FranceServicesSite[]; sites: ScenarioSite[] } {
  const list: (FranceServicesSite | null)[] = [...input.franceServices];
  const position = new Map(input.franceServices.map((s, i) => [s.id, i]));
  const touched = new Set<string>();
  const added: FranceServicesSite[] = [];
  const sites: ScenarioSite[] = operations.map((op, i): ScenarioSite => {
    if (op.action === 'add') {
      const lngLat = checkPoint(op.lngLat, i);
      const communeCode = op.communeCode !== undefined ? op.communeCode : communeAt(lngLat);
      const site: FranceServicesSite = { id: `${HYPOTHETICAL_ID_PREFIX}${added.length + 1}`, lngLat, communeCode, kind: 'fixed' };
      added.push(site);
      return {
        operation: i,
        action: 'add',
        id: site.id,
        name: op.name,
        lngLat,
        communeCode,
        cantonCode: null,
        kind: 'fixed',
        hypothetical: true,
      };
    }
    const at = position.get(op.id);
    if (at === undefined) throw new ScenarioError(i, `aucune France Services du département n'a l'identifiant « ${op.id} »`);
    if (touched.has(op.id)) throw new ScenarioError(i, `la France Services « ${op.id} » est déjà déplacée ou fermée par ce scénario`);
    touched.add(op.id);
    const old = list[at]!;
    if (op.action === 'close') {
      list[at] = null;
      return {
        operation: i,
        action: 'close',
        id: op.id,
        name: null,
        lngLat: null,
        communeCode: null,
        cantonCode: null,
        kind: old.kind,
        hypothetical: false,
      };
    }
    const lngLat = checkPoint(op.lngLat, i);
    const communeCode = communeAt(lngLat);
    list[at] = { ...old, lngLat, communeCode };
    return {
      operation: i,
      action: 'move',
      id: op.id,
      name: null,
      lngLat,
      communeCode,
      cantonCode: null,
      kind: old.kind,
      hypothetical: true,
    };
  });
  return { franceServices: [...list.filter((s): s is FranceServicesSite => s !== null), ...added], sites };
}

/** The commune whose polygon holds a point (first by input order), through an index built on first use. */
function communeLocator(input: CoverageInput): (p: Position) => string | null {
  const communes = input.communes.filter((c) => c.geometry);
  let index: AreaIndex | null = null;
  return (p) => {
    index ??= createAreaIndex(communes.map((c) => ({ type: 'Feature' as const, properties: {}, geometry: c.geometry! })));
    const at = index.findArea(p);
    return at >= 0 ? communes[at].code : null;
  };
}

/** Builds the engine: the costly steps run once here (see {@link CoverageScenarioEngine}). The input is not modified. */
export function createCoverageScenarioEngine(input: CoverageInput): CoverageScenarioEngine {
  const prepared: PreparedCoverage = prepareCoverageSteps(input);
  const cantonCount = input.cantons.length;
  const baseSites = fixedSitesForDistance(input.franceServices, input.nearbyFranceServices);
  // the département's fixed sites come first in baseSites: their ids, for close and move
  const baseSiteOf = new Map(input.franceServices.filter((s) => s.kind === 'fixed').map((s, i) => [s.id, i]));
  const nearest = createNearestSiteUpdates(
    prepared.demand.points,
    baseSites.map((s) => s.lngLat),
  );
  const communeAt = communeLocator(input);
  const hasFixed = (franceServices: readonly FranceServicesSite[]) =>
    franceServices.some((s) => s.kind === 'fixed') || input.nearbyFranceServices.some((s) => s.kind === 'fixed');
  // drive minutes on the road graph when the input has one: one multi-source run per network (before, each scenario)
  const drivenFrom = (franceServices: readonly FranceServicesSite[]) =>
    prepared.drive
      ? demandDriveMinutes(
          prepared.drive,
          fixedSitesForDistance(franceServices, input.nearbyFranceServices).map((s) => s.lngLat),
        )
      : null;
  const before = assembleCoverageBase(
    prepared,
    input.franceServices,
    placeSites('france-services', input.franceServices, prepared.assigner, cantonCount),
    hasFixed(input.franceServices) ? nearest.baseDistanceKm : null,
    drivenFrom(input.franceServices),
  );

  return {
    before,
    prepared,
    modifiedInput(operations) {
      return { ...input, franceServices: resolveOperations(input, operations, communeAt).franceServices };
    },
    apply(operations) {
      const { franceServices, sites } = resolveOperations(input, operations, communeAt);
      const placement = placeSites('france-services', franceServices, prepared.assigner, cantonCount);
      const cantonOfId = new Map(franceServices.map((s, i) => [s.id, placement.cantonOf[i]]));
      const beforeOf = new Map(input.franceServices.map((s) => [s.id, prepared.assigner.assign(s.lngLat, s.communeCode).canton]));
      for (const s of sites) {
        const c = s.action === 'close' ? beforeOf.get(s.id)! : cantonOfId.get(s.id)!;
        s.cantonCode = c >= 0 ? input.cantons[c].properties.code : null;
      }
      const fixedChanges = sites.filter((s) => s.kind === 'fixed');
      const distances = nearest.after(
        fixedChanges.filter((s) => s.action !== 'add').map((s) => baseSiteOf.get(s.id)!),
        fixedChanges.filter((s) => s.action !== 'close').map((s) => s.lngLat!),
      );
      return {
        base: assembleCoverageBase(
          prepared,
          franceServices,
          placement,
          hasFixed(franceServices) ? distances : null,
          drivenFrom(franceServices),
        ),
        sites,
      };
    },
  };
}
