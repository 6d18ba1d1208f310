import type { Feature, Geometry, Position } from 'geojson';
import { createPointCounter } from '../../core/coverage/count-points-in-areas.ts';
import { toCsv } from '../../core/export/csv.ts';
import { findSelfIntersections } from '../../core/geo/find-self-intersections.ts';
import type { AreaFeature } from '../../core/index/area-index.ts';
import { areaGeometryProblem } from '../../data/coverage/coverage-input.ts';
import { CliError } from '../cli-error.ts';
import { readUserJson } from '../io/read-user-json.ts';
import { streamGeoJsonFile } from '../io/stream-geojson-file.ts';
import { quoteForTerminal } from '../terminal-text.ts';

type LooseFeature = Feature<Geometry | null, Record<string, unknown> | null>;

function featuresOf(path: string, json: unknown): LooseFeature[] {
  const fc = json as { type?: unknown; features?: unknown } | null;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new CliError(
      `${path} : ce n’est pas une FeatureCollection GeoJSON`,
      'donnez un fichier GeoJSON {"type": "FeatureCollection", "features": […]}',
    );
  }
  return fc.features as LooseFeature[];
}

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

/** Areas of an ad-hoc count: Polygon or MultiPolygon features with a code, each checked. */
function areasFrom(path: string, codeField: string): { areas: AreaFeature<{ code: string }>[]; warnings: string[] } {
  const warnings: string[] = [];
  const areas = featuresOf(path, readUserJson(path)).map((f, i): AreaFeature<{ code: string }> => {
    const at = `${path} : entité ${i + 1}`;
    const g = f && typeof f === 'object' ? f.geometry : null;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      throw new CliError(`${at} : la géométrie doit être un Polygon ou un MultiPolygon, reçu ${typeName(g)}`);
    }
    const problem = areaGeometryProblem(g);
    if (problem) throw new CliError(`${at} : ${problem}`);
    if (unclosedRing(g)) throw new CliError(`${at} : un anneau n’est pas fermé (sa dernière position doit répéter la première)`);
    const props = f.properties && typeof f.properties === 'object' ? f.properties : null;
    const code = props && Object.hasOwn(props, codeField) ? props[codeField] : undefined;
    if (typeof code !== 'string' && typeof code !== 'number') {
      throw new CliError(
        `${at} : pas de propriété ${quoteForTerminal(codeField)}`,
        'nommez le champ qui porte le code de la zone avec --code-field',
      );
    }
    const crossings = findSelfIntersections(g, 1);
    if (crossings.count > 0) {
      const [lng, lat] = crossings.points[0];
      warnings.push(
        `attention : ${at} (code ${quoteForTerminal(String(code), 40)}) : le contour se recoupe lui-même (${crossings.count} croisement${crossings.count > 1 ? 's' : ''}, le premier vers lng ${lng.toFixed(6)}, lat ${lat.toFixed(6)}) ; les points proches de ce croisement peuvent être mal comptés`,
      );
    }
    return { type: 'Feature', geometry: g, properties: { code: String(code) } };
  });
  return { areas, warnings };
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

/** Every position of one Point or MultiPoint feature, checked as [lng, lat] numbers, handed to `add`. */
function addPointsOf(path: string, f: LooseFeature, i: number, add: (lng: number, lat: number) => void): void {
  const at = `${path} : entité ${i + 1}`;
  const g = f && typeof f === 'object' ? f.geometry : null;
  if (!g || (g.type !== 'Point' && g.type !== 'MultiPoint')) {
    throw new CliError(`${at} : la géométrie doit être un Point ou un MultiPoint, reçu ${typeName(g)}`);
  }
  const coords: unknown = g.type === 'Point' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(coords)) throw new CliError(`${at} : ${g.type} sans coordonnées`);
  for (const c of coords as unknown[]) {
    if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1]) || Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) {
      throw new CliError(`${at} : les coordonnées ne sont pas [lng, lat] en degrés : ${positionPreview(c)}`);
    }
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
 * wins on overlaps). The areas are read whole and indexed once; the points file is streamed, one
 * feature at a time, and each point counted as it is read: memory does not grow with the points.
 */
export function countAdHoc(areasPath: string, pointsPath: string, codeField: string): AdHocCounts {
  const { areas, warnings } = areasFrom(areasPath, codeField);
  const counter = createPointCounter(areas);
  const add = (lng: number, lat: number) => void counter.add(lng, lat);
  streamGeoJsonFile(pointsPath, (f, i) => addPointsOf(pointsPath, f as LooseFeature, i, add));
  const counted = counter.counts.reduce((s, n) => s + n, 0);
  const outside = counter.points - counted;
  return {
    csv: toCsv([['code', 'points'], ...areas.map((a, i) => [a.properties.code, counter.counts[i]])]),
    messages: [
      ...warnings,
      `${counter.points} points, ${areas.length} areas: ${counted} counted, ${outside} outside every area` +
        (counter.ambiguous ? `, ${counter.ambiguous} in several overlapping areas (counted in the first)` : ''),
    ],
  };
}
