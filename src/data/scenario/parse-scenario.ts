import { parseTree, type ParseError } from 'jsonc-parser';
import { expandBBoxKm, isInBBox, type BBox } from '../../core/geo/lng-lat.ts';
import type { Scenario, ScenarioOperation } from '../../core/coverage/scenario-types.ts';

/** Bounds of a scenario file: a planner's what-if, not a data set. */
export const SCENARIO_LIMITS = {
  /** Bytes of the file's text. */
  maxBytes: 1_000_000,
  /** Features (operations). */
  maxFeatures: 500,
  /** Characters of a site's or the scenario's name. */
  maxNameLength: 200,
  /** A point farther than this from the département's extent is refused (km). */
  maxKmOutside: 30,
} as const;

/** A scenario file that cannot be used: says which file, feature (1-based in the message) and field, and why, in French. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly feature: number | null,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`${file}${feature !== null ? ` : élément ${feature + 1}` : ''}${field ? `, champ « ${field} »` : ''} : ${reason}`);
    this.name = 'ScenarioFileError';
  }
}

export interface ScenarioFileOptions {
  /** File name, for the messages. */
  file: string;
  /** Ids of the département's France Services: `move` and `close` must name one. */
  siteIds?: readonly string[];
  /** The département's extent: a point far outside it is refused (and a swapped one said so). */
  extent?: BBox;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const offset = Math.min(errors[0]?.offset ?? 0, text.length);
    const before = text.slice(0, offset);
    throw new ScenarioFileError(
      file,
      null,
      null,
      `JSON invalide à la ligne ${before.split('\n').length}, colonne ${offset - before.lastIndexOf('\n')}`,
    );
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function pointOf(f: Record<string, unknown>, i: number, options: ScenarioFileOptions): [number, number] {
  const g = f.geometry as { type?: unknown; coordinates?: unknown } | null;
  const err = (reason: string) => new ScenarioFileError(options.file, i, 'geometry', reason);
  if (!isRecord(g) || g.type !== 'Point')
    throw err(`un point (géométrie Point) est attendu, reçu ${isRecord(g) ? JSON.stringify(g.type) : 'aucune géométrie'}`);
  const c = g.coordinates;
  if (
    !Array.isArray(c) ||
    c.length < 2 ||
    typeof c[0] !== 'number' ||
    typeof c[1] !== 'number' ||
    !Number.isFinite(c[0]) ||
    !Number.isFinite(c[1])
  )
    throw err(`coordonnées [longitude, latitude] attendues, reçu ${JSON.stringify(c)}`);
  const [lng, lat] = c as [number, number];
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) throw err(`coordonnées hors limites : longitude ${lng}, latitude ${lat}`);
  if (options.extent) {
    const around = expandBBoxKm(options.extent, SCENARIO_LIMITS.maxKmOutside);
    if (!isInBBox([lng, lat], around)) {
      const swapped = isInBBox([lat, lng], around);
      throw err(
        `le point [${lng}, ${lat}] est à plus de ${SCENARIO_LIMITS.maxKmOutside} km du département${swapped ? ' ; inversées, les coordonnées y tombent : GeoJSON attend [longitude, latitude]' : ''}`,
      );
    }
  }
  return [lng, lat];
}

function textOf(p: Record<string, unknown>, field: string, i: number | null, file: string): string | null {
  const v = p[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new ScenarioFileError(file, i, field, `texte attendu, reçu ${JSON.stringify(v)}`);
  const t = v.trim();
  if (t.length > SCENARIO_LIMITS.maxNameLength)
    throw new ScenarioFileError(file, i, field, `texte trop long (${t.length} caractères, au plus ${SCENARIO_LIMITS.maxNameLength})`);
  return t === '' ? null : t;
}

function operationOf(f: unknown, i: number, options: ScenarioFileOptions, seen: Map<string, number>): ScenarioOperation {
  const { file } = options;
  if (!isRecord(f) || f.type !== 'Feature') throw new ScenarioFileError(file, i, null, 'un objet GeoJSON « Feature » est attendu');
  if (f.properties !== undefined && f.properties !== null && !isRecord(f.properties))
    throw new ScenarioFileError(file, i, 'properties', 'un objet de propriétés est attendu');
  const p = (f.properties ?? {}) as Record<string, unknown>;
  const action = p.action ?? 'add';
  if (action !== 'add' && action !== 'move' && action !== 'close')
    throw new ScenarioFileError(
      file,
      i,
      'action',
      `valeur ${JSON.stringify(action)} inconnue : add (ajout, par défaut), move (déplacement) ou close (fermeture)`,
    );
  const name = textOf(p, 'name', i, file);
  if (action === 'add') return { action, lngLat: pointOf(f, i, options), name };
  const id = textOf(p, 'id', i, file);
  if (!id)
    throw new ScenarioFileError(
      file,
      i,
      'id',
      `l'identifiant de la France Services à ${action === 'move' ? 'déplacer' : 'fermer'} est requis`,
    );
  if (options.siteIds && !options.siteIds.includes(id))
    throw new ScenarioFileError(file, i, 'id', `aucune France Services du département n'a l'identifiant « ${id} »`);
  const earlier = seen.get(id);
  if (earlier !== undefined)
    throw new ScenarioFileError(file, i, 'id', `la France Services « ${id} » est déjà déplacée ou fermée par l'élément ${earlier + 1}`);
  seen.set(id, i);
  return action === 'move' ? { action, id, lngLat: pointOf(f, i, options) } : { action, id };
}

/**
 * Reads a scenario file: a GeoJSON FeatureCollection of Points, each an operation by its
 * properties — `action` `add` (default: a hypothetical France Services at the point,
 * optional `name`), `move` (`id` of an existing site, moved to the point) or `close`
 * (`id`; its geometry may be null). The collection's optional `name` names the scenario.
 * Bounded ({@link SCENARIO_LIMITS}); any problem throws a {@link ScenarioFileError}
 * naming the file, the feature and the field.
 */
export function parseScenarioGeoJson(text: string, options: ScenarioFileOptions): Scenario {
  const { file } = options;
  if (text.length > SCENARIO_LIMITS.maxBytes)
    throw new ScenarioFileError(file, null, null, `fichier trop gros (${text.length} caractères, au plus ${SCENARIO_LIMITS.maxBytes})`);
  const json = parseJson(text.replace(/^\uFEFF/, ''), file);
  if (!isRecord(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features))
    throw new ScenarioFileError(file, null, null, 'une FeatureCollection GeoJSON (avec une liste « features ») est attendue');
  if (json.features.length === 0) throw new ScenarioFileError(file, null, null, 'le scénario ne contient aucune opération');
  if (json.features.length > SCENARIO_LIMITS.maxFeatures)
    throw new ScenarioFileError(file, null, null, `trop d'opérations (${json.features.length}, au plus ${SCENARIO_LIMITS.maxFeatures})`);
  const name = textOf(json, 'name', null, file);
  const seen = new Map<string, number>();
  return {
    name,
    operations: json.features.map((f, i) => operationOf(f, i, options, seen)),
  };
}
