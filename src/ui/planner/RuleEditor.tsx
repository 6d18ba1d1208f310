import { useId, useState } from 'react';
import { RULE_LIMITS, parseRuleNumber, type RuleNumberField } from '../../core/coverage/coverage-rule.ts';
import type { CoverageRule } from '../../core/coverage/coverage-types.ts';

/**
 * A whole-number field that keeps what the user types (an empty field while retyping, say)
 * and applies it only when it is a whole number in range; otherwise it says why, in French,
 * and the table keeps the last valid rule. Leaving the field shows the applied value again.
 */
function WholeNumberField({
  field,
  label,
  value,
  onValid,
  disabled,
  ariaLabel,
}: {
  field: RuleNumberField;
  label?: string;
  value: number;
  onValid(n: number): void;
  disabled?: boolean;
  ariaLabel?: string;
}) {
  const { min, max } = RULE_LIMITS[field];
  const [draft, setDraft] = useState<string | null>(null);
  const errorId = useId();
  const text = draft ?? String(value);
  const parsed = parseRuleNumber(field, text);
  const invalid = draft !== null && !parsed.ok;
  const input = (
    <input
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      value={text}
      disabled={disabled}
      aria-label={ariaLabel}
      aria-invalid={invalid || undefined}
      aria-describedby={invalid ? errorId : undefined}
      onChange={(e) => {
        const v = e.target.value;
        setDraft(v);
        const typed = parseRuleNumber(field, v);
        if (typed.ok) onValid(typed.value);
      }}
      onBlur={() => setDraft(null)}
    />
  );
  const message = invalid && (
    <span id={errorId} className="rule__field-error" role="alert">
      {!parsed.ok && parsed.reason}
    </span>
  );
  // the message sits outside the label, so that the field's name stays the label alone
  return label ? (
    <div className="rule__field">
      <label>
        {label}
        {input}
      </label>
      {message}
    </div>
  ) : (
    <>
      {input}
      {message}
    </>
  );
}

/** The target rule: numbers, buses, what makes a canton a priority, and the way back to the département's rule. */
export function RuleEditor({
  rule,
  onChange,
  onReset,
  error,
}: {
  rule: CoverageRule;
  onChange(rule: CoverageRule): void;
  onReset(): void;
  error: string | null;
}) {
  const rural = rule.priority.ruralPopulationShareMin;
  return (
    <fieldset className="rule">
      <legend>Règle cible</legend>
      <div className="rule__numbers">
        <WholeNumberField
          label="France Services par canton"
          field="target"
          value={rule.target}
          onValid={(n) => onChange({ ...rule, target: n })}
        />
        <WholeNumberField
          label="… par canton prioritaire"
          field="priorityTarget"
          value={rule.priorityTarget}
          onValid={(n) => onChange({ ...rule, priorityTarget: n })}
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={rule.countBuses} onChange={(e) => onChange({ ...rule, countBuses: e.target.checked })} />
        Les France Services itinérants (bus) comptent
      </label>
      <fieldset className="rule__priority">
        <legend>Un canton est prioritaire s’il a…</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={rule.priority.qpv}
            onChange={(e) => onChange({ ...rule, priority: { ...rule.priority, qpv: e.target.checked } })}
          />
          au moins un quartier prioritaire (QPV)
        </label>
        <div className="check">
          <input
            id="rule-rural"
            type="checkbox"
            checked={rural !== null}
            onChange={(e) => onChange({ ...rule, priority: { ...rule.priority, ruralPopulationShareMin: e.target.checked ? 0.5 : null } })}
          />
          <label htmlFor="rule-rural">une population rurale d’au moins</label>
          <WholeNumberField
            ariaLabel="Part minimale de population rurale, en %"
            field="ruralSharePct"
            disabled={rural === null}
            value={rural === null ? 50 : Math.round(rural * 100)}
            onValid={(n) => onChange({ ...rule, priority: { ...rule.priority, ruralPopulationShareMin: n / 100 } })}
          />
          <span aria-hidden="true"> %</span>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={rule.priority.territories}
            onChange={(e) => onChange({ ...rule, priority: { ...rule.priority, territories: e.target.checked } })}
          />
          la majorité de sa population dans un territoire prioritaire du SDAASP
        </label>
      </fieldset>
      {error && (
        <p className="rule__error" role="alert">
          Règle non appliquée : {error}
        </p>
      )}
      <button type="button" onClick={onReset}>
        Revenir à la règle du département
      </button>
    </fieldset>
  );
}
