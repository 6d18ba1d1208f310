import { toCsv } from '../../core/export/csv.ts';
import { runAdHocCount } from '../io/ad-hoc-count-thread.ts';

export interface AdHocCounts {
  /** `code,points` CSV, one row per area in input order. */
  csv: string;
  /** Lines for stderr: invalid areas, then the summary. */
  messages: string[];
}

/**
 * `coverage --areas A --points P`: points counted per area with the coverage engine (first area
 * wins on overlaps). The areas are read into typed arrays, indexed once, and the points counted
 * while a worker thread streams the points file, one feature at a time, and sends its points in
 * batches (counted as they come once the areas are indexed; those read before wait, 16 bytes a
 * point: the points file is never held whole); the areas' outlines are checked for self-intersections
 * by both threads (src/cli/io/ad-hoc-count-thread.ts). Errors are those of reading one file after
 * the other: a bad areas file is reported before a bad points file.
 */
export async function countAdHoc(areasPath: string, pointsPath: string, codeField: string): Promise<AdHocCounts> {
  const { codes, counts, points, ambiguous, warnings } = await runAdHocCount(areasPath, pointsPath, codeField);
  const counted = counts.reduce((s, n) => s + n, 0);
  const outside = points - counted;
  return {
    csv: toCsv([['code', 'points'], ...codes.map((code, i) => [code, counts[i]])]),
    messages: [
      ...warnings,
      `${points} points, ${codes.length} areas: ${counted} counted, ${outside} outside every area` +
        (ambiguous ? `, ${ambiguous} in several overlapping areas (counted in the first)` : ''),
    ],
  };
}
