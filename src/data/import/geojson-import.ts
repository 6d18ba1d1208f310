import type { Geometry, Position } from 'geojson';
import { areaGeometryProblem } from '../coverage/coverage-input.ts';
import { describeValueProblem, jsonValueProblem, previewValue } from '../parse/bounded-json.ts';
import { listNames, quoteName } from '../parse/safe-text.ts';
import { AREA_FIELDS, POINT_FIELDS, importTargetOf, matchHeaders, type HeaderMatch } from './import-fields.ts';
import { checkColumnCount, createExtraColumns, ownValue, type ExtraColumns } from './import-records.ts';
import { ImportSession, clean, type FieldNames } from './import-session.ts';
import { lambert93ToLngLat } from './place-import-row.ts';
import { TabularImport } from './tabular-import.ts';
import { ImportFileError, ImportMappingNeeded, type ImportEncoding, type ImportOptions, type ImportSchema } from './import-types.ts';

type Json = Record<string, unknown>;
type FileWarnings = { kind: 'encoding' | 'format'; message: string }[];
type Crs = 'wgs84' | 'lambert93' | null;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A property value as text: lists joined with `|`, objects as JSON. Only for values within VALUE_LIMITS. */
function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('|');
  return typeof v === 'object' ? JSON.stringify(v) : '';
}

/** The first property of an object whose value is too deep or too large (checked iteratively), or null. */
function propertyProblem(p: Json): { field: string; reason: string; value: string } | null {
  for (const k of Object.keys(p)) {
    const problem = jsonValueProblem(p[k]);
    if (problem) return { field: k, reason: describeValueProblem(problem), value: previewValue(p[k]) };
  }
  return null;
}

/** Keys of a list of objects, in first-seen order; refuses more columns than the import reads. */
function keysOf(objects: readonly unknown[], options: ImportOptions): string[] {
  const keys = new Set<string>();
  for (const o of objects) {
    if (!isObject(o)) continue;
    for (const k of Object.keys(o)) keys.add(k);
    checkColumnCount(keys.size, options, 'propriétés');
  }
  return [...keys];
}

/** The coordinate system a GeoJSON's (obsolete but common) `crs` member declares. */
function crsOf(root: Json): Crs {
  const props = isObject(root.crs) && isObject(root.crs.properties) ? root.crs.properties : null;
  const value = props ? ownValue(props, 'name') : undefined;
  if (value === undefined || value === null || value === '') return null;
  const name = typeof value === 'string' ? value : previewValue(value, 60);
  if (typeof value === 'string' && /2154/.test(name)) return 'lambert93';
  if (typeof value === 'string' && /4326|CRS84/i.test(name)) return 'wgs84';
  throw new ImportFileError(
    `Système de coordonnées ${quoteName(name)} non géré : exportez le fichier en WGS84 (EPSG:4326) ou en Lambert-93 (EPSG:2154).`,
  );
}

/** An area's coordinates rebuilt from `[lng, lat]` of each position (altitudes and foreign members dropped), reprojected if asked. */
function rebuildArea(geometry: Geometry, lambert93: boolean): Geometry {
  const p = (pos: Position): Position => (lambert93 ? lambert93ToLngLat(pos[0], pos[1]) : [pos[0], pos[1]]);
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => r.map(p)) };
  if (geometry.type === 'MultiPolygon')
    return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map((r) => r.map(p))) };
  return geometry;
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
export function importJson(root: unknown, options: ImportOptions, encoding: ImportEncoding, warnings: FileWarnings): ImportSession {
  if (!importTargetOf(options.layer)) throw new ImportFileError(`Couche inconnue : ${quoteName(options.layer)}.`);
  let features: unknown[] | null = null;
  let crs: Crs = null;
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
  if (Array.isArray(root)) return importRecords(root, options, encoding, warnings);
  const what = isObject(root)
    ? typeof root.type === 'string'
      ? `un objet de type ${quoteName(root.type)}`
      : 'un objet sans « type »'
    : `une valeur ${typeof root}`;
  throw new ImportFileError(`JSON inattendu : ${what} à la racine ; une FeatureCollection GeoJSON ou une liste d’objets est attendue.`);
}

/** A JSON array of objects, read as a table whose columns are the objects' keys. */
function importRecords(root: unknown[], options: ImportOptions, encoding: ImportEncoding, warnings: FileWarnings): ImportSession {
  if (root.length === 0) throw new ImportFileError('Liste JSON vide : aucune ligne à importer.');
  const headers = keysOf(root, options);
  if (headers.length === 0) throw new ImportFileError('Liste JSON sans aucun objet : une liste d’objets (un objet par lieu) est attendue.');
  const table = new TabularImport(options, { format: 'json', encoding, delimiter: null, warnings });
  table.header(headers);
  root.forEach((o, i) => {
    const problem = isObject(o) ? propertyProblem(o) : null;
    if (!isObject(o)) table.record(i + 1, null, 'élément de la liste qui n’est pas un objet');
    else if (problem) table.rejectRecord(i + 1, problem.field, problem.reason, problem.value);
    else
      table.record(
        i + 1,
        headers.map((h) => cellOf(ownValue(o, h))),
      );
  });
  return table.sessionOrThrow;
}

/** How the features' properties fill the fields, read once for the whole file. */
interface FeatureColumns {
  area: boolean;
  crs: Crs;
  match: HeaderMatch;
  names: FieldNames;
  /** Field → properties to read, best first (the alternates when the first is empty). */
  lookups: Record<string, string[]>;
}

function featureSession(
  features: unknown[],
  crs: Crs,
  options: ImportOptions,
  encoding: ImportEncoding,
  warnings: FileWarnings,
): { session: ImportSession; columns: FeatureColumns } {
  const area = importTargetOf(options.layer)!.geometry === 'area';
  const keys = keysOf(
    features.map((f) => (isObject(f) ? f.properties : null)),
    options,
  );
  const match = matchHeaders(keys, area ? AREA_FIELDS : POINT_FIELDS, options.mapping);
  const missing = area ? (match.columns.code ? [] : ['code']) : match.columns.name ? [] : ['name'];
  if (missing.length) {
    if (match.unknown.length) throw new ImportMappingNeeded(keys, match.unknown, missing, match.columns);
    throw new ImportFileError(
      `Propriétés introuvables : ${area ? 'le code du quartier (code_qp)' : 'le nom du lieu (nom, libellé, name…)'}. Propriétés des objets : ${listNames(keys)}.`,
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
  const lookups: Record<string, string[]> = Object.create(null);
  for (const [f, k] of Object.entries(match.columns)) lookups[f] = [k, ...(match.alternates[f] ?? [])];
  return { session, columns: { area, crs, match, names: { ...match.columns }, lookups } };
}

function importFeatures(
  features: unknown[],
  crs: Crs,
  options: ImportOptions,
  encoding: ImportEncoding,
  warnings: FileWarnings,
): ImportSession {
  const { session, columns } = featureSession(features, crs, options, encoding, warnings);
  let projectedAreas = 0;
  features.forEach((f, i) => {
    const row = i + 1;
    session.countRow();
    if (!isObject(f) || f.type !== 'Feature') {
      session.reject(row, '(objet)', 'élément de « features » qui n’est pas une Feature GeoJSON');
      return;
    }
    const p = isObject(f.properties) ? f.properties : {};
    const problem = propertyProblem(p);
    if (problem) session.reject(row, problem.field, problem.reason, problem.value);
    else if (columns.area) projectedAreas += importArea(session, row, p, f.geometry, columns);
    else importPoint(session, row, p, f.geometry, columns);
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

/** The text of a field: its property, else the next one naming it when the first is empty. */
function fieldOf(p: Json, field: string, columns: FeatureColumns): string | null {
  for (const k of columns.lookups[field] ?? []) {
    const v = cellOf(ownValue(p, k));
    if (v.trim() !== '') return v;
  }
  return null;
}

/** One QPV polygon; returns 1 when it was reprojected without a declared `crs`. */
function importArea(session: ImportSession, row: number, p: Json, g: unknown, columns: FeatureColumns): number {
  const code = fieldOf(p, 'code', columns);
  if (!g) {
    session.reject(row, 'geometry', 'périmètre sans géométrie', code);
    return 0;
  }
  const type = isObject(g) ? g.type : undefined;
  const projected =
    (type === 'Polygon' || type === 'MultiPolygon') && (columns.crs === 'lambert93' || (columns.crs === null && looksProjected(g)));
  let geometry = g as Geometry;
  if (projected) {
    try {
      geometry = rebuildArea(geometry, true);
    } catch {
      session.reject(row, 'geometry', 'coordonnées du périmètre illisibles', code);
      return 0;
    }
  }
  const problem = areaGeometryProblem(geometry);
  if (problem) {
    session.reject(row, 'geometry', `géométrie invalide : ${problem}`, code);
    return 0;
  }
  // checked: every position is [lng, lat] in degrees; only those two numbers are kept
  const rebuilt = projected ? geometry : rebuildArea(geometry, false);
  session.addArea(row, { code, name: fieldOf(p, 'name', columns), communes: fieldOf(p, 'communes', columns) }, rebuilt, columns.names);
  return projected && columns.crs === null ? 1 : 0;
}

/** One point: from its geometry, else from coordinate properties, else from its commune. */
function importPoint(session: ImportSession, row: number, p: Json, g: unknown, columns: FeatureColumns): void {
  let lng: unknown = fieldOf(p, 'lng', columns);
  let lat: unknown = fieldOf(p, 'lat', columns);
  let rowNames = columns.names;
  if (g) {
    const type = isObject(g) ? g.type : undefined;
    if (type !== 'Point') {
      session.reject(row, 'geometry', `géométrie ${quoteName(previewValue(type, 40))} : un point est attendu`);
      return;
    }
    const c = (g as Json).coordinates;
    if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
      session.reject(row, 'geometry', 'point sans coordonnées numériques [longitude, latitude]', previewValue(c));
      return;
    }
    [lng, lat] = columns.crs === 'lambert93' ? lambert93ToLngLat(c[0], c[1]) : [c[0], c[1]];
    rowNames = { ...columns.names, lat: 'geometry', lng: 'geometry' };
  }
  const extra: ExtraColumns = createExtraColumns();
  let extras = 0;
  for (const k of columns.match.unknown) {
    const v = clean(cellOf(ownValue(p, k)));
    if (v !== null) {
      extra[k] = v;
      extras++;
    }
  }
  const get = (field: string) => fieldOf(p, field, columns);
  session.addPoint(
    row,
    {
      id: get('id'),
      name: get('name'),
      address: get('address'),
      address_complement: get('address_complement'),
      postcode: get('postcode'),
      commune_name: get('commune_name'),
      commune_code: get('commune_code'),
      lat,
      lng,
      phone: get('phone'),
      mail: get('mail'),
      website: get('website'),
      hours: get('hours'),
      kind: get('kind'),
      services: get('services'),
      comment: get('comment'),
      more: extras ? { extra } : {},
    },
    rowNames,
  );
}
