import type { Feature, Geometry } from 'geojson';
import { countPointsInAreas } from '../../core/coverage/count-points-in-areas.ts';
import { toCsv } from '../../core/export/csv.ts';
import { findSelfIntersections } from '../../core/geo/find-self-intersections.ts';
import type { AreaFeature } from '../../core/index/area-index.ts';
import type { BundleManifest } from '../../data/bundle/bundle-types.ts';
import {
  areaGeometryProblem,
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  type CoverageLayerData,
} from '../../data/coverage/coverage-input.ts';
import type { CoverageDriveTimeInput } from '../../core/coverage/drive-time-types.ts';
import { createDriveTimeEngine } from '../../core/roads/drive-time-engine.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import { readUserJson } from '../io/read-user-json.ts';
import { quoteForTerminal } from '../terminal-text.ts';

type LooseFeature = Feature<Geometry | null, Record<string, unknown> | null>;

/** Reads the bundle's manifest and the layers the coverage table needs. */
export async function readCoverageBundle(
  dataDir: string,
  dept: string,
): Promise<{ manifest: BundleManifest; layers: Record<string, CoverageLayerData> }> {
  const bundle = await openBundle(dataDir, dept);
  const layers: Record<string, CoverageLayerData> = {};
  for (const id of [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS]) {
    const data = await bundle.layer(id);
    if (data) layers[id] = { features: data.features };
  }
  return { manifest: bundle.manifest, layers };
}

/**
 * The road graph of drive times for the table (`--access`): `auto` the bundle's when `roads`
 * built one, `drive` the same but an error without one, `straight` none.
 */
export async function readCoverageDriveTime(
  dataDir: string,
  dept: string,
  access: 'auto' | 'drive' | 'straight',
): Promise<CoverageDriveTimeInput | null> {
  if (access === 'straight') return null;
  const roads = await (await openBundle(dataDir, dept)).roads();
  if (!roads) {
    if (access === 'auto') return null;
    throw new CliError(
      `le bundle du département ${dept} n'a pas de réseau routier : pas de temps en voiture`,
      `construisez-le depuis un fichier de routes : npm run -s cli -- roads --dept ${dept} --file FICHIER (docs/drive-time.md)`,
    );
  }
  return { engine: createDriveTimeEngine(roads.graph, roads.info.connector), network: roads.info };
}

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

/** Points of an ad-hoc count: every position of Point and MultiPoint features, checked as [lng, lat] numbers. */
function pointsFrom(path: string): [number, number][] {
  const points: [number, number][] = [];
  featuresOf(path, readUserJson(path)).forEach((f, i) => {
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
      points.push([c[0], c[1]]);
    }
  });
  return points;
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

export interface AdHocCounts {
  /** `code,points` CSV, one row per area in input order. */
  csv: string;
  /** Lines for stderr: invalid areas, then the summary. */
  messages: string[];
}

/** `coverage --areas A --points P`: points counted per area with the coverage engine (first area wins on overlaps). */
export function countAdHoc(areasPath: string, pointsPath: string, codeField: string): AdHocCounts {
  const { areas, warnings } = areasFrom(areasPath, codeField);
  const points = pointsFrom(pointsPath);
  const result = countPointsInAreas(areas, points);
  const counted = result.counts.reduce((s, n) => s + n, 0);
  const outside = points.length - counted;
  return {
    csv: toCsv([['code', 'points'], ...areas.map((a, i) => [a.properties.code, result.counts[i]])]),
    messages: [
      ...warnings,
      `${points.length} points, ${areas.length} areas: ${counted} counted, ${outside} outside every area` +
        (result.ambiguous.length ? `, ${result.ambiguous.length} in several overlapping areas (counted in the first)` : ''),
    ],
  };
}
