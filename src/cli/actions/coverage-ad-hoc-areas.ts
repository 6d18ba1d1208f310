import type { Feature, Geometry, Position } from 'geojson';
import { findSelfIntersections } from '../../core/geo/find-self-intersections.ts';
import { flatPolygonsOf, polygonRange, ringRange, type FlatPolygons } from '../../core/geo/flat-polygons.ts';
import type { AreaFeature } from '../../core/index/area-index.ts';
import { areaGeometryProblem } from '../../data/coverage/coverage-input.ts';
import { FlatArena, type FlatCoordinates, isFlatCoordinates } from '../../data/parse/flat-coordinates.ts';
import { CliError } from '../cli-error.ts';
import { streamGeoJsonFile } from '../io/stream-geojson-file.ts';
import { quoteForTerminal } from '../terminal-text.ts';

// The areas of `coverage --areas A --points P`: read and checked (by the main thread of the CLI
// while a worker thread, src/cli/io/ad-hoc-count.worker.ts, reads the points), then their outlines
// checked for self-intersections (by both threads, src/cli/io/ad-hoc-count-thread.ts).

export type LooseFeature = Feature<Geometry | null, Record<string, unknown> | null>;

/** The typed name of a geometry for a message (a hostile `type` is shown quoted and shortened). */
export function typeName(g: { type?: unknown } | null | undefined): string {
  if (!g) return 'null';
  return typeof g.type === 'string' ? quoteForTerminal(g.type, 40) : typeof g.type;
}

/** A ring whose last position is not its first (GeoJSON rings are closed). */
function unclosedRing(geometry: AreaFeature['geometry']): Position[] | undefined {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  return rings.find((r) => r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1]);
}

const UNCLOSED = 'un anneau n’est pas fermé (sa dernière position doit répéter la première)';

/** The flat polygons of a flat-read Polygon (depth 3) or MultiPolygon (depth 4) with what is wrong in them, as areaGeometryProblem says it. */
function checkedFlatPolygons(type: 'Polygon' | 'MultiPolygon', c: FlatCoordinates): FlatPolygons | string {
  const flat: FlatPolygons | null =
    type === 'Polygon' && c.depth === 3
      ? { xy: c.xy, ringEnds: c.ends[0], polygonEnds: Uint32Array.of(c.ends[0].length) }
      : type === 'MultiPolygon' && c.depth === 4
        ? { xy: c.xy, ringEnds: c.ends[1], polygonEnds: c.ends[0] }
        : null;
  if (!flat || flat.ringEnds.length === 0) return `${type} without coordinates`;
  for (let p = 0; p < flat.polygonEnds.length; p++) {
    const [firstRing, endRing] = polygonRange(flat, p);
    if (endRing <= firstRing) return `${type} with a polygon without rings`;
    for (let r = firstRing; r < endRing; r++) {
      const [a, b] = ringRange(flat, r);
      if (b - a < 4) return `${type} with a ring of fewer than 4 positions`;
      for (let i = a; i < b; i++) {
        const x = flat.xy[2 * i];
        const y = flat.xy[2 * i + 1];
        if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) return `${type} with a position that is not [lng, lat] in degrees: [${x},${y}]`;
      }
      if (flat.xy[2 * a] !== flat.xy[2 * b - 2] || flat.xy[2 * a + 1] !== flat.xy[2 * b - 1]) return UNCLOSED;
    }
  }
  return flat;
}

/** The area of one feature as flat polygons, or a CliError naming the feature and what is wrong. */
function areaOf(at: string, g: { type?: unknown; coordinates?: unknown } | null): FlatPolygons {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    throw new CliError(`${at} : la géométrie doit être un Polygon ou un MultiPolygon, reçu ${typeName(g)}`);
  }
  if (isFlatCoordinates(g.coordinates)) {
    const flat = checkedFlatPolygons(g.type, g.coordinates);
    if (typeof flat === 'string') throw new CliError(`${at} : ${flat}`);
    return flat;
  }
  // what the fast reader left as JSON.parse gave it: checked the slow way
  const problem = areaGeometryProblem(g);
  if (problem) throw new CliError(`${at} : ${problem}`);
  const geometry = g as AreaFeature['geometry'];
  if (unclosedRing(geometry)) throw new CliError(`${at} : ${UNCLOSED}`);
  return flatPolygonsOf(geometry);
}

/** The areas of an ad-hoc count, in file order, with their codes (as text). */
export interface AdHocAreas {
  areas: FlatPolygons[];
  codes: string[];
}

/**
 * Areas of an ad-hoc count, streamed with their coordinates read straight into typed arrays:
 * Polygon or MultiPolygon features with a code, each checked (a CliError names the first bad one).
 * With `shared`, the coordinates are in shared memory (posted to a worker thread without a copy).
 */
export function readAdHocAreas(path: string, codeField: string, shared = false): AdHocAreas {
  const areas: FlatPolygons[] = [];
  const codes: string[] = [];
  const onFeature = (feature: unknown, i: number) => {
    const f = feature as LooseFeature;
    const at = `${path} : entité ${i + 1}`;
    const flat = areaOf(at, f && typeof f === 'object' ? f.geometry : null);
    const props = f.properties && typeof f.properties === 'object' ? f.properties : null;
    const code = props && Object.hasOwn(props, codeField) ? props[codeField] : undefined;
    if (typeof code !== 'string' && typeof code !== 'number') {
      throw new CliError(
        `${at} : pas de propriété ${quoteForTerminal(codeField)}`,
        'nommez le champ qui porte le code de la zone avec --code-field',
      );
    }
    areas.push(flat);
    codes.push(String(code));
  };
  const arena = new FlatArena(shared ? (bytes) => new SharedArrayBuffer(bytes) : undefined);
  streamGeoJsonFile(path, onFeature, { flatCoordinates: true, flatArena: arena });
  return { areas, codes };
}

/** The warning for area i (0-based) when its outline crosses itself (points near the crossing may be miscounted), else null. */
export function selfIntersectionWarning(path: string, area: FlatPolygons, code: string, i: number): string | null {
  const crossings = findSelfIntersections(area, 1);
  if (crossings.count === 0) return null;
  const [lng, lat] = crossings.points[0];
  return `attention : ${path} : entité ${i + 1} (code ${quoteForTerminal(code, 40)}) : le contour se recoupe lui-même (${crossings.count} croisement${crossings.count > 1 ? 's' : ''}, le premier vers lng ${lng.toFixed(6)}, lat ${lat.toFixed(6)}) ; les points proches de ce croisement peuvent être mal comptés`;
}

/** A warning for each area whose outline crosses itself, in file order. */
export function selfIntersectionWarnings(path: string, { areas, codes }: AdHocAreas): string[] {
  const warnings: string[] = [];
  for (let i = 0; i < areas.length; i++) {
    const warning = selfIntersectionWarning(path, areas[i], codes[i], i);
    if (warning) warnings.push(warning);
  }
  return warnings;
}
