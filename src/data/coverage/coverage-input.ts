import type { Feature, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type {
  CantonFeature,
  CountedLayer,
  CoverageCommune,
  CoverageInput,
  CoverageRule,
  CoverageSite,
  CoverageSource,
  FranceServicesSite,
  PopulationCell,
  TerritoryPosts,
} from '../../core/coverage/coverage-types.ts';
import type { BundleManifest } from '../bundle/bundle-types.ts';
import type { LayerManifest } from '../bundle/bundle-types.ts';

type AnyFeature = Feature<Geometry | null, Record<string, unknown> | null>;
/** A layer's GeoJSON as read from the bundle (or imported). */
export interface CoverageLayerData {
  features: readonly AnyFeature[];
}

/** Layers the coverage table reads from the bundle; the first three are required. */
export const COVERAGE_REQUIRED_LAYERS = ['cantons', 'communes', 'france-services'] as const;
export const COVERAGE_OPTIONAL_LAYERS = [
  'france-services-nearby',
  'population-grid',
  'health-mediators',
  'priority-zones',
  'digital-inclusion',
  'first-reception',
  'msp',
] as const;
/** Point layers counted per canton, in column order. */
export const COUNTED_LAYERS = ['digital-inclusion', 'first-reception', 'msp'] as const;

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

/** A short, safe picture of a value for a message (never a whole nested structure, never a stack overflow). */
export function preview(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) {
    const flat = v.length <= 4 && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
    return flat ? `[${v.map(preview).join(',')}]` : `une liste de ${v.length} élément${v.length > 1 ? 's' : ''}`;
  }
  return typeof v === 'object' ? 'un objet' : typeof v;
}

function props(layer: string, f: AnyFeature, i: number): Record<string, unknown> {
  if (!f || typeof f !== 'object' || !f.properties || typeof f.properties !== 'object')
    throw new CoverageInputError(layer, i, null, 'entité sans propriétés');
  return f.properties;
}
function text(layer: string, p: Record<string, unknown>, i: number, field: string): string {
  const v = p[field];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new CoverageInputError(layer, i, field, `texte non vide attendu, reçu ${preview(v)}`);
}
function optText(p: Record<string, unknown>, field: string): string | null {
  const v = p[field];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}
function num(layer: string, p: Record<string, unknown>, i: number, field: string): number {
  const v = p[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new CoverageInputError(layer, i, field, `nombre attendu, reçu ${preview(v)}`);
}
/** A count of people or posts: a whole number, zero or more. */
function wholeCount(layer: string, p: Record<string, unknown>, i: number, field: string): number {
  const v = num(layer, p, i, field);
  if (Number.isInteger(v) && v >= 0) return v;
  throw new CoverageInputError(layer, i, field, `nombre entier positif ou nul attendu, reçu ${v}`);
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
    return `expected a Polygon or MultiPolygon, got ${g ? preview(g.type) : 'null'}`;
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return `${g.type} without coordinates`;
  for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    if (!Array.isArray(rings) || rings.length === 0) return `${g.type} with a polygon without rings`;
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) return `${g.type} with a ring of fewer than 4 positions`;
      const bad = ring.find((p) => !isLngLat(p));
      if (bad !== undefined) return `${g.type} with a position that is not [lng, lat] in degrees: ${preview(bad)}`;
    }
  }
  return null;
}

function sitesOf(layer: string, data: CoverageLayerData): CoverageSite[] {
  return data.features.map((f, i) => {
    const p = props(layer, f, i);
    return { id: text(layer, p, i, 'id'), lngLat: pointOf(layer, f, i), communeCode: optText(p, 'commune_code') };
  });
}

function franceServicesOf(layer: string, data: CoverageLayerData): FranceServicesSite[] {
  return data.features.map((f, i) => {
    const p = props(layer, f, i);
    const kind = p.kind;
    if (kind !== 'fixed' && kind !== 'bus')
      throw new CoverageInputError(layer, i, 'kind', `"fixed" ou "bus" attendu, reçu ${preview(kind)}`);
    return { id: text(layer, p, i, 'id'), lngLat: pointOf(layer, f, i), communeCode: optText(p, 'commune_code'), kind };
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
  const has = (id: string) => manifest.layers[id]?.status === 'ok' && layers[id] !== undefined;
  const cantons: CantonFeature[] = layers.cantons!.features.map((f, i) => {
    const p = props('cantons', f, i);
    const problem = areaGeometryProblem(f.geometry);
    if (problem || !isArea(f.geometry))
      throw new CoverageInputError('cantons', i, 'geometry', problem ?? 'Polygon ou MultiPolygon attendu');
    return {
      type: 'Feature',
      geometry: f.geometry,
      properties: { code: text('cantons', p, i, 'code'), name: text('cantons', p, i, 'name') },
    };
  });
  const communes: CoverageCommune[] = layers.communes!.features.map((f, i) => {
    const p = props('communes', f, i);
    const lng = num('communes', p, i, 'centroid_lng');
    const lat = num('communes', p, i, 'centroid_lat');
    const qpv = optText(p, 'qpv_codes');
    // a commune's polygon is optional (its centroid then places it), but a broken one is an error
    const problem = isArea(f.geometry) ? areaGeometryProblem(f.geometry) : null;
    if (problem) throw new CoverageInputError('communes', i, 'geometry', problem);
    return {
      code: text('communes', p, i, 'code'),
      name: text('communes', p, i, 'name'),
      population: wholeCount('communes', p, i, 'population'),
      cantonCode: optText(p, 'canton_code'),
      rural: p.rural === true,
      epciCode: optText(p, 'epci_code'),
      qpvCodes: qpv ? qpv.split(/\s+/).filter(Boolean) : [],
      geometry: isArea(f.geometry) ? f.geometry : null,
      centroid: [lng, lat],
    };
  });
  let populationGrid: PopulationCell[] | null = null;
  if (has('population-grid')) {
    populationGrid = [];
    layers['population-grid']!.features.forEach((f, i) => {
      const p = props('population-grid', f, i);
      if (num('population-grid', p, i, 'in_departement') !== 1) return;
      populationGrid!.push({ lngLat: pointOf('population-grid', f, i), population: num('population-grid', p, i, 'population') });
    });
  }
  let healthMediatorPosts: CoverageInput['healthMediatorPosts'] = null;
  if (has('health-mediators')) {
    const features = layers['health-mediators']!.features;
    const years = features.map((f, i) => text('health-mediators', props('health-mediators', f, i), i, 'latest_year'));
    // years are strings ('2025'): compared as text, not with Math.max
    // biome-ignore lint/complexity/useMathMinMax: string comparison
    const year = years.reduce((a, b) => (b > a ? b : a), years[0] ?? '');
    const territories: TerritoryPosts[] = features.map((f, i) => {
      const p = props('health-mediators', f, i);
      const kind = p.territory_type;
      if (kind !== 'commune' && kind !== 'epci')
        throw new CoverageInputError('health-mediators', i, 'territory_type', `"commune" ou "epci" attendu, reçu ${preview(kind)}`);
      // no figure for the latest year: no post that year
      const posts =
        p[`posts_${year}`] === undefined || p[`posts_${year}`] === null ? 0 : wholeCount('health-mediators', p, i, `posts_${year}`);
      return { id: text('health-mediators', p, i, 'id'), kind, posts };
    });
    if (year) healthMediatorPosts = { year, territories };
  }
  const priorityTerritories = has('priority-zones')
    ? layers['priority-zones']!.features.map((f, i) => {
        const p = props('priority-zones', f, i);
        return {
          id: text('priority-zones', p, i, 'id'),
          name: text('priority-zones', p, i, 'name'),
          epci: (optText(p, 'epci') ?? '').split(/\s+/).filter(Boolean),
          communes: (optText(p, 'commune_codes') ?? '').split(/\s+/).filter(Boolean),
        };
      })
    : [];
  const countedLayers: CountedLayer[] = [
    ...COUNTED_LAYERS.map((id) => ({ id, title: manifest.layers[id]?.title ?? id, sites: has(id) ? sitesOf(id, layers[id]!) : null })),
    ...extraLayers,
  ];
  const used = ['cantons', 'communes', 'france-services', ...COVERAGE_OPTIONAL_LAYERS.filter(has)];
  return {
    departement: { code: manifest.departement.code, name: manifest.departement.name },
    cantons,
    communes,
    franceServices: franceServicesOf('france-services', layers['france-services']!),
    nearbyFranceServices: has('france-services-nearby')
      ? franceServicesOf('france-services-nearby', layers['france-services-nearby']!)
      : [],
    populationGrid,
    populationGridVintage: has('population-grid') ? manifest.layers['population-grid']!.sources[0]?.vintage : undefined,
    healthMediatorPosts,
    countedLayers,
    priorityTerritories,
    sources: used.flatMap((id) => (manifest.layers[id] ? sourcesOf(manifest.layers[id]) : [])),
  };
}

/** The département's default rule (from its config, copied into the manifest); buses count by default. */
export function defaultCoverageRule(manifest: Pick<BundleManifest, 'coverage'>): CoverageRule {
  const c = manifest.coverage;
  return {
    target: c.target,
    priorityTarget: c.priorityTarget,
    countBuses: true,
    priority: { qpv: c.priority.qpv, ruralPopulationShareMin: c.priority.ruralPopulationShareMin, territories: c.priority.territories },
  };
}
