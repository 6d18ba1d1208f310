import type { ScenarioOperation } from '../../core/coverage/scenario-types.ts';
import { quoteName } from '../parse/safe-text.ts';

/** Version of the stored scenario shape; a record of another version is "outdated". */
export const SCENARIO_RECORD_SCHEMA = 1;

/** Bounds of a planner's scenario (the scenario file's: docs/planning.md). */
export const SCENARIO_LIMITS = {
  /** Characters of a scenario's name. */
  name: 80,
  /** Characters of an added site's name. */
  siteName: 200,
  /** Operations of one scenario (the engine's limit for a file). */
  operations: 500,
  /** Characters of an existing site's id. */
  id: 128,
} as const;

/** A named scenario of the planner, as kept across reloads. */
export interface StoredScenario {
  schema: typeof SCENARIO_RECORD_SCHEMA;
  id: string;
  /** The département it applies to (ids of existing sites are the département's). */
  dept: string;
  name: string;
  operations: ScenarioOperation[];
  createdAt: string;
  updatedAt: string;
}

/** `closed`: another tab opened a newer version of the database; this page must be reloaded to store again. */
export type ScenarioStoreStatus = 'ok' | 'unavailable' | 'outdated' | 'corrupt' | 'closed';

export interface ScenarioStoreLoad {
  status: ScenarioStoreStatus;
  /** The scenarios that could be read (even when others could not). */
  scenarios: StoredScenario[];
  /** French explanation when the status is not ok. */
  message: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// biome-ignore lint/suspicious/noControlCharactersInRegex: names and ids with control characters are refused
const CONTROL = /[\u0000-\u001f\u007f]/u;

/** Why a text cannot be a name or an id of a scenario (printable, 1 to `max` characters), or null. */
export function scenarioTextProblem(v: unknown, max: number): string | null {
  if (typeof v !== 'string' || v.trim() === '') return 'texte vide';
  if (v.length > max) return `plus de ${max} caractères`;
  if (CONTROL.test(v)) return 'caractère de contrôle';
  return null;
}

function lngLatProblem(p: unknown): string | null {
  if (!Array.isArray(p) || p.length !== 2) return 'position [longitude, latitude] attendue';
  const [lng, lat] = p as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat))
    return 'coordonnées qui ne sont pas des nombres finis';
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return `coordonnées hors des bornes (longitude ${lng}, latitude ${lat})`;
  return null;
}

/** Why a value is not a scenario operation (add, move, close) within the bounds, or null. */
export function scenarioOperationProblem(op: unknown): string | null {
  if (!isObject(op)) return 'opération illisible';
  switch (op.action) {
    case 'add': {
      const p = lngLatProblem(op.lngLat);
      if (p) return p;
      if (op.name !== null && scenarioTextProblem(op.name, SCENARIO_LIMITS.siteName)) return 'nom du site illisible';
      if (
        op.communeCode !== undefined &&
        op.communeCode !== null &&
        !(typeof op.communeCode === 'string' && /^[0-9][0-9AB][0-9]{3}$/.test(op.communeCode))
      )
        return 'code commune illisible';
      return null;
    }
    case 'move':
      return scenarioTextProblem(op.id, SCENARIO_LIMITS.id) ? 'identifiant du site illisible' : lngLatProblem(op.lngLat);
    case 'close':
      return scenarioTextProblem(op.id, SCENARIO_LIMITS.id) ? 'identifiant du site illisible' : null;
    default:
      return 'action inconnue (add, move ou close attendu)';
  }
}

/** Why a stored record cannot be used, or null. `outdated` when it has another schema version. */
export function storedScenarioProblem(value: unknown): { kind: 'outdated' | 'corrupt'; reason: string } | null {
  if (!isObject(value)) return { kind: 'corrupt', reason: 'enregistrement vide ou illisible' };
  if (value.schema !== SCENARIO_RECORD_SCHEMA)
    return {
      kind: 'outdated',
      reason: `format d’enregistrement ${typeof value.schema === 'number' ? value.schema : 'inconnu'} (attendu : ${SCENARIO_RECORD_SCHEMA})`,
    };
  for (const key of ['id', 'dept', 'createdAt', 'updatedAt'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') return { kind: 'corrupt', reason: `champ « ${key} » manquant` };
  }
  if (scenarioTextProblem(value.name, SCENARIO_LIMITS.name)) return { kind: 'corrupt', reason: 'nom illisible' };
  const ops = value.operations;
  if (!Array.isArray(ops)) return { kind: 'corrupt', reason: 'liste des opérations manquante' };
  if (ops.length > SCENARIO_LIMITS.operations)
    return { kind: 'corrupt', reason: `${ops.length} opérations (au plus ${SCENARIO_LIMITS.operations})` };
  for (let i = 0; i < ops.length; i++) {
    const problem = scenarioOperationProblem(ops[i]);
    if (problem) return { kind: 'corrupt', reason: `opération ${i + 1} : ${problem}` };
  }
  return null;
}

/** Splits loaded records into usable scenarios and an overall status with its French message (which scenario, why). */
export function checkStoredScenarios(records: readonly unknown[]): ScenarioStoreLoad {
  const scenarios: StoredScenario[] = [];
  const outdated: string[] = [];
  const broken: string[] = [];
  for (const record of records) {
    const problem = storedScenarioProblem(record);
    const name = isObject(record) ? record.name : undefined;
    const label = typeof name === 'string' && name !== '' ? quoteName(name) : 'un scénario';
    if (!problem) scenarios.push(record as unknown as StoredScenario);
    else (problem.kind === 'outdated' ? outdated : broken).push(`${label} (${problem.reason})`);
  }
  scenarios.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  if (broken.length) return { status: 'corrupt', scenarios, message: `Scénarios illisibles, ignorés : ${broken.join(' ; ')}.` };
  if (outdated.length)
    return {
      status: 'outdated',
      scenarios,
      message: `Scénarios enregistrés par une autre version de l’application, ignorés : ${outdated.join(' ; ')}.`,
    };
  return { status: 'ok', scenarios, message: null };
}
