import type { Feature, Geometry } from 'geojson';
import { CoverageInputError } from '../coverage/coverage-input.ts';

type AnyFeature = Feature<Geometry | null, Record<string, unknown> | null>;
/** A bundle layer's GeoJSON (or null when the layer has no data). */
export interface LayerFeatures {
  features: readonly AnyFeature[];
}

/** Points as the drive-time engine takes them: flat coordinates (WGS84 `[lng, lat]`) and ids. */
export interface DriveTimePoints {
  ids: string[];
  names: (string | null)[];
  lng: Float64Array;
  lat: Float64Array;
  /** People at each point (1 for sites). */
  weights: Float64Array;
}

function pointsOf(
  layer: string,
  features: readonly AnyFeature[],
  keep: (p: Record<string, unknown>, i: number) => boolean,
  at: (f: AnyFeature, p: Record<string, unknown>, i: number) => [number, number],
  weight: (p: Record<string, unknown>, i: number) => number,
  id: (p: Record<string, unknown>, i: number) => string,
): DriveTimePoints {
  const ids: string[] = [];
  const names: (string | null)[] = [];
  const lng: number[] = [];
  const lat: number[] = [];
  const weights: number[] = [];
  features.forEach((f, i) => {
    const p = f?.properties;
    if (!p || typeof p !== 'object') throw new CoverageInputError(layer, i, null, 'entité sans propriétés');
    if (!keep(p, i)) return;
    const [x, y] = at(f, p, i);
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
      throw new CoverageInputError(layer, i, 'geometry', `point [lng, lat] en degrés attendu, reçu [${x}, ${y}]`);
    }
    ids.push(id(p, i));
    names.push(typeof p.name === 'string' ? p.name : null);
    lng.push(x);
    lat.push(y);
    weights.push(weight(p, i));
  });
  return { ids, names, lng: Float64Array.from(lng), lat: Float64Array.from(lat), weights: Float64Array.from(weights) };
}

const pointGeometry =
  (layer: string) =>
  (f: AnyFeature, _p: Record<string, unknown>, i: number): [number, number] => {
    const g = f.geometry;
    if (g?.type !== 'Point') throw new CoverageInputError(layer, i, 'geometry', `point attendu, reçu ${g?.type ?? 'aucune géométrie'}`);
    return [g.coordinates[0], g.coordinates[1]];
  };
const text = (layer: string, field: string) => (p: Record<string, unknown>, i: number) => {
  const v = p[field];
  if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
  throw new CoverageInputError(layer, i, field, `texte non vide attendu, reçu ${JSON.stringify(v)}`);
};
const num = (layer: string, field: string) => (p: Record<string, unknown>, i: number) => {
  const v = p[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new CoverageInputError(layer, i, field, `nombre attendu, reçu ${JSON.stringify(v)}`);
};
const count = (layer: string, field: string) => (p: Record<string, unknown>, i: number) => {
  const v = p[field];
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  throw new CoverageInputError(layer, i, field, `nombre d’habitants positif ou nul attendu, reçu ${JSON.stringify(v)}`);
};

/**
 * The sites drive times are measured to: the fixed France Services of the département and those
 * just across its border (`france-services-nearby`: people cross it), never buses (they have no
 * fixed place). Ids are the ANCT ids, prefixed by the layer for the nearby ones' uniqueness.
 */
export function driveTimeSitesFromLayers(
  franceServices: LayerFeatures | null,
  nearby: LayerFeatures | null,
): DriveTimePoints & { layers: string[] } {
  const parts = [
    ['france-services', franceServices],
    ['france-services-nearby', nearby],
  ] as const;
  const out: DriveTimePoints & { layers: string[] } = {
    ids: [],
    names: [],
    lng: new Float64Array(0),
    lat: new Float64Array(0),
    weights: new Float64Array(0),
    layers: [],
  };
  const lng: number[] = [];
  const lat: number[] = [];
  for (const [layer, data] of parts) {
    if (!data) continue;
    const pts = pointsOf(
      layer,
      data.features,
      (p, i) => {
        if (p.kind !== 'fixed' && p.kind !== 'bus')
          throw new CoverageInputError(layer, i, 'kind', `"fixed" ou "bus" attendu, reçu ${JSON.stringify(p.kind)}`);
        return p.kind === 'fixed';
      },
      pointGeometry(layer),
      () => 1,
      text(layer, 'id'),
    );
    out.ids.push(...pts.ids);
    out.names.push(...pts.names);
    out.layers.push(...pts.ids.map(() => layer));
    lng.push(...pts.lng);
    lat.push(...pts.lat);
  }
  out.lng = Float64Array.from(lng);
  out.lat = Float64Array.from(lat);
  out.weights = new Float64Array(lng.length).fill(1);
  return out;
}

/** The département's inhabited 1 km grid cells (`in_departement = 1`), weighted by their population. */
export function populationCellsFromGrid(grid: LayerFeatures): DriveTimePoints {
  return pointsOf(
    'population-grid',
    grid.features,
    (p, i) => count('population-grid', 'in_departement')(p, i) === 1,
    pointGeometry('population-grid'),
    count('population-grid', 'population'),
    text('population-grid', 'id'),
  );
}

/** Commune centres (`centroid_lng`, `centroid_lat` of the communes layer), weighted by municipal population. */
export function communeCentresFromLayer(communes: LayerFeatures): DriveTimePoints {
  return pointsOf(
    'communes',
    communes.features,
    () => true,
    (_f, p, i) => [num('communes', 'centroid_lng')(p, i), num('communes', 'centroid_lat')(p, i)],
    count('communes', 'population'),
    text('communes', 'code'),
  );
}
