import { areaGeometryProblem } from '../coverage/coverage-input.ts';
import type { ImportReport, ImportedFeature } from '../import/import-types.ts';
import { jsonValueProblem, VALUE_LIMITS } from '../parse/bounded-json.ts';
import { quoteName } from '../parse/safe-text.ts';

/** Version of the stored record shape; a record of another version is "outdated". */
export const IMPORT_RECORD_SCHEMA = 1;

/** One imported layer as kept across reloads. */
export interface StoredImport {
  schema: typeof IMPORT_RECORD_SCHEMA;
  id: string;
  /** Import target layer (msp, first-reception…). */
  target: string;
  title: string;
  fileName: string;
  dept: string;
  importedAt: string;
  report: ImportReport;
  features: ImportedFeature[];
}

/** `closed`: another tab opened a newer version of the database; this page must be reloaded to store again. */
export type ImportStoreStatus = 'ok' | 'unavailable' | 'outdated' | 'corrupt' | 'closed';

export interface ImportStoreLoad {
  status: ImportStoreStatus;
  /** The layers that could be read (even when others could not). */
  layers: StoredImport[];
  /** French explanation when the status is not ok. */
  message: string | null;
}

type Problem = { kind: 'outdated' | 'corrupt'; reason: string };
const corrupt = (reason: string): Problem => ({ kind: 'corrupt', reason });
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Stored properties: one more level than a value (the properties object itself, then `extra`, `hours`…). */
const PROPERTY_LIMITS = { maxDepth: VALUE_LIMITS.maxDepth + 2, maxChars: Number.MAX_SAFE_INTEGER };

function reportProblem(r: unknown): string | null {
  if (!isObject(r) || !isCount(r.rows_read) || !isCount(r.accepted) || !Array.isArray(r.rejected) || !Array.isArray(r.warnings))
    return 'rapport de validation illisible';
  if (r.accepted + r.rejected.length !== r.rows_read)
    return `rapport incohérent : ${r.accepted} accepté(s) + ${r.rejected.length} rejeté(s) ≠ ${r.rows_read} lu(s)`;
  return null;
}

/** Why a stored feature cannot be shown, or null: a Feature, a Point of finite `[lng, lat]` in degrees or a valid area, an id. */
export function storedFeatureProblem(f: unknown): string | null {
  if (!isObject(f) || f.type !== 'Feature') return 'pas une Feature GeoJSON';
  const g = f.geometry;
  if (!isObject(g)) return 'sans géométrie';
  if (g.type === 'Point') {
    const c = g.coordinates;
    if (!Array.isArray(c) || c.length !== 2) return 'point sans coordonnées [longitude, latitude]';
    const [lng, lat] = c as unknown[];
    if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat))
      return 'coordonnées qui ne sont pas des nombres finis';
    if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return `coordonnées hors des bornes (longitude ${lng}, latitude ${lat})`;
  } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const problem = areaGeometryProblem(g);
    if (problem) return `périmètre invalide (${problem})`;
  } else return 'géométrie ni point ni polygone';
  if (!isObject(f.properties)) return 'sans propriétés';
  if (typeof f.properties.id !== 'string' || f.properties.id === '') return 'sans identifiant';
  if (jsonValueProblem(f.properties, PROPERTY_LIMITS)) return 'propriétés trop imbriquées';
  return null;
}

/** Why a stored record cannot be used, or null. `outdated` when it has another schema version. */
export function storedImportProblem(value: unknown): Problem | null {
  return storedRecordProblem(value) ?? featuresProblem((value as StoredImport).features, 0, (value as StoredImport).features.length);
}

/** Why a stored record cannot be used, its features' own checks aside (`featuresProblem`), or null. */
function storedRecordProblem(value: unknown): Problem | null {
  if (!isObject(value)) return corrupt('enregistrement vide ou illisible');
  const v = value as Partial<Record<keyof StoredImport, unknown>>;
  if (v.schema !== IMPORT_RECORD_SCHEMA)
    return {
      kind: 'outdated',
      reason: `format d’enregistrement ${typeof v.schema === 'number' ? v.schema : 'inconnu'} (attendu : ${IMPORT_RECORD_SCHEMA})`,
    };
  for (const key of ['id', 'target', 'title', 'fileName', 'dept', 'importedAt'] as const) {
    if (typeof v[key] !== 'string' || v[key] === '') return corrupt(`champ « ${key} » manquant`);
  }
  const report = reportProblem(v.report);
  if (report) return corrupt(report);
  if (!Array.isArray(v.features)) return corrupt('liste des lieux manquante');
  const accepted = (v.report as ImportReport).accepted;
  if (v.features.length !== accepted) return corrupt(`${v.features.length} lieu(x) enregistré(s) pour ${accepted} accepté(s)`);
  return null;
}

/** The first problem of `features[from…to)`, with the feature's number, or null. */
function featuresProblem(features: readonly unknown[], from: number, to: number): Problem | null {
  for (let i = from; i < to; i++) {
    const problem = storedFeatureProblem(features[i]);
    if (problem) return corrupt(`lieu ${i + 1} : ${problem}`);
  }
  return null;
}

/** Splits loaded records into usable layers and an overall status with its French message (which layer, why). */
export function checkStoredImports(records: readonly unknown[], unreadable: readonly string[] = []): ImportStoreLoad {
  return sortRecords(
    records,
    Array.from(records, (r) => storedImportProblem(r)),
    unreadable,
  );
}

/** Features checked per slice by `checkStoredImportsInSlices` (about 10–20 ms on this project's test machine). */
const STORED_CHECK_SLICE = 10_000;

/**
 * `checkStoredImports`, the same answer, with the features checked `sliceSize` at a time and
 * `pause()` awaited between slices: 200,000 stored features checked at once took 170–360 ms (in
 * Node, docs/benchmarks.md), all in one task of the page.
 */
export async function checkStoredImportsInSlices(
  records: readonly unknown[],
  unreadable: readonly string[],
  pause: () => Promise<void>,
  sliceSize = STORED_CHECK_SLICE,
): Promise<ImportStoreLoad> {
  if (!Number.isInteger(sliceSize) || sliceSize < 1) throw new RangeError(`slices of ${sliceSize} features: expected a whole number ≥ 1`);
  const problems: (Problem | null)[] = [];
  for (const record of Array.from(records)) {
    let problem = storedRecordProblem(record);
    const features = problem ? [] : (record as StoredImport).features;
    for (let from = 0; !problem && from < features.length; from += sliceSize) {
      if (from > 0) await pause();
      problem = featuresProblem(features, from, Math.min(features.length, from + sliceSize));
    }
    problems.push(problem);
  }
  return sortRecords(records, problems, unreadable);
}

/** Usable layers and the overall status, from each record's problem (or null). */
function sortRecords(records: readonly unknown[], problems: readonly (Problem | null)[], unreadable: readonly string[]): ImportStoreLoad {
  const layers: StoredImport[] = [];
  const outdated: string[] = [];
  const broken: string[] = [...unreadable];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const problem = problems[i];
    const name = isObject(record) ? record.title : undefined;
    const label = typeof name === 'string' && name !== '' ? quoteName(name) : 'une couche';
    if (!problem) layers.push(record as unknown as StoredImport);
    else (problem.kind === 'outdated' ? outdated : broken).push(`${label} (${problem.reason})`);
  }
  if (broken.length) return { status: 'corrupt', layers, message: `Couches importées illisibles, ignorées : ${broken.join(' ; ')}.` };
  if (outdated.length)
    return {
      status: 'outdated',
      layers,
      message: `Couches importées par une autre version de l’application, ignorées : ${outdated.join(' ; ')}.`,
    };
  return { status: 'ok', layers, message: null };
}
