import { previewJson } from '../parse/bounded-json.ts';
import type { Feature, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type {
  CantonFeature,
  CountedLayer,
  CoverageCommune,
  CoverageInput,
  CoverageSite,
  CoverageSource,
  FranceServicesSite,
  PopulationCell,
  TerritoryPosts,
} from '../../core/coverage/coverage-types.ts';
import type { BundleManifest } from '../bundle/bundle-types.ts';
import type { LayerManifest } from '../bundle/bundle-types.ts';
import { LAYERS } from '../../layers/layer-registry.ts';
import type { PropKey, SiteProperties } from '../../layers/feature-props.ts';
import { CANTONS, type CantonProperties } from '../../layers/cantons.ts';
import { COMMUNES, type CommuneProperties } from '../../layers/communes.ts';
import { FRANCE_SERVICES, type FranceServicesProperties } from '../../layers/france-services.ts';
import { FRANCE_SERVICES_NEARBY } from '../../layers/france-services-nearby.ts';
import { HEALTH_MEDIATORS, type HealthMediatorsProperties } from '../../layers/health-mediators.ts';
import { POPULATION_GRID, type PopulationCellProperties } from '../../layers/population-grid.ts';
import { PRIORITY_ZONES, type PriorityZoneProperties } from '../../layers/priority-zones.ts';

type AnyFeature = Feature<Geometry | null, Record<string, unknown> | null>;
/** A layer's GeoJSON as read from the bundle (or imported). */
export interface CoverageLayerData {
  features: readonly AnyFeature[];
}

/** The layers of the coverage table, from the layer registry (`coverage` role), in the order their sources are cited. */
const COVERAGE_LAYERS = LAYERS.filter((l) => l.coverage).sort((a, b) => a.coverage!.order - b.coverage!.order);
const idsWithRole = (...roles: string[]) => COVERAGE_LAYERS.filter((l) => roles.includes(l.coverage!.role)).map((l) => l.id);

/** Layers the coverage table reads from the bundle: the required ones (no table without them), then the optional ones. */
export const COVERAGE_REQUIRED_LAYERS: readonly string[] = idsWithRole('required');
export const COVERAGE_OPTIONAL_LAYERS: readonly string[] = idsWithRole('optional', 'counted');
/** Point layers counted per canton, in column order. */
export const COUNTED_LAYERS: readonly string[] = idsWithRole('counted');

/** A bundle layer whose content does not fit the coverage engine: says which layer, feature and field. */
export class CoverageInputError extends Error {
  constructor(
    readonly layer: string,
    readonly feature: number | null,
    readonly field: string | null,
    reason: string,
  ) {
    super(`${layer}${feature !== null ? `, entité ${feature + 1}` : ''}${field ? `, champ « ${field} »` : ''} : ${reason}`);
    this.name = 'CoverageInputError';
  }
}

/**
 * Typed, checked reads of one feature's properties: the keys are checked against the layer's
 * properties interface (src/layers/<id>.ts) by the compiler, the values at run time (a bad
 * value throws a CoverageInputError naming layer, feature and field).
 */
interface CheckedProps<P> {
  /** A non-empty text (a number is taken as text). */
  text(field: PropKey<P>): string;
  optText(field: PropKey<P>): string | null;
  num(field: PropKey<P>): number;
  /** A count of people or posts: a whole number, zero or more. */
  wholeCount(field: PropKey<P>): number;
  raw(field: PropKey<P>): unknown;
}

function checkedProps<P>(layer: string, f: AnyFeature, i: number): CheckedProps<P> {
  if (!f || typeof f !== 'object' || !f.properties || typeof f.properties !== 'object')
    throw new CoverageInputError(layer, i, null, 'entité sans propriétés');
  const p: Record<string, unknown> = f.properties;
  const num = (field: string): number => {
    const v = p[field];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    throw new CoverageInputError(layer, i, field, `nombre attendu, reçu ${previewJson(v, 60)}`);
  };
  return {
    text(field) {
      const v = p[field];
      if (typeof v === 'string' && v !== '') return v;
      if (typeof v === 'number') return String(v);
      throw new CoverageInputError(layer, i, field, `texte non vide attendu, reçu ${previewJson(v, 60)}`);
    },
    optText(field) {
      const v = p[field];
      return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
    },
    num,
    wholeCount(field) {
      const v = num(field);
      if (Number.isInteger(v) && v >= 0) return v;
      throw new CoverageInputError(layer, i, field, `nombre entier positif ou nul attendu, reçu ${v}`);
    },
    raw(field) {
      return p[field];
    },
  };
}
function pointOf(layer: string, f: AnyFeature, i: number): [number, number] {
  const g = f.geometry as Point | null;
  const c = g?.type === 'Point' ? g.coordinates : null;
  if (!c || !Number.isFinite(c[0]) || !Number.isFinite(c[1]) || Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) {
    throw new CoverageInputError(layer, i, 'geometry', 'point [lng, lat] en degrés attendu');
  }
  return [c[0], c[1]];
}
function isArea(g: Geometry | null): g is Polygon | MultiPolygon {
  return g?.type === 'Polygon' || g?.type === 'MultiPolygon';
}
function isLngLat(p: unknown): boolean {
  return (
    Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90
  );
}

/**
 * Why a GeoJSON geometry cannot be used as an area (a Polygon or MultiPolygon whose
 * rings hold at least 4 `[lng, lat]` positions in degrees), or null when it can. Checked
 * before any index or Turf call, so that a bad file gives a located message, not a crash.
 */
export function areaGeometryProblem(geometry: unknown): string | null {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
    return `expected a Polygon or MultiPolygon, got ${g ? previewJson(g.type, 40) : 'null'}`;
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return `${g.type} without coordinates`;
  for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    if (!Array.isArray(rings) || rings.length === 0) return `${g.type} with a polygon without rings`;
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) return `${g.type} with a ring of fewer than 4 positions`;
      const bad = ring.find((p) => !isLngLat(p));
      if (bad !== undefined) return `${g.type} with a position that is not [lng, lat] in degrees: ${previewJson(bad, 60)}`;
    }
  }
  return null;
}

function sitesOf(layer: string, data: CoverageLayerData): CoverageSite[] {
  return data.features.map((f, i) => {
    const p = checkedProps<SiteProperties>(layer, f, i);
    return { id: p.text('id'), lngLat: pointOf(layer, f, i), communeCode: p.optText('commune_code') };
  });
}

function franceServicesOf(layer: string, data: CoverageLayerData): FranceServicesSite[] {
  return data.features.map((f, i) => {
    const p = checkedProps<FranceServicesProperties>(layer, f, i);
    const kind = p.raw('kind');
    if (kind !== 'fixed' && kind !== 'bus')
      throw new CoverageInputError(layer, i, 'kind', `"fixed" ou "bus" attendu, reçu ${previewJson(kind, 60)}`);
    return { id: p.text('id'), lngLat: pointOf(layer, f, i), communeCode: p.optText('commune_code'), kind };
  });
}

function sourcesOf(layer: LayerManifest): CoverageSource[] {
  return layer.sources.map((s) => ({ layer: layer.id, title: s.title, producer: s.producer, vintage: s.vintage, licence: s.licence }));
}

/**
 * Turns the bundle's layers into the coverage engine's input, checking every field it reads
 * (a bad feature throws a {@link CoverageInputError} naming layer, feature and field).
 * A layer the manifest marks "no-data", or that is not given, becomes "no data" (empty
 * cells), never zeros. `extraLayers` are imported point layers, counted after the bundle's.
 */
export function coverageInputFromBundle(
  manifest: Pick<BundleManifest, 'departement' | 'layers'>,
  layers: Readonly<Record<string, CoverageLayerData | undefined>>,
  extraLayers: readonly CountedLayer[] = [],
): CoverageInput {
  for (const id of COVERAGE_REQUIRED_LAYERS) {
    if (manifest.layers[id]?.status !== 'ok' || !layers[id])
      throw new CoverageInputError(id, null, null, 'couche nécessaire au tableau de couverture, non chargée');
  }
  for (const [id, data] of Object.entries(layers)) {
    if (data && !Array.isArray(data.features))
      throw new CoverageInputError(id, null, null, 'FeatureCollection GeoJSON attendue (pas de liste « features »)');
  }
  /** The layer's data when the manifest has data for it and it is given. */
  const given = (id: string) => (manifest.layers[id]?.status === 'ok' ? layers[id] : undefined);
  const cantons = cantonsOf(CANTONS.id, layers[CANTONS.id]!);
  const communes = communesOf(COMMUNES.id, layers[COMMUNES.id]!);
  const grid = given(POPULATION_GRID.id);
  const mediators = given(HEALTH_MEDIATORS.id);
  const zones = given(PRIORITY_ZONES.id);
  const nearby = given(FRANCE_SERVICES_NEARBY.id);
  // read in this order, so that the first bad layer named is always the same
  const populationGrid = grid ? populationCellsOf(POPULATION_GRID.id, grid) : null;
  const healthMediatorPosts = mediators ? mediatorPostsOf(HEALTH_MEDIATORS.id, mediators) : null;
  const priorityTerritories = zones ? priorityTerritoriesOf(PRIORITY_ZONES.id, zones) : [];
  const countedLayers: CountedLayer[] = [
    ...COUNTED_LAYERS.map((id) => {
      const data = given(id);
      return { id, title: manifest.layers[id]?.title ?? id, sites: data ? sitesOf(id, data) : null };
    }),
    ...extraLayers,
  ];
  const used = [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS.filter((id) => given(id) !== undefined)];
  return {
    departement: { code: manifest.departement.code, name: manifest.departement.name },
    cantons,
    communes,
    franceServices: franceServicesOf(FRANCE_SERVICES.id, layers[FRANCE_SERVICES.id]!),
    nearbyFranceServices: nearby ? franceServicesOf(FRANCE_SERVICES_NEARBY.id, nearby) : [],
    populationGrid,
    populationGridVintage: grid ? manifest.layers[POPULATION_GRID.id]!.sources[0]?.vintage : undefined,
    healthMediatorPosts,
    countedLayers,
    priorityTerritories,
    sources: used.flatMap((id) => (manifest.layers[id] ? sourcesOf(manifest.layers[id]) : [])),
  };
}

function cantonsOf(layer: string, data: CoverageLayerData): CantonFeature[] {
  return data.features.map((f, i) => {
    const p = checkedProps<CantonProperties>(layer, f, i);
    const problem = areaGeometryProblem(f.geometry);
    if (problem || !isArea(f.geometry)) throw new CoverageInputError(layer, i, 'geometry', problem ?? 'Polygon ou MultiPolygon attendu');
    return { type: 'Feature', geometry: f.geometry, properties: { code: p.text('code'), name: p.text('name') } };
  });
}

function communesOf(layer: string, data: CoverageLayerData): CoverageCommune[] {
  return data.features.map((f, i) => {
    const p = checkedProps<CommuneProperties>(layer, f, i);
    const lng = p.num('centroid_lng');
    const lat = p.num('centroid_lat');
    const qpv = p.optText('qpv_codes');
    // a commune's polygon is optional (its centroid then places it), but a broken one is an error
    const problem = isArea(f.geometry) ? areaGeometryProblem(f.geometry) : null;
    if (problem) throw new CoverageInputError(layer, i, 'geometry', problem);
    return {
      code: p.text('code'),
      name: p.text('name'),
      population: p.wholeCount('population'),
      cantonCode: p.optText('canton_code'),
      rural: p.raw('rural') === true,
      epciCode: p.optText('epci_code'),
      qpvCodes: qpv ? qpv.split(/\s+/).filter(Boolean) : [],
      geometry: isArea(f.geometry) ? f.geometry : null,
      centroid: [lng, lat],
    };
  });
}

/** The grid's cells in the département (cells around it are left out). */
function populationCellsOf(layer: string, data: CoverageLayerData): PopulationCell[] {
  const cells: PopulationCell[] = [];
  data.features.forEach((f, i) => {
    const p = checkedProps<PopulationCellProperties>(layer, f, i);
    if (p.num('in_departement') !== 1) return;
    cells.push({ lngLat: pointOf(layer, f, i), population: p.num('population') });
  });
  return cells;
}

/** Posts of the latest year per territory; null when the layer has no year. */
function mediatorPostsOf(layer: string, data: CoverageLayerData): CoverageInput['healthMediatorPosts'] {
  const features = data.features;
  const years = features.map((f, i) => checkedProps<HealthMediatorsProperties>(layer, f, i).text('latest_year'));
  // years are strings ('2025'): compared as text, not with Math.max
  // biome-ignore lint/complexity/useMathMinMax: string comparison
  const year = years.reduce((a, b) => (b > a ? b : a), years[0] ?? '');
  const postsKey = `posts_${year}` as `posts_${number}`;
  const territories: TerritoryPosts[] = features.map((f, i) => {
    const p = checkedProps<HealthMediatorsProperties>(layer, f, i);
    const kind = p.raw('territory_type');
    if (kind !== 'commune' && kind !== 'epci')
      throw new CoverageInputError(layer, i, 'territory_type', `"commune" ou "epci" attendu, reçu ${previewJson(kind, 60)}`);
    // no figure for the latest year: no post that year
    const posts = p.raw(postsKey) === undefined || p.raw(postsKey) === null ? 0 : p.wholeCount(postsKey);
    return { id: p.text('id'), kind, posts };
  });
  return year ? { year, territories } : null;
}

function priorityTerritoriesOf(layer: string, data: CoverageLayerData): CoverageInput['priorityTerritories'] {
  return data.features.map((f, i) => {
    const p = checkedProps<PriorityZoneProperties>(layer, f, i);
    return {
      id: p.text('id'),
      name: p.text('name'),
      epci: (p.optText('epci') ?? '').split(/\s+/).filter(Boolean),
      communes: (p.optText('commune_codes') ?? '').split(/\s+/).filter(Boolean),
    };
  });
}

/** The département's default rule: the coverage-rule module's (exported here for the CLI, which reads it from this module). */
