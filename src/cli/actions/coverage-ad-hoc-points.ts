import { CliError } from '../cli-error.ts';
import { streamGeoJsonFile } from '../io/stream-geojson-file.ts';
import { quoteForTerminal } from '../terminal-text.ts';
import { type LooseFeature, typeName } from './coverage-ad-hoc-areas.ts';

// The points of `coverage --areas A --points P`: streamed from their file and handed over one
// position at a time (in the worker thread of the compiled CLI, src/cli/io/ad-hoc-count.worker.ts,
// while the main thread reads the areas).

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

/**
 * Streams the Point and MultiPoint features of `path`, each position checked as [lng, lat] in
 * degrees and handed to `add`, in file order (plain Point features come as numbers, without an
 * object per point); a CliError names the first bad feature.
 */
export function streamAdHocPoints(path: string, add: (lng: number, lat: number) => void): void {
  streamGeoJsonFile(path, (f, i) => addPointsOf(path, f as LooseFeature, i, add), { onPoint: add });
}
