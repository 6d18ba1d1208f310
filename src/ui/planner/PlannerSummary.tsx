import type { CoverageTable } from '../../core/coverage/coverage-types.ts';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import { useAppStore } from '../use-app-store.ts';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** One line on the table shown: cantons meeting the target, France Services missing, priorities; the date or scenario it describes. */
export function PlannerSummary({ table }: { table: CoverageTable }) {
  const date = useAppStore((s) => s.coverageDate);
  const dateStatus = useAppStore((s) => s.coverageDateStatus);
  const scenario = useAppStore((s) => s.scenario);
  const comparison = useAppStore((s) => (s.coverageDate === null && s.scenario?.operations.length ? s.scenarioOutcome?.comparison : null));
  const met = table.rows.filter((r) => r.status === 'met').length;
  const priority = table.rows.filter((r) => r.priority).length;
  const metBefore = comparison ? comparison.rows.filter((r) => r.before.status === 'met').length : null;
  const t = table.total;
  return (
    <div className="planner__summary" role="status" aria-live="polite">
      {date !== null && (
        <p className="planner__context">
          Réseau au <strong>{formatDayFr(date)}</strong> : {t.franceServices + t.franceServicesBuses} France Services ({t.franceServices}{' '}
          fixes, {t.franceServicesBuses} bus){dateStatus === 'loading' ? ' — mise à jour…' : ''}.
        </p>
      )}
      {date === null && scenario && scenario.operations.length > 0 && (
        <p className="planner__context">
          Scénario « {scenario.name} » appliqué ({scenario.operations.length} modification{scenario.operations.length > 1 ? 's' : ''}).
        </p>
      )}
      <p>
        <strong>{met}</strong> cantons sur {table.rows.length} atteignent la cible
        {metBefore !== null && metBefore !== met && ` (${signed(met - metBefore)} par rapport à aujourd’hui)`} ; il manque{' '}
        <strong>{t.gap}</strong> France Services
        {comparison && comparison.total.before.gap !== t.gap && ` (aujourd’hui : ${comparison.total.before.gap})`} ; {priority} cantons
        prioritaires.
      </p>
    </div>
  );
}
