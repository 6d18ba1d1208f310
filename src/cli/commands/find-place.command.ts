import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toCsv } from '../../core/export/csv.ts';
import { createPlaceFinder, type PlaceMatchKind } from '../../core/search/create-place-finder.ts';
import { placesFromCommunes } from '../../data/nearest/places-from-communes.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import type { CliCommand } from './command.ts';

const USAGE = `  find-place   the communes of the built bundle matching a name (misspelt or not) or a postcode, best first
               --query TEXT     a commune name, a postcode, both, or "insee NNNNN" (required)
               --dept NN        département code (default 59)
               --format F       json (default) or csv
               --limit N        matches at most (default 10, at most 100)
               --data DIR       bundles folder (default public/data); reads DIR/NN
`;

export const FIND_PLACE_DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

export interface FindPlaceOptions {
  dept: string;
  /** Folder holding one bundle per département (`DIR/NN/manifest.json`). */
  dataDir: string;
  query: string;
  limit: number;
}

/** One output row; field names are the CLI's contract. */
export interface FindPlaceRow {
  rank: number;
  code: string;
  name: string;
  postcodes: string[];
  /** Relevance from 0 to 1 (1: the exact name or code); equal scores are ordered by population. */
  score: number;
  /** How the query matched: exact, prefix, word-prefix, contains or fuzzy. */
  match: PlaceMatchKind;
  /** The postcode that matched, when the query held one. */
  matched_postcode: string | null;
}

export interface FindPlaceOutcome {
  rows: FindPlaceRow[];
  /** Lines for stderr. */
  notes: string[];
}

/** The communes of a built bundle that match `query`, ranked by `createPlaceFinder` (the browser's commune search). */
export async function runFindPlace(options: FindPlaceOptions): Promise<FindPlaceOutcome> {
  const bundle = await openBundle(options.dataDir, options.dept);
  const communes = await bundle.layer('communes');
  if (!communes || communes.features.length === 0) {
    throw new CliError(
      `the bundle of département ${options.dept} has no communes (layer "communes": ${bundle.manifest.layers.communes?.status ?? 'absent'})`,
      `rebuild it with \`npm run -s cli -- data --dept ${options.dept}\``,
    );
  }
  const { places, skipped } = placesFromCommunes(communes);
  const notes: string[] = [];
  if (skipped > 0) notes.push(`note: ${skipped} commune(s) of the bundle without a code, a name or a centroid were left out`);
  const rows = createPlaceFinder(places)
    .search(options.query, options.limit)
    .map((m, i) => ({
      rank: i + 1,
      code: m.item.code,
      name: m.item.name,
      postcodes: [...m.item.postcodes],
      score: m.score,
      match: m.kind,
      matched_postcode: m.postcode ?? null,
    }));
  if (rows.length === 0) notes.push(`note: no commune of ${bundle.manifest.departement.name} matches "${options.query}"`);
  return { rows, notes };
}

/** Rows as CSV (RFC 4180, text cells neutralised against formula injection); postcodes space-separated. */
export function findPlaceCsv(rows: readonly FindPlaceRow[]): string {
  return toCsv([
    ['rank', 'code', 'name', 'postcodes', 'score', 'match', 'matched_postcode'],
    ...rows.map((r) => [r.rank, r.code, r.name, r.postcodes.join(' '), r.score, r.match, r.matched_postcode]),
  ]);
}

export const findPlaceCli: CliCommand = {
  name: 'find-place',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        dept: { type: 'string', default: '59' },
        query: { type: 'string' },
        format: { type: 'string', default: 'json' },
        limit: { type: 'string', default: String(FIND_PLACE_DEFAULT_LIMIT) },
        data: { type: 'string' },
      },
      strict: true,
    });
    const format = values.format!;
    if (format !== 'json' && format !== 'csv') throw new CliError(`unknown --format "${format}"`, 'use --format json or --format csv');
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new CliError(`--limit "${values.limit}" is not a whole number from 1 to ${MAX_LIMIT}`, 'e.g. --limit 10');
    }
    const query = values.query?.trim() ?? '';
    if (query === '') throw new CliError('--query is required', 'e.g. --query "maubeuge", --query 59600 or --query "insee 59392"');
    const dataDir = values.data ? resolve(values.data) : resolve(process.cwd(), 'public/data');
    const { rows, notes } = await runFindPlace({ dept: values.dept!, dataDir, query, limit });
    for (const n of notes) process.stderr.write(`${n}\n`);
    process.stdout.write(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : findPlaceCsv(rows));
    return 0;
  },
};
