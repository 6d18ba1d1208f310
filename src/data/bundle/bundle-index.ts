import { BundleError } from './bundle-error.ts';

/**
 * `index.json` beside the départements' bundles (`public/data/index.json`): which départements
 * have a built bundle, so that the app can offer them. Written by the CLI after every `data`
 * build (it lists the folders that hold a complete bundle); never edited by hand.
 */
export const BUNDLE_INDEX_FILE = 'index.json';

export interface BundleIndexEntry {
  code: string;
  name: string;
  /** When that bundle was built (ISO 8601), from its manifest. */
  built_at: string;
}

export interface BundleIndex {
  format: 'maillage-bundle-index';
  version: 1;
  /** Sorted by code (INSEE order: 01 … 19, 2A, 2B, 21 … 95, then overseas). */
  departements: BundleIndexEntry[];
}

const DEPT_CODE = /^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$/;

/** Sort key of a département code: Corsica's 2A and 2B sit between 19 and 21. */
export function departementSortKey(code: string): string {
  return code === '2A' || code === '2B' ? `020${code[1]}` : code.padStart(3, '0');
}

/** Builds the index from the bundles found (in any order; one entry per code). */
export function makeBundleIndex(entries: readonly BundleIndexEntry[]): BundleIndex {
  const byCode = new Map(entries.map((e) => [e.code, { code: e.code, name: e.name, built_at: e.built_at }]));
  const departements = [...byCode.values()].sort((a, b) => departementSortKey(a.code).localeCompare(departementSortKey(b.code)));
  return { format: 'maillage-bundle-index', version: 1, departements };
}

/** Checks `index.json`; a wrong field is named with its place (`departements[3].code`). */
export function parseBundleIndex(value: unknown, location: string): BundleIndex {
  const wrong = (field: string, expected: string): never => {
    throw new BundleError('invalid', location, `Le fichier ${location} est endommagé : « ${field} » devrait être ${expected}.`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('(racine)', 'un objet JSON');
  const v = value as Record<string, unknown>;
  if (v.format !== 'maillage-bundle-index') wrong('format', '"maillage-bundle-index"');
  if (v.version !== 1) wrong('version', '1');
  if (!Array.isArray(v.departements)) return wrong('departements', 'une liste');
  const seen = new Set<string>();
  const departements = v.departements.map((item, i): BundleIndexEntry => {
    const at = `departements[${i}]`;
    if (typeof item !== 'object' || item === null) return wrong(at, 'un objet');
    const e = item as Record<string, unknown>;
    if (typeof e.code !== 'string' || !DEPT_CODE.test(e.code)) wrong(`${at}.code`, 'un code de département (01 … 95, 2A, 2B, 971 … 976)');
    if (seen.has(e.code as string)) wrong(`${at}.code`, `unique (${e.code} figure deux fois)`);
    seen.add(e.code as string);
    if (typeof e.name !== 'string' || e.name.trim() === '') wrong(`${at}.name`, 'un nom');
    if (typeof e.built_at !== 'string' || Number.isNaN(Date.parse(e.built_at))) wrong(`${at}.built_at`, 'une date ISO 8601');
    return { code: e.code as string, name: e.name as string, built_at: e.built_at as string };
  });
  return { format: 'maillage-bundle-index', version: 1, departements };
}
