import { toCsv } from '../../core/export/csv.ts';
import { createPlaceFinder, type PlaceMatchKind } from '../../core/search/create-place-finder.ts';
import { placesFromCommunes } from '../../data/nearest/places-from-communes.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';

export const FIND_PLACE_DEFAULT_LIMIT = 10;

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
      `le bundle du département ${options.dept} n’a pas de communes (couche « communes » : ${bundle.manifest.layers.communes?.status ?? 'absente'})`,
      `reconstruisez-le : \`npm run -s cli -- data --dept ${options.dept}\``,
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
