import type { CoverageRule } from './coverage-types.ts';

/**
 * The coverage rule's one home: its limits, the check of a typed value (with the reason in
 * French), the check of a whole rule, its form in a link (`regle=1-2-bus-qpv-rural50-terr`) and
 * the département's default. Read by the planner panel, the URL state, the engine
 * (applyCoverageRule) and the CLI. Pure.
 */

/** Bounds of the rule's numbers, as typed by a user: France Services per canton, and the rural share in %. */
export const RULE_LIMITS = {
  target: { min: 0, max: 99 },
  priorityTarget: { min: 0, max: 99 },
  ruralSharePct: { min: 0, max: 100 },
} as const;

export type RuleNumberField = keyof typeof RULE_LIMITS;

export type ParsedRuleNumber = { ok: true; value: number } | { ok: false; reason: string };

/**
 * Reads a number typed for a field of the rule: a whole number within the field's limits, or why
 * not, in French. Spaces around it are ignored; anything else (a sign, a decimal, a letter) is not a whole number.
 */
export function parseRuleNumber(field: RuleNumberField, text: string): ParsedRuleNumber {
  const { min, max } = RULE_LIMITS[field];
  const t = text.trim();
  const n = Number(t);
  if (t !== '' && /^\d+$/.test(t) && n >= min && n <= max) return { ok: true, value: n };
  return { ok: false, reason: `Saisissez un nombre entier de ${min} à ${max}.` };
}

/** Checks a rule; throws a RangeError naming the bad setting. */
export function validateCoverageRule(rule: CoverageRule): void {
  for (const k of ['target', 'priorityTarget'] as const) {
    const { min, max } = RULE_LIMITS[k];
    if (!Number.isInteger(rule[k]) || rule[k] < min || rule[k] > max)
      throw new RangeError(`${k} must be a whole number from ${min} to ${max}, got ${rule[k]}`);
  }
  const share = rule.priority.ruralPopulationShareMin;
  if (share !== null && !(share >= 0 && share <= 1))
    throw new RangeError(`priority.ruralPopulationShareMin must be between 0 and 1, got ${share}`);
}

/** The rule as a link writes it: `target-priorityTarget[-bus][-qpv][-ruralNN][-terr]`. */
export function ruleToUrl(rule: CoverageRule): string {
  const r = rule.priority.ruralPopulationShareMin;
  return [
    rule.target,
    rule.priorityTarget,
    ...(rule.countBuses ? ['bus'] : []),
    ...(rule.priority.qpv ? ['qpv'] : []),
    ...(r !== null ? [`rural${Math.round(r * 100)}`] : []),
    ...(rule.priority.territories ? ['terr'] : []),
  ].join('-');
}

/** Reads a rule from a link; null when it is malformed or out of bounds (a link is untrusted input). */
export function ruleFromUrl(v: string | null): CoverageRule | null {
  if (!v) return null;
  const parts = v.split('-');
  const [target, priorityTarget] = [Number(parts[0]), Number(parts[1])];
  if (!/^\d{1,2}$/.test(parts[0] ?? '') || !/^\d{1,2}$/.test(parts[1] ?? '')) return null;
  const flags = new Set(parts.slice(2));
  const rural = [...flags].map((f) => /^rural(\d{1,3})$/.exec(f)).find(Boolean);
  const ruralPct = rural ? Number(rural[1]) : null;
  if (ruralPct !== null && ruralPct > RULE_LIMITS.ruralSharePct.max) return null;
  return {
    target,
    priorityTarget,
    countBuses: flags.has('bus'),
    priority: { qpv: flags.has('qpv'), ruralPopulationShareMin: ruralPct === null ? null : ruralPct / 100, territories: flags.has('terr') },
  };
}

/** A département's rule settings (data/departements/NN.json, copied into the bundle manifest). */
export interface DepartementRuleSettings {
  target: number;
  priorityTarget: number;
  priority: { qpv: boolean; ruralPopulationShareMin: number; territories: boolean };
}

/** The département's default rule; buses count by default. */
export function defaultCoverageRule(manifest: { coverage: DepartementRuleSettings }): CoverageRule {
  const c = manifest.coverage;
  return {
    target: c.target,
    priorityTarget: c.priorityTarget,
    countBuses: true,
    priority: { qpv: c.priority.qpv, ruralPopulationShareMin: c.priority.ruralPopulationShareMin, territories: c.priority.territories },
  };
}
