import type { CantonChanges, ChangedSite, NetworkChanges } from '../../core/changes/network-changes.ts';
import { BundleError } from './bundle-error.ts';
import type { BundleSource } from './bundle-source.ts';
import type { BundleChangesEntry, BundleManifestFile } from './bundle-types.ts';

/**
 * `changes.json`: what a `data --update` build changed against the bundle it replaced (written by
 * `src/cli/actions/data-update.action.ts`, named by the manifest's `changes` entry, shown by the
 * app's « Nouveautés » panel). The diff itself is `diffNetworks` (src/core/changes/).
 */

/** One source refreshed from data.gouv.fr, and the resource it was taken from. */
export interface UpdatedSource {
  id: string;
  dataset: string;
  resource_title: string;
  resource_url: string;
  /** The resource's last modification, as the API gives it (ISO). */
  last_modified: string;
  /** `sha1:…`, `sha256:…` or `md5:…` when the API gave one (and the download matched it); null otherwise. */
  checksum: string | null;
  bytes: number;
  rows: number;
  /** Where the build read it, relative to the raw folder. */
  file: string;
}

export interface BundleChangesFile extends NetworkChanges {
  format: 'maillage-changes';
  version: 1;
  departement: string;
  /** The layer whose sites are compared. */
  layer: string;
  sources: UpdatedSource[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isStringOrNull = (v: unknown) => v === null || isString(v);
const STATUS = new Set(['met', 'gap', null]);
const isLngLat = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

function checkSite(s: unknown, at: string, wrong: (field: string, expected: string) => never): void {
  if (!isObject(s)) {
    wrong(at, 'doit être un objet');
    return;
  }
  if (!isString(s.id) || !isString(s.name)) wrong(at, 'doit donner id et name (textes)');
  if (!isStringOrNull(s.communeName)) wrong(`${at}.communeName`, 'doit être un texte ou null');
  if (!isLngLat(s.lngLat)) wrong(`${at}.lngLat`, 'doit être [longitude, latitude]');
  if (s.previousName !== undefined && !isString(s.previousName)) wrong(`${at}.previousName`, 'doit être un texte');
  if (s.movedM !== undefined && !isCount(s.movedM)) wrong(`${at}.movedM`, 'doit être un nombre entier de mètres');
}

function checkCanton(c: unknown, at: string, wrong: (field: string, expected: string) => never): void {
  if (!isObject(c)) {
    wrong(at, 'doit être un objet');
    return;
  }
  if (!isStringOrNull(c.cantonCode) || !isStringOrNull(c.cantonName)) wrong(at, 'doit donner cantonCode et cantonName (textes ou null)');
  for (const k of ['added', 'closed', 'moved', 'renamed'] as const) {
    const list = c[k];
    if (!Array.isArray(list)) wrong(`${at}.${k}`, 'doit être une liste');
    for (const [i, s] of (list as unknown[]).entries()) checkSite(s, `${at}.${k}[${i}]`, wrong);
  }
  const s = c.status;
  if (s !== null) {
    if (!isObject(s) || !STATUS.has(s.before as string) || !STATUS.has(s.after as string)) {
      wrong(`${at}.status`, 'doit être null ou { before, after } (met, gap ou null)');
    }
  }
}

/** Checks a parsed `changes.json` and returns it typed; throws a BundleError naming the first wrong field. */
export function parseBundleChanges(value: unknown, location: string): BundleChangesFile {
  const wrong = (field: string, expected: string): never => {
    throw new BundleError(
      'invalid',
      location,
      `Le rapport de mise à jour ${location} n’a pas le format attendu : champ « ${field} » ${expected}.`,
    );
  };
  if (!isObject(value)) return wrong('(racine)', 'doit être un objet JSON');
  if (value.format !== 'maillage-changes') wrong('format', 'doit valoir "maillage-changes"');
  if (value.version !== 1) wrong('version', 'doit valoir 1');
  if (!isString(value.departement) || !isString(value.layer)) wrong('departement', 'et « layer » doivent être des textes');
  if (!isStringOrNull(value.previousBuiltAt) || !isStringOrNull(value.builtAt)) wrong('previousBuiltAt', 'doit être une date ISO ou null');
  if (!isCount(value.movedThresholdM)) wrong('movedThresholdM', 'doit être un nombre entier de mètres');
  const t = value.totals;
  if (!isObject(t) || !['added', 'closed', 'moved', 'renamed', 'statusChanged'].every((k) => isCount(t[k]))) {
    wrong('totals', 'doit donner added, closed, moved, renamed, statusChanged (entiers)');
  }
  if (!Array.isArray(value.sources) || !value.sources.every((s) => isObject(s) && isString(s.id) && isString(s.last_modified))) {
    wrong('sources', 'doit être une liste de sources { id, last_modified, … }');
  }
  if (!Array.isArray(value.cantons)) return wrong('cantons', 'doit être une liste');
  for (const [i, c] of value.cantons.entries()) checkCanton(c, `cantons[${i}]`, wrong);
  return value as unknown as BundleChangesFile;
}

/**
 * Reads the update report the manifest names: null when the bundle has none (built by a plain
 * `data` run, or the first build). Throws a BundleError when the file is missing or malformed.
 */
export async function readBundleChanges(
  source: BundleSource,
  dept: string,
  manifest: Pick<BundleManifestFile, 'changes'>,
): Promise<BundleChangesFile | null> {
  const entry = manifest.changes;
  if (!entry) return null;
  return parseBundleChanges(await source.readJson(dept, entry.file), source.locate(dept, entry.file));
}

/** Number of changes listed for one canton (sites in several lists count once per list). */
export function cantonChangeCount(c: CantonChanges): number {
  return c.added.length + c.closed.length + c.moved.length + c.renamed.length;
}

export type { BundleChangesEntry, CantonChanges, ChangedSite };
