import { createPointCounter, type PointCounter } from '../../core/coverage/count-points-in-areas.ts';
import { toCsv } from '../../core/export/csv.ts';
import { createFlatAreaIndex } from '../../core/index/area-index.ts';
import { CliError } from '../cli-error.ts';
import { startAreasReader } from '../io/coverage-areas-reader.ts';
import { streamGeoJsonFile } from '../io/stream-geojson-file.ts';
import { quoteForTerminal } from '../terminal-text.ts';
import { type AdHocAreas, type LooseFeature, typeName } from './coverage-ad-hoc-areas.ts';

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

/** Points read before the areas are: kept as [lng, lat] pairs in one growing array, counted once the areas come. */
class PendingPoints {
  private xy = new Float64Array(1 << 14);
  private n = 0;
  add(lng: number, lat: number): void {
    if (this.n + 2 > this.xy.length) {
      const next = new Float64Array(this.xy.length * 2);
      next.set(this.xy);
      this.xy = next;
    }
    this.xy[this.n++] = lng;
    this.xy[this.n++] = lat;
  }
  countInto(counter: PointCounter): void {
    for (let i = 0; i < this.n; i += 2) counter.add(this.xy[i], this.xy[i + 1]);
    this.xy = new Float64Array(0);
    this.n = 0;
  }
}

/**
 * `coverage --areas A --points P`: points counted per area with the coverage engine (first area
 * wins on overlaps). The areas are read into typed arrays in a worker thread while this thread
 * streams the points file, one feature at a time; the points read before the areas are ready wait
 * in a typed array, the others are counted as they are read (memory does not grow with them).
 * Errors are those of reading one file after the other: a bad areas file is reported before a bad
 * points file. The areas' self-intersections are checked in the worker while the points are counted.
 */
export async function countAdHoc(areasPath: string, pointsPath: string, codeField: string): Promise<AdHocCounts> {
  const reader = startAreasReader(areasPath, codeField);
  try {
    const now: { counter: PointCounter | null; read: AdHocAreas | null } = { counter: null, read: null };
    const pending = new PendingPoints();
    const ready = (areas: AdHocAreas): PointCounter => {
      const counter = createPointCounter(createFlatAreaIndex(areas.areas));
      pending.countInto(counter);
      now.read = areas;
      now.counter = counter;
      return counter;
    };
    const add = (lng: number, lat: number) => (now.counter ? void now.counter.add(lng, lat) : pending.add(lng, lat));
    const poll = () => {
      if (now.counter) return;
      const areas = reader.poll();
      if (areas) ready(areas);
    };
    try {
      poll();
      streamGeoJsonFile(pointsPath, (f, i) => addPointsOf(pointsPath, f as LooseFeature, i, add), { afterChunk: poll });
    } catch (pointsError) {
      await reader.areas(); // an error in the areas file comes first
      throw pointsError;
    }
    const done = now.counter ?? ready(await reader.areas());
    const { codes } = now.read ?? (await reader.areas());
    const warnings = await reader.warnings();
    const counted = done.counts.reduce((s, n) => s + n, 0);
    const outside = done.points - counted;
    return {
      csv: toCsv([['code', 'points'], ...codes.map((code, i) => [code, done.counts[i]])]),
      messages: [
        ...warnings,
        `${done.points} points, ${codes.length} areas: ${counted} counted, ${outside} outside every area` +
          (done.ambiguous ? `, ${done.ambiguous} in several overlapping areas (counted in the first)` : ''),
      ],
    };
  } finally {
    reader.close();
  }
}
