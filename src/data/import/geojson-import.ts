import type { Geometry, Position } from 'geojson';
import { areaGeometryProblem } from '../coverage/coverage-input.ts';
import { AREA_FIELDS, POINT_FIELDS, importTargetOf, matchHeaders } from './import-fields.ts';
import { ImportSession, clean } from './import-session.ts';
import { lambert93ToLngLat } from './place-import-row.ts';
import { TabularImport } from './tabular-import.ts';
import { ImportFileError, ImportMappingNeeded, type ImportEncoding, type ImportOptions, type ImportSchema } from './import-types.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A property value as text: lists joined with `|`, objects as JSON. */
function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('|');
  return JSON.stringify(v);
}

/** Keys of a list of objects, in first-seen order. */
function keysOf(objects: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const o of objects) if (isObject(o)) for (const k of Object.keys(o)) keys.add(k);
  return [...keys];
}

/** The coordinate system a GeoJSON's (obsolete but common) `crs` member declares. */
function crsOf(root: Json): 'wgs84' | 'lambert93' | null {
  const name = isObject(root.crs) && isObject(root.crs.properties) ? String(root.crs.properties.name ?? '') : '';
  if (!name) return null;
  if (/2154/.test(name)) return 'lambert93';
  if (/4326|CRS84/i.test(name)) return 'wgs84';
  throw new ImportFileError(
    `Système de coordonnées « ${name} » non géré : exportez le fichier en WGS84 (EPSG:4326) ou en Lambert-93 (EPSG:2154).`,
  );
}

function reproject(geometry: Geometry): Geometry {
  const p = (pos: Position): Position => lambert93ToLngLat(pos[0], pos[1]);
  switch (geometry.type) {
    case 'Polygon':
      return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => r.map(p)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map((r) => r.map(p))) };
    default:
      return geometry;
  }
}

/** True when the first position of an area is in metres (Lambert-93) rather than degrees. */
function looksProjected(geometry: unknown): boolean {
  let c: unknown = (geometry as { coordinates?: unknown } | null)?.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && Math.abs(c[0]) > 1000;
}

/**
 * Imports parsed JSON: a GeoJSON FeatureCollection (or one Feature) of points or polygons,
 * or a JSON array of records (the lieux de médiation numérique JSON export). Every
 * feature or record is one row, numbered from 1.
 */
export function importJson(
  root: unknown,
  options: ImportOptions,
  encoding: ImportEncoding,
  warnings: { kind: 'encoding' | 'format'; message: string }[],
): ImportSession {
  const target = importTargetOf(options.layer);
  if (!target) throw new ImportFileError(`Couche inconnue : « ${options.layer} ».`);
  let features: unknown[] | null = null;
  let crs: 'wgs84' | 'lambert93' | null = null;
  if (isObject(root) && root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw new ImportFileError('GeoJSON invalide : la FeatureCollection n’a pas de liste « features ».');
    features = root.features;
    crs = crsOf(root);
  } else if (isObject(root) && root.type === 'Feature') {
    features = [root];
    crs = crsOf(root);
  } else if (Array.isArray(root) && root.length > 0 && root.every((o) => isObject(o) && o.type === 'Feature')) {
    features = root;
  }
  if (features) return importFeatures(features, crs, options, encoding, warnings);
  if (Array.isArray(root)) {
    if (root.length === 0) throw new ImportFileError('Liste JSON vide : aucune ligne à importer.');
    const headers = keysOf(root);
    if (headers.length === 0)
      throw new ImportFileError('Liste JSON sans aucun objet : une liste d’objets (un objet par lieu) est attendue.');
    const table = new TabularImport(options, { format: 'json', encoding, delimiter: null, warnings });
    table.header(headers);
    root.forEach((o, i) => {
      if (isObject(o))
        table.record(
          i + 1,
          headers.map((h) => cellOf(o[h])),
        );
      else table.record(i + 1, null, 'élément de la liste qui n’est pas un objet');
    });
    return table.sessionOrThrow;
  }
  const what = isObject(root)
    ? typeof root.type === 'string'
      ? `un objet de type « ${root.type} »`
      : 'un objet sans « type »'
    : `une valeur ${typeof root}`;
  throw new ImportFileError(`JSON inattendu : ${what} à la racine ; une FeatureCollection GeoJSON ou une liste d’objets est attendue.`);
}

function importFeatures(
  features: unknown[],
  crs: 'wgs84' | 'lambert93' | null,
  options: ImportOptions,
  encoding: ImportEncoding,
  warnings: { kind: 'encoding' | 'format'; message: string }[],
): ImportSession {
  const target = importTargetOf(options.layer)!;
  const keys = keysOf(features.map((f) => (isObject(f) ? f.properties : null)));
  const area = target.geometry === 'area';
  const match = matchHeaders(keys, area ? AREA_FIELDS : POINT_FIELDS, options.mapping);
  const missing = area ? (match.columns.code ? [] : ['code']) : match.columns.name ? [] : ['name'];
  if (missing.length) {
    if (match.unknown.length) throw new ImportMappingNeeded(keys, match.unknown, missing, match.columns);
    throw new ImportFileError(
      `Propriétés introuvables : ${area ? 'le code du quartier (code_qp)' : 'le nom du lieu (nom, libellé, name…)'}. Propriétés des objets : ${keys.map((k) => `« ${k} »`).join(', ') || 'aucune'}.`,
    );
  }
  const schema: ImportSchema = area
    ? keys.includes('code_qp')
      ? 'qpv-2024'
      : keys.includes('CODE_QP')
        ? 'qpv-2015'
        : 'generic'
    : 'generic';
  const session = new ImportSession(options, { format: 'geojson', schema, encoding, delimiter: null, columns: match.columns });
  for (const w of warnings) session.warn(null, null, w.kind, w.message);
  if (crs === 'lambert93') session.warn(null, 'crs', 'reprojected', 'GeoJSON déclaré en Lambert-93 (EPSG:2154) : reprojeté en WGS84');
  if (schema === 'qpv-2015')
    session.warn(
      null,
      'CODE_QP',
      'format',
      'périmètres QPV de 2015 (CODE_QP) : la géographie prioritaire en vigueur est celle de 2024 (code_qp)',
    );
  const names = { ...match.columns };
  const lookups = Object.fromEntries(Object.entries(match.columns).map(([f, k]) => [f, [k, ...(match.alternates[f] ?? [])]]));
  const get = (p: Json, field: string): string | null => {
    for (const k of lookups[field] ?? []) {
      const v = cellOf(p[k]);
      if (v.trim() !== '') return v;
    }
    return null;
  };
  let projectedAreas = 0;
  features.forEach((f, i) => {
    const row = i + 1;
    session.countRow();
    if (!isObject(f) || f.type !== 'Feature') {
      session.reject(row, '(objet)', 'élément de « features » qui n’est pas une Feature GeoJSON');
      return;
    }
    const p = isObject(f.properties) ? f.properties : {};
    const g = f.geometry as Geometry | null | undefined;
    if (area) {
      if (!g) {
        session.reject(row, 'geometry', 'périmètre sans géométrie', get(p, 'code'));
        return;
      }
      let geometry = g;
      if ((crs === 'lambert93' || (crs === null && looksProjected(g))) && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
        try {
          geometry = reproject(g);
          if (crs === null) projectedAreas++;
        } catch {
          session.reject(row, 'geometry', 'coordonnées du périmètre illisibles', get(p, 'code'));
          return;
        }
      }
      const problem = areaGeometryProblem(geometry);
      if (problem) {
        session.reject(row, 'geometry', `géométrie invalide : ${problem}`, get(p, 'code'));
        return;
      }
      session.addArea(row, { code: get(p, 'code'), name: get(p, 'name'), communes: get(p, 'communes') }, geometry, names);
      return;
    }
    let lng: unknown = get(p, 'lng');
    let lat: unknown = get(p, 'lat');
    let rowNames = names;
    if (g) {
      if (g.type !== 'Point') {
        session.reject(row, 'geometry', `géométrie « ${String((g as { type?: unknown }).type)} » : un point est attendu`);
        return;
      }
      const c = g.coordinates as unknown;
      if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
        session.reject(row, 'geometry', 'point sans coordonnées numériques [longitude, latitude]', JSON.stringify(c));
        return;
      }
      [lng, lat] = crs === 'lambert93' ? lambert93ToLngLat(c[0], c[1]) : [c[0], c[1]];
      rowNames = { ...names, lat: 'geometry', lng: 'geometry' };
    }
    const extra: Record<string, string> = {};
    for (const k of match.unknown) {
      const v = clean(cellOf(p[k]));
      if (v !== null) extra[k] = v;
    }
    session.addPoint(
      row,
      {
        id: get(p, 'id'),
        name: get(p, 'name'),
        address: get(p, 'address'),
        address_complement: get(p, 'address_complement'),
        postcode: get(p, 'postcode'),
        commune_name: get(p, 'commune_name'),
        commune_code: get(p, 'commune_code'),
        lat,
        lng,
        phone: get(p, 'phone'),
        mail: get(p, 'mail'),
        website: get(p, 'website'),
        hours: get(p, 'hours'),
        kind: get(p, 'kind'),
        services: get(p, 'services'),
        comment: get(p, 'comment'),
        more: Object.keys(extra).length ? { extra } : {},
      },
      rowNames,
    );
  });
  if (projectedAreas)
    session.warn(
      null,
      'geometry',
      'reprojected',
      `${projectedAreas} périmètre(s) en mètres (Lambert-93 supposé, sans « crs » déclaré) reprojeté(s) en WGS84`,
    );
  return session;
}
