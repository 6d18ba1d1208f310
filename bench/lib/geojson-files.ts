import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { AreaFeature } from '../../src/core/index/area-index.ts';

export type LngLatPair = [number, number];

function readFeatureCollection(path: string): FeatureCollection<Geometry | null> {
  const json = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<Geometry | null>;
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new Error(`${path} is not a GeoJSON FeatureCollection`);
  }
  return json;
}

/** Reads and parses a GeoJSON file of Polygon / MultiPolygon features, in file order. */
export function readAreas(path: string): AreaFeature[] {
  return readFeatureCollection(path).features.filter(
    (f): f is Feature<Polygon | MultiPolygon, Record<string, unknown>> =>
      f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon',
  ) as AreaFeature[];
}

/** Reads and parses GeoJSON files of Point features into `[lng, lat]` pairs, files and features in order. */
export function readPoints(paths: readonly string[]): LngLatPair[] {
  const points: LngLatPair[] = [];
  for (const path of paths) {
    for (const f of readFeatureCollection(path).features) {
      if (f.geometry?.type !== 'Point') continue;
      const [lng, lat] = f.geometry.coordinates;
      points.push([lng, lat]);
    }
  }
  return points;
}

/** The string `code` property of each area (used to compare with GDAL's output). */
export function areaCodes(areas: readonly AreaFeature[], codeField: string): string[] {
  const codes = areas.map((a, i) => {
    const v = (a.properties as Record<string, unknown> | null)?.[codeField];
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`area #${i} has no "${codeField}" property`);
    return String(v);
  });
  if (new Set(codes).size !== codes.length) throw new Error(`"${codeField}" is not unique across the areas`);
  return codes;
}
