import type { Position } from '../coverage/coverage-types.ts';
import { distanceKm } from '../geo/distance-km.ts';
import { createPointIndex } from '../index/point-index.ts';
import { normalizeText } from '../text/normalize-text.ts';

/** A France Services as a list states it: its ANCT id, name and position. */
export interface SnapshotSite {
  id: string;
  name: string;
  lngLat: Position;
  communeCode: string | null;
}

/**
 * How an older site appears in the newer list:
 * - `kept`: same id, within `movedKm`, same name (see {@link sameSiteName});
 * - `moved`: same id, further than `movedKm`; `renamed`: same id, another name; `moved-renamed`: both;
 * - `missing`: its id is not in the newer list (closed, or relabelled under a new id): `candidate`
 *   is then the nearest newer site within `searchKm`, if any, to tell the two apart by eye.
 */
export type SnapshotStatus = 'kept' | 'moved' | 'renamed' | 'moved-renamed' | 'missing';

export interface SnapshotMatch {
  id: string;
  name: string;
  status: SnapshotStatus;
  /** The newer site with the same id (null when missing). */
  newer: { id: string; name: string; distanceKm: number } | null;
  /** For a missing site: the nearest newer site within `searchKm`, and whether its name matches. */
  candidate: { id: string; name: string; distanceKm: number; sameName: boolean } | null;
}

export interface SnapshotComparison {
  thresholds: { movedKm: number; searchKm: number };
  older: number;
  newer: number;
  counts: Record<SnapshotStatus, number>;
  /** One entry per older site, in the older list's order. */
  sites: SnapshotMatch[];
}

/** Words that say what a site is, not which one: dropped before comparing names. */
const GENERIC_WORDS = new Set([
  'france',
  'services',
  'service',
  'espace',
  'maison',
  'de',
  'des',
  'du',
  'd',
  'la',
  'le',
  'les',
  'l',
  'et',
  'en',
  'a',
  'au',
  'aux',
]);

const tokens = (name: string) =>
  normalizeText(name)
    .split(' ')
    .filter((w) => w && !GENERIC_WORDS.has(w));

/**
 * Whether two names designate the same site: after folding case and accents and dropping
 * generic words ("France services", "maison", articles), every word of the shorter name
 * appears in the longer one. "Anor" and "France services La Poste d'Anor" match;
 * "Maison Service public +" and "France services de Béthune" do not. A name made only of
 * generic words matches any name (nothing to tell them apart).
 */
export function sameSiteName(a: string, b: string): boolean {
  const [short, long] = [tokens(a), tokens(b)].sort((x, y) => x.length - y.length);
  const words = new Set(long);
  return short.every((w) => words.has(w));
}

/**
 * Compares an older France Services list with a newer one, by id first (the ANCT id is
 * stable: the October 2020 snapshot's `MATRICULE` is the 2024 list's `id_fs`), then by
 * distance and name. Thresholds: a site with the same id further than `movedKm` (default
 * 0.25 km: geocoding of the same address differs by tens of metres) has moved; for an id
 * no longer listed, the nearest newer site within `searchKm` (default 1 km) is given as a
 * candidate. Positions are indexed once. Inputs are not modified.
 */
export function compareSnapshots(
  older: readonly SnapshotSite[],
  newer: readonly SnapshotSite[],
  options: { movedKm?: number; searchKm?: number } = {},
): SnapshotComparison {
  const movedKm = options.movedKm ?? 0.25;
  const searchKm = options.searchKm ?? 1;
  const byId = new Map(newer.map((s) => [s.id, s]));
  const index = createPointIndex(newer.map((s) => s.lngLat));
  const counts: Record<SnapshotStatus, number> = { kept: 0, moved: 0, renamed: 0, 'moved-renamed': 0, missing: 0 };
  const sites = older.map((o): SnapshotMatch => {
    const n = byId.get(o.id);
    if (n) {
      const d = distanceKm(o.lngLat, n.lngLat);
      const moved = d > movedKm;
      const renamed = !sameSiteName(o.name, n.name);
      const status: SnapshotStatus = moved && renamed ? 'moved-renamed' : moved ? 'moved' : renamed ? 'renamed' : 'kept';
      counts[status]++;
      return { id: o.id, name: o.name, status, newer: { id: n.id, name: n.name, distanceKm: d }, candidate: null };
    }
    counts.missing++;
    const near = index.nearest(o.lngLat, 1, { maxDistanceKm: searchKm })[0];
    const c = near ? newer[near.index] : null;
    return {
      id: o.id,
      name: o.name,
      status: 'missing',
      newer: null,
      candidate: c ? { id: c.id, name: c.name, distanceKm: near.distanceKm, sameName: sameSiteName(o.name, c.name) } : null,
    };
  });
  return { thresholds: { movedKm, searchKm }, older: older.length, newer: newer.length, counts, sites };
}
