import KDBush from 'kdbush';
import { distanceKm } from '../geo/distance-km.ts';
import { expandBBoxKm } from '../geo/lng-lat.ts';
import { createAreaIndex, type AreaIndex } from '../index/area-index.ts';
import { createPointIndex } from '../index/point-index.ts';
import { fixedSitesForDistance, nearestDistances } from './access-demand.ts';
import type { CoverageBase } from './coverage-base.ts';
import { assembleCoverageBase, prepareCoverageSteps, type PreparedCoverage } from './coverage-steps.ts';
import type { CoverageInput, FranceServicesSite, Position } from './coverage-types.ts';
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

/** Builds the engine: the costly steps run once here (see {@link CoverageScenarioEngine}). The input is not modified. */
export function createCoverageScenarioEngine(input: CoverageInput): CoverageScenarioEngine {
  const prepared: PreparedCoverage = prepareCoverageSteps(input);
  const cantonCount = input.cantons.length;
  const points = prepared.demand.points;
  const baseSites = fixedSitesForDistance(input.franceServices, input.nearbyFranceServices);
  const baseIndex = createPointIndex(baseSites.map((s) => s.lngLat));
  const baseSiteOf = new Map(
    baseSites.slice(0, baseSites.length - input.nearbyFranceServices.filter((s) => s.kind === 'fixed').length).map((s, i) => [s.id, i]),
  );
  const base = nearestDistances(
    points,
    baseSites.map((s) => s.lngLat),
  );
  const pointTree = new KDBush(Math.max(1, points.length));
  if (points.length === 0) pointTree.add(0, 0);
  for (const p of points) pointTree.add(p[0], p[1]);
  pointTree.finish();
  const communes = input.communes.filter((c) => c.geometry);
  let communeIndex: AreaIndex | null = null;
  const communeAt = (p: Position): string | null => {
    communeIndex ??= createAreaIndex(communes.map((c) => ({ type: 'Feature' as const, properties: {}, geometry: c.geometry! })));
    const at = communeIndex.findArea(p);
    return at >= 0 ? communes[at].code : null;
  };

  const before = assembleCoverageBase(
    prepared,
    input.franceServices,
    placeSites('france-services', input.franceServices, prepared.assigner, cantonCount),
    baseSites.length > 0 ? base.distanceKm : null,
  );

  function distancesAfter(franceServices: readonly FranceServicesSite[], sites: readonly ScenarioSite[]): Float64Array | null {
    const d = base.distanceKm.slice();
    const nearest = base.nearest.slice();
    const open = new Uint8Array(baseSites.length).fill(1);
    const extra: Position[] = [];
    let openCount = baseSites.length;
    const close = (s: number) => {
      open[s] = 0;
      openCount--;
      for (let i = 0; i < points.length; i++) {
        if (nearest[i] !== s) continue;
        const n = openCount > extra.length ? baseIndex.nearest(points[i], 1, { filter: (j) => open[j] === 1 })[0] : undefined;
        d[i] = n ? n.distanceKm : Infinity;
        nearest[i] = n ? n.index : -1;
        extra.forEach((e, k) => {
          const km = distanceKm(points[i], e);
          if (km < d[i]) [d[i], nearest[i]] = [km, baseSites.length + k];
        });
      }
    };
    const add = (p: Position) => {
      const id = baseSites.length + extra.length;
      extra.push(p);
      openCount++;
      let radiusKm = 0;
      for (let i = 0; i < d.length; i++) if (d[i] > radiusKm) radiusKm = d[i];
      // every point that could be closer to the new site lies within the largest current distance of it:
      // a box query on the point index (unsorted, cheaper than a nearest-first walk), then the exact distance
      const box = Number.isFinite(radiusKm) ? expandBBoxKm([p[0], p[1], p[0], p[1]], radiusKm * (1 + 1e-6) + 1e-6) : null;
      const candidates = box ? pointTree.range(box[0], box[1], box[2], box[3]) : points.map((_, i) => i);
      for (const i of candidates) {
        const km = distanceKm(points[i], p);
        if (km < d[i]) [d[i], nearest[i]] = [km, id];
      }
    };
    for (const s of sites) {
      if (s.kind !== 'fixed' || s.action === 'add') continue;
      close(baseSiteOf.get(s.id)!);
      if (s.action === 'move') add(s.lngLat!);
    }
    for (const s of sites) if (s.action === 'add') add(s.lngLat!);
    return franceServices.some((s) => s.kind === 'fixed') || input.nearbyFranceServices.some((s) => s.kind === 'fixed') ? d : null;
  }

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
      return { base: assembleCoverageBase(prepared, franceServices, placement, distancesAfter(franceServices, sites)), sites };
    },
  };
}
