/** The coverage rule's one module (src/core/coverage/coverage-rule.ts): limits, typed values, links, the département default. */
import { describe, expect, it } from 'vitest';
import {
  RULE_LIMITS,
  defaultCoverageRule,
  parseRuleNumber,
  ruleFromUrl,
  ruleToUrl,
  validateCoverageRule,
} from '../../src/core/coverage/coverage-rule.ts';
import type { CoverageRule } from '../../src/core/coverage/coverage-types.ts';

const RULE: CoverageRule = {
  target: 1,
  priorityTarget: 2,
  countBuses: true,
  priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
};

describe('coverage rule', () => {
  it('reads a typed whole number within the field’s limits, else says why in French', () => {
    expect(parseRuleNumber('target', ' 3 ')).toEqual({ ok: true, value: 3 });
    expect(parseRuleNumber('ruralSharePct', '100')).toEqual({ ok: true, value: 100 });
    for (const typed of ['', '-1', '1.5', '1e1', 'deux', '100'])
      expect(parseRuleNumber('target', typed)).toEqual({ ok: false, reason: 'Saisissez un nombre entier de 0 à 99.' });
    expect(parseRuleNumber('ruralSharePct', '101')).toEqual({ ok: false, reason: 'Saisissez un nombre entier de 0 à 100.' });
  });

  it('refuses a rule out of its limits, naming the setting', () => {
    expect(() => validateCoverageRule(RULE)).not.toThrow();
    expect(() => validateCoverageRule({ ...RULE, target: RULE_LIMITS.target.max + 1 })).toThrow(
      /target must be a whole number from 0 to 99/,
    );
    expect(() => validateCoverageRule({ ...RULE, priorityTarget: 1.5 })).toThrow(/priorityTarget/);
    expect(() => validateCoverageRule({ ...RULE, priority: { ...RULE.priority, ruralPopulationShareMin: 1.2 } })).toThrow(
      /ruralPopulationShareMin/,
    );
  });

  it('writes a rule in a link and reads it back unchanged; a malformed link gives no rule', () => {
    expect(ruleToUrl(RULE)).toBe('1-2-bus-qpv-rural50-terr');
    expect(ruleFromUrl(ruleToUrl(RULE))).toEqual(RULE);
    const bare: CoverageRule = {
      target: 0,
      priorityTarget: 99,
      countBuses: false,
      priority: { qpv: false, ruralPopulationShareMin: null, territories: false },
    };
    expect(ruleFromUrl(ruleToUrl(bare))).toEqual(bare);
    for (const bad of ['', '1', 'a-2', '100-2', '1-2-rural101']) expect(ruleFromUrl(bad)).toBeNull();
  });

  it('takes the département’s settings as its default, buses counted', () => {
    const coverage = { target: 1, priorityTarget: 2, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false } };
    expect(defaultCoverageRule({ coverage })).toEqual({ ...RULE, priority: { ...RULE.priority, territories: false } });
  });
});
