import { distanceKm } from '../geo/distance-km.ts';

/**
 * What changed in a network between two builds of a département's bundle (`data --update`): sites
 * added, closed, moved (further than a threshold) or renamed, grouped by canton, and the cantons
 * whose coverage status (meets the rule / gap) changed. Pure: the inputs are read, never changed.
 */

/** One site as a bundle holds it: its stable id (the source's), name, position and counting canton. */
export interface SiteSnapshot {
  id: string;
  name: string;
  lngLat: readonly [number, number];
  /** The canton the coverage table counts the site in (COG first); null: outside every canton. */
  cantonCode: string | null;
  communeName: string | null;
}

/** One canton's coverage status in a bundle. */
export interface CantonSnapshot {
  code: string;
  name: string;
  status: 'met' | 'gap';
  franceServices: number;
  target: number;
}

/** The state of the network in one bundle. */
export interface NetworkSnapshot {
  /** When the bundle was built (ISO), null when unknown. */
  builtAt: string | null;
  sites: readonly SiteSnapshot[];
  cantons: readonly CantonSnapshot[];
}

/** A site named in a change list (the new state, and the former one where it differs). */
export interface ChangedSite {
  id: string;
  name: string;
  communeName: string | null;
  lngLat: [number, number];
  /** Renamed: the former name. */
  previousName?: string;
  /** Moved: the distance between the two positions, metres (rounded). */
  movedM?: number;
  /** Moved: the former position. */
  previousLngLat?: [number, number];
  /** Moved into this canton from another: the former canton. */
  previousCantonCode?: string | null;
}

/** A canton's status before and after. */
export interface StatusChange {
  before: 'met' | 'gap' | null;
  after: 'met' | 'gap' | null;
  franceServicesBefore: number | null;
  franceServicesAfter: number | null;
  target: number | null;
}

/** Everything that changed in one canton (`cantonCode` null: sites outside every canton). */
export interface CantonChanges {
  cantonCode: string | null;
  cantonName: string | null;
  added: ChangedSite[];
  closed: ChangedSite[];
  moved: ChangedSite[];
  renamed: ChangedSite[];
  /** Set when the canton's status (meets the rule / gap) is not the same. */
  status: StatusChange | null;
}

export interface NetworkChanges {
  previousBuiltAt: string | null;
  builtAt: string | null;
  /** A site counts as moved beyond this distance (metres). */
  movedThresholdM: number;
  totals: { added: number; closed: number; moved: number; renamed: number; statusChanged: number };
  /** Cantons with at least one change, ordered by code (sites outside every canton last). */
  cantons: CantonChanges[];
}

/** A snapshot the diff cannot read without guessing (two sites with one id). */
export class NetworkChangesError extends Error {}

export const DEFAULT_MOVED_THRESHOLD_M = 100;

/** Names compared after trimming and collapsing spaces: a change of spacing alone is not a renaming. */
function sameName(a: string, b: string): boolean {
  const clean = (s: string) => s.trim().replace(/\s+/g, ' ');
  return clean(a) === clean(b);
}

function byId(sites: readonly SiteSnapshot[], which: string): Map<string, SiteSnapshot> {
  const map = new Map<string, SiteSnapshot>();
  for (const s of sites) {
    if (map.has(s.id)) throw new NetworkChangesError(`deux sites portent l’identifiant « ${s.id} » dans le bundle ${which}`);
    map.set(s.id, s);
  }
  return map;
}

function describe(site: SiteSnapshot): ChangedSite {
  return { id: site.id, name: site.name, communeName: site.communeName, lngLat: [site.lngLat[0], site.lngLat[1]] };
}

/** Compares the network of two bundles (previous, next); see the file comment. */
export function diffNetworks(
  previous: NetworkSnapshot,
  next: NetworkSnapshot,
  movedThresholdM = DEFAULT_MOVED_THRESHOLD_M,
): NetworkChanges {
  const before = byId(previous.sites, 'précédent');
  const after = byId(next.sites, 'nouveau');
  const cantonNames = new Map<string, string>();
  for (const c of [...previous.cantons, ...next.cantons]) cantonNames.set(c.code, c.name);
  const groups = new Map<string | null, CantonChanges>();
  const group = (code: string | null): CantonChanges => {
    let g = groups.get(code);
    if (!g) {
      g = {
        cantonCode: code,
        cantonName: code === null ? null : (cantonNames.get(code) ?? null),
        added: [],
        closed: [],
        moved: [],
        renamed: [],
        status: null,
      };
      groups.set(code, g);
    }
    return g;
  };
  for (const [id, site] of after) {
    const old = before.get(id);
    if (!old) {
      group(site.cantonCode).added.push(describe(site));
      continue;
    }
    const movedM = distanceKm(old.lngLat, site.lngLat) * 1000;
    if (movedM > movedThresholdM) {
      group(site.cantonCode).moved.push({
        ...describe(site),
        movedM: Math.round(movedM),
        previousLngLat: [old.lngLat[0], old.lngLat[1]],
        ...(old.cantonCode !== site.cantonCode ? { previousCantonCode: old.cantonCode } : {}),
      });
    }
    if (!sameName(old.name, site.name)) group(site.cantonCode).renamed.push({ ...describe(site), previousName: old.name });
  }
  for (const [id, site] of before) if (!after.has(id)) group(site.cantonCode).closed.push(describe(site));
  const statusBefore = new Map(previous.cantons.map((c) => [c.code, c]));
  const statusAfter = new Map(next.cantons.map((c) => [c.code, c]));
  for (const code of new Set([...statusBefore.keys(), ...statusAfter.keys()])) {
    const b = statusBefore.get(code);
    const a = statusAfter.get(code);
    if (b?.status === a?.status) continue;
    group(code).status = {
      before: b?.status ?? null,
      after: a?.status ?? null,
      franceServicesBefore: b?.franceServices ?? null,
      franceServicesAfter: a?.franceServices ?? null,
      target: a?.target ?? b?.target ?? null,
    };
  }
  const cantons = [...groups.values()].sort((x, y) =>
    x.cantonCode === y.cantonCode ? 0 : x.cantonCode === null ? 1 : y.cantonCode === null ? -1 : x.cantonCode < y.cantonCode ? -1 : 1,
  );
  for (const c of cantons)
    for (const list of [c.added, c.closed, c.moved, c.renamed]) list.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const sum = (pick: (c: CantonChanges) => number) => cantons.reduce((n, c) => n + pick(c), 0);
  return {
    previousBuiltAt: previous.builtAt,
    builtAt: next.builtAt,
    movedThresholdM,
    totals: {
      added: sum((c) => c.added.length),
      closed: sum((c) => c.closed.length),
      moved: sum((c) => c.moved.length),
      renamed: sum((c) => c.renamed.length),
      statusChanged: sum((c) => (c.status ? 1 : 0)),
    },
    cantons,
  };
}
