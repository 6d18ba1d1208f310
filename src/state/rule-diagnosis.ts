import type { CoverageRow, CoverageRule, PriorityReason } from '../core/coverage/coverage-types.ts';

/** Share of priority cantons from which the rule no longer tells cantons apart (issue 10: 40 of 41 in the Nord). */
export const PRIORITY_SHARE_LIMIT = 0.8;

/** What a rule does to the cantons, and whether it still tells them apart. */
export interface RuleDiagnosis {
  cantons: number;
  priority: number;
  /** The priority target is below the ordinary one: priority cantons would need fewer sites. */
  contradictory: boolean;
  /** At least {@link PRIORITY_SHARE_LIMIT} of the cantons are priorities (`too-many`), or none is (`none`); null: the rule discriminates. */
  undiscriminating: 'too-many' | 'none' | null;
  /** Cantons each criterion makes a priority, largest first (criteria that are on). */
  byCriterion: { reason: PriorityReason; cantons: number }[];
  /** The criterion that alone makes at least the limit's share of cantons priorities, if any (`too-many`). */
  cause: PriorityReason | null;
  /** The criteria that are on. */
  criteriaOn: PriorityReason[];
}

/** Criteria of the rule that are on, in the rule's order. */
export function criteriaOn(rule: CoverageRule): PriorityReason[] {
  return [
    ...(rule.priority.qpv ? (['qpv'] as const) : []),
    ...(rule.priority.ruralPopulationShareMin !== null ? (['rural'] as const) : []),
    ...(rule.priority.territories ? (['territory'] as const) : []),
  ];
}

/** Reads the table a rule gave: contradictory targets, a priority definition that no longer discriminates and why. */
export function diagnoseRule(rule: CoverageRule, rows: readonly Pick<CoverageRow, 'priority' | 'priorityReasons'>[]): RuleDiagnosis {
  const on = criteriaOn(rule);
  const priority = rows.filter((r) => r.priority).length;
  const byCriterion = on
    .map((reason) => ({ reason, cantons: rows.filter((r) => r.priorityReasons.includes(reason)).length }))
    .sort((a, b) => b.cantons - a.cantons);
  const limit = Math.ceil(PRIORITY_SHARE_LIMIT * rows.length);
  const undiscriminating = rows.length === 0 ? null : priority >= limit ? 'too-many' : priority === 0 ? 'none' : null;
  return {
    cantons: rows.length,
    priority,
    contradictory: rule.priorityTarget < rule.target,
    undiscriminating,
    byCriterion,
    cause: undiscriminating === 'too-many' && byCriterion[0] && byCriterion[0].cantons >= limit ? byCriterion[0].reason : null,
    criteriaOn: on,
  };
}
