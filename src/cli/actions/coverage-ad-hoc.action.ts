import type { Feature, Geometry, Position } from 'geojson';
import { createPointCounter } from '../../core/coverage/count-points-in-areas.ts';
import { toCsv } from '../../core/export/csv.ts';
import { findSelfIntersections } from '../../core/geo/find-self-intersections.ts';
import { flatPolygonsOf, polygonRange, ringRange, type FlatPolygons } from '../../core/geo/flat-polygons.ts';
import { createFlatAreaIndex, type AreaFeature } from '../../core/index/area-index.ts';
import { areaGeometryProblem } from '../../data/coverage/coverage-input.ts';
import { type FlatCoordinates, isFlatCoordinates } from '../../data/parse/flat-coordinates.ts';
import { CliError } from '../cli-error.ts';
import { streamGeoJsonFile } from '../io/stream-geojson-file.ts';
import { quoteForTerminal } from '../terminal-text.ts';

type LooseFeature = Feature<Geometry | null, Record<string, unknown> | null>;

/** The typed name of a geometry for a message (a hostile `type` is shown quoted and shortened). */
function typeName(g: { type?: unknown } | null | undefined): string {
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

/**
 * Areas of an ad-hoc count, streamed with their coordinates read straight into typed arrays:
 * Polygon or MultiPolygon features with a code, each checked.
 */
function areasFrom(path: string, codeField: string): { areas: FlatPolygons[]; codes: string[]; warnings: string[] } {
  const warnings: string[] = [];
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
    const crossings = findSelfIntersections(flat, 1);
    if (crossings.count > 0) {
      const [lng, lat] = crossings.points[0];
      warnings.push(
        `attention : ${at} (code ${quoteForTerminal(String(code), 40)}) : le contour se recoupe lui-même (${crossings.count} croisement${crossings.count > 1 ? 's' : ''}, le premier vers lng ${lng.toFixed(6)}, lat ${lat.toFixed(6)}) ; les points proches de ce croisement peuvent être mal comptés`,
      );
    }
    areas.push(flat);
    codes.push(String(code));
  };
  streamGeoJsonFile(path, onFeature, { flatCoordinates: true });
  return { areas, codes, warnings };
}

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
 * wins on overlaps). The areas are streamed into typed arrays and indexed once; the points file is streamed, one
 * feature at a time, and each point counted as it is read: memory does not grow with the points.
 */
export function countAdHoc(areasPath: string, pointsPath: string, codeField: string): AdHocCounts {
  const { areas, codes, warnings } = areasFrom(areasPath, codeField);
  const counter = createPointCounter(createFlatAreaIndex(areas));
  const add = (lng: number, lat: number) => void counter.add(lng, lat);
  streamGeoJsonFile(pointsPath, (f, i) => addPointsOf(pointsPath, f as LooseFeature, i, add));
  const counted = counter.counts.reduce((s, n) => s + n, 0);
  const outside = counter.points - counted;
  return {
    csv: toCsv([['code', 'points'], ...codes.map((code, i) => [code, counter.counts[i]])]),
    messages: [
      ...warnings,
      `${counter.points} points, ${areas.length} areas: ${counted} counted, ${outside} outside every area` +
        (counter.ambiguous ? `, ${counter.ambiguous} in several overlapping areas (counted in the first)` : ''),
    ],
  };
}
