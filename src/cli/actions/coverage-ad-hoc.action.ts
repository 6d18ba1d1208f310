import { toCsv } from '../../core/export/csv.ts';
import { CliError } from '../cli-error.ts';
import { startAdHocCount } from '../io/ad-hoc-count-thread.ts';
import { streamGeoJsonFile } from '../io/stream-geojson-file.ts';
import { quoteForTerminal } from '../terminal-text.ts';
import { type LooseFeature, typeName } from './coverage-ad-hoc-areas.ts';

function positionPreview(c: unknown): string {
  if (!Array.isArray(c)) return c === null ? 'null' : typeof c;
  return `[${c
    .slice(0, 3)
    .map((x) =>
      typeof x === 'number' ? String(x) : typeof x === 'string' ? quoteForTerminal(x, 20) : Array.isArray(x) ? '[…]' : String(x),
    )
    .join(', ')}${c.length > 3 ? ', …' : ''}]`;
}

/** True for `[lng, lat, …]` numbers in degrees. */
function isLngLat(c: unknown): c is [number, number] {
  return Array.isArray(c) && Number.isFinite(c[0]) && Number.isFinite(c[1]) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90;
}

/** Every position of one Point or MultiPoint feature, checked as [lng, lat] numbers, handed to `add`. */
function addPointsOf(path: string, f: LooseFeature, i: number, add: (lng: number, lat: number) => void): void {
  const at = () => `${path} : entité ${i + 1}`;
  const g = f && typeof f === 'object' ? f.geometry : null;
  if (g?.type === 'Point') {
    // the common case, without an array per point
    const c: unknown = g.coordinates;
    if (!isLngLat(c)) throw new CliError(`${at()} : les coordonnées ne sont pas [lng, lat] en degrés : ${positionPreview(c)}`);
    add(c[0], c[1]);
    return;
  }
  if (g?.type !== 'MultiPoint') {
    throw new CliError(`${at()} : la géométrie doit être un Point ou un MultiPoint, reçu ${typeName(g)}`);
  }
  const coords: unknown = g.coordinates;
  if (!Array.isArray(coords)) throw new CliError(`${at()} : ${g.type} sans coordonnées`);
  for (const c of coords as unknown[]) {
    if (!isLngLat(c)) throw new CliError(`${at()} : les coordonnées ne sont pas [lng, lat] en degrés : ${positionPreview(c)}`);
    add(c[0], c[1]);
  }
}

export interface AdHocCounts {
  /** `code,points` CSV, one row per area in input order. */
  csv: string;
  /** Lines for stderr: invalid areas, then the summary. */
  messages: string[];
}

/**
 * `coverage --areas A --points P`: points counted per area with the coverage engine (first area
 * wins on overlaps). The areas are read into typed arrays, indexed once, and the points counted in
 * a worker thread while this thread streams the points file, one feature at a time, and sends its
 * points in batches (memory does not grow with them), then checks the areas' outlines for
 * self-intersections. Errors are those of reading one file after the other: a bad areas file is
 * reported before a bad points file.
 */
export async function countAdHoc(areasPath: string, pointsPath: string, codeField: string): Promise<AdHocCounts> {
  const count = startAdHocCount(areasPath, codeField);
  try {
    const add = (lng: number, lat: number) => count.add(lng, lat);
    try {
      count.check();
      // plain Point features come as numbers (no object per point); the others through addPointsOf's checks
      streamGeoJsonFile(pointsPath, (f, i) => addPointsOf(pointsPath, f as LooseFeature, i, add), {
        afterChunk: () => count.check(),
        onPoint: add,
      });
    } catch (pointsError) {
      await count.areasRead(); // an error in the areas file comes first
      throw pointsError;
    }
    const { codes, counts, points, ambiguous, warnings } = await count.finish();
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
  } finally {
    count.close();
  }
}
