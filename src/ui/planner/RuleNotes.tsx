import type { CoverageRule, PriorityReason } from '../../core/coverage/coverage-types.ts';
import { diagnoseRule, PRIORITY_SHARE_LIMIT } from '../../state/rule-diagnosis.ts';
import type { CoverageTable } from '../../core/coverage/coverage-types.ts';

/** The priority criteria in French, as the rule editor names them. */
export const CRITERION_FR: Record<PriorityReason, string> = {
  qpv: 'au moins un quartier prioritaire (QPV)',
  rural: 'population rurale',
  territory: 'territoire prioritaire du SDAASP',
};

const pct = (n: number, of: number) => `${Math.round((100 * n) / of)} %`;

/**
 * What the rule does, said plainly: a contradictory target (priority cantons asking fewer sites),
 * and a priority definition that no longer tells cantons apart (at least 80 % of them, or none),
 * with the criterion that causes it.
 */
export function RuleNotes({ rule, table, onShowRule }: { rule: CoverageRule; table: CoverageTable; onShowRule?: () => void }) {
  const d = diagnoseRule(rule, table.rows);
  if (!d.contradictory && !d.undiscriminating) return null;
  const counts = d.byCriterion.map((c) => `${CRITERION_FR[c.reason]} : ${c.cantons}`).join(' ; ');
  return (
    <div className="planner__notes" role="note" aria-label="Remarques sur la règle">
      {d.contradictory && (
        <p className="planner__note planner__note--error" data-note="contradictory">
          <strong>Règle incohérente :</strong> un canton prioritaire demande {rule.priorityTarget} France Services, moins qu’un canton
          ordinaire ({rule.target}). La cible prioritaire devrait être au moins égale à la cible ordinaire.
        </p>
      )}
      {d.undiscriminating === 'too-many' && (
        <p className="planner__note" data-note="undiscriminating">
          <strong>La règle ne distingue plus les cantons :</strong> {d.priority} sur {d.cantons} sont prioritaires (
          {pct(d.priority, d.cantons)} ≥ {Math.round(PRIORITY_SHARE_LIMIT * 100)} %).{' '}
          {d.cause
            ? `Cause : le critère « ${CRITERION_FR[d.cause]} » (${d.byCriterion[0].cantons} cantons à lui seul).`
            : 'Aucun critère ne le fait seul : c’est leur réunion.'}{' '}
          <span className="visually-hidden">Cantons prioritaires par critère : {counts}.</span>
        </p>
      )}
      {d.undiscriminating === 'none' && (
        <p className="planner__note" data-note="undiscriminating">
          <strong>La règle ne distingue plus les cantons :</strong> aucun canton n’est prioritaire,{' '}
          {d.criteriaOn.length === 0
            ? 'car aucun critère de priorité n’est coché.'
            : `car les critères cochés ne retiennent aucun canton (${counts}).`}
        </p>
      )}
      {onShowRule && (
        <button type="button" className="link-button" onClick={onShowRule}>
          Modifier la règle
        </button>
      )}
    </div>
  );
}
