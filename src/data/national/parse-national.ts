import { COMPARISON_INDICATORS, type NationalComparison, type NationalSummaryFile } from '../../core/national/national-comparison.ts';

/** A national summary or comparison file that does not have the expected shape: says which file and field. */
export class NationalFileError extends Error {
  constructor(
    readonly location: string,
    readonly field: string,
    expected: string,
  ) {
    super(`${location} : champ « ${field} » ${expected}`);
    this.name = 'NationalFileError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const DEPT = /^(\d{2,3}|2[AB])$/;
/** At most this many rows: the départements of France, with room. */
const MAX_ROWS = 200;

function checkCommon(value: unknown, format: string, location: string): Json {
  const wrong = (field: string, expected: string): never => {
    throw new NationalFileError(location, field, expected);
  };
  if (!isObject(value)) return wrong('(racine)', 'doit être un objet JSON');
  if (value.format !== format) wrong('format', `doit valoir "${format}"`);
  if (value.version !== 1) wrong('version', 'doit valoir 1');
  if (typeof value.built_at !== 'string' || Number.isNaN(Date.parse(value.built_at))) wrong('built_at', 'doit être une date ISO');
  if (!isObject(value.rule)) wrong('rule', 'doit être un objet (la règle)');
  if (
    !Array.isArray(value.sources) ||
    !value.sources.every((s) => isObject(s) && typeof s.title === 'string' && typeof s.vintage === 'string')
  )
    wrong('sources', 'doit être une liste de sources { title, producer, vintage, licence }');
  const rows = value.rows;
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_ROWS)
    return wrong('rows', `doit être une liste de 1 à ${MAX_ROWS} lignes`);
  for (const [i, r] of rows.entries()) {
    const at = `rows[${i}]`;
    if (!isObject(r)) return wrong(at, 'doit être un objet');
    if (typeof r.dept !== 'string' || !DEPT.test(r.dept)) wrong(`${at}.dept`, 'doit être un code de département');
    if (typeof r.name !== 'string') wrong(`${at}.name`, 'doit être un texte');
    for (const k of ['france_services', 'population', 'cantons', 'cantons_covered'] as const)
      if (!isCount(r[k])) wrong(`${at}.${k}`, 'doit être un nombre entier positif ou nul');
    for (const k of COMPARISON_INDICATORS) if (!isNumberOrNull(r[k])) wrong(`${at}.${k}`, 'doit être un nombre ou null');
  }
  return value;
}

/** Checks the national summary kept by `coverage --national` and returns it typed. */
export function parseNationalSummary(value: unknown, location: string): NationalSummaryFile {
  return checkCommon(value, 'maillage-national-summary', location) as unknown as NationalSummaryFile;
}

/** Checks a bundle's `national.json` (the comparison the app shows) and returns it typed. */
export function parseNationalComparison(value: unknown, location: string): NationalComparison {
  const v = checkCommon(value, 'maillage-national', location);
  const wrong = (field: string, expected: string): never => {
    throw new NationalFileError(location, field, expected);
  };
  if (typeof v.focus !== 'string' || !(v.rows as Json[]).some((r) => r.dept === v.focus))
    wrong('focus', 'doit être un département des lignes');
  if (!Array.isArray(v.neighbours) || !v.neighbours.every((d) => typeof d === 'string' && DEPT.test(d)))
    wrong('neighbours', 'doit être une liste de codes de département');
  for (const k of ['distributions', 'ranks'] as const) if (!isObject(v[k])) wrong(k, 'doit être un objet par indicateur');
  for (const k of COMPARISON_INDICATORS) {
    const d = (v.distributions as Json)[k];
    if (d !== null && !(isObject(d) && ['min', 'q1', 'median', 'q3', 'max'].every((q) => isNumberOrNull(d[q]) && d[q] !== null)))
      wrong(`distributions.${k}`, 'doit donner min, q1, median, q3 et max');
    if (!isNumberOrNull((v.ranks as Json)[k])) wrong(`ranks.${k}`, 'doit être un rang ou null');
  }
  return v as unknown as NationalComparison;
}
