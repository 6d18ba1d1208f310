import { REASON_FR } from '../../core/coverage/coverage-export.ts';
import { useAppStore } from '../use-app-store.ts';
import { CoverageLegend, fmtInt, fmtKm, fmtPct } from './CoverageTable.tsx';
import { PlannerSymbols } from './PlannerSymbols.tsx';

/** The figures of the canton hovered on the map or focused in the table. */
function CantonCard() {
  const code = useAppStore((s) => s.plannerHover);
  const row = useAppStore((s) => (s.plannerHover ? s.coverageTable?.rows.find((r) => r.cantonCode === s.plannerHover) : undefined));
  const change = useAppStore((s) =>
    s.plannerHover && s.coverageDate === null ? s.scenarioOutcome?.comparison.rows.find((r) => r.cantonCode === s.plannerHover) : undefined,
  );
  // nothing over the map until a canton is hovered or focused (the table's caption says how)
  if (!code || !row) return null;
  const b = change?.changed ? change.before : null;
  return (
    <div className="canton-card" data-canton={row.cantonCode}>
      <p className="canton-card__title">
        {row.cantonName} <span className="canton-code">{row.cantonCode}</span>
      </p>
      <dl>
        <dt>Statut</dt>
        <dd>
          {row.status === 'met' ? 'cible atteinte' : `écart : il manque ${row.gap}`}
          {b && ` (aujourd’hui : ${b.status === 'met' ? 'atteinte' : `écart ${b.gap}`})`}
        </dd>
        <dt>France Services</dt>
        <dd>
          {row.franceServices} fixe{row.franceServices > 1 ? 's' : ''}
          {row.franceServicesBuses ? ` + ${row.franceServicesBuses} bus` : ''} — cible {row.target}
        </dd>
        <dt>Prioritaire</dt>
        <dd>{row.priority ? `oui (${row.priorityReasons.map((x) => REASON_FR[x]).join(', ')})` : 'non'}</dd>
        <dt>Population</dt>
        <dd>{fmtInt(row.population)} hab.</dd>
        <dt>Accès</dt>
        <dd>
          {fmtPct(row.populationWithin10KmPct)} à 10 km ou moins{b && ` (aujourd’hui ${fmtPct(b.populationWithin10KmPct)})`}, moyenne{' '}
          {fmtKm(row.meanDistanceKm)}, maximum {fmtKm(row.maxDistanceKm)}
        </dd>
      </dl>
    </div>
  );
}

const TOOL_HELP = {
  add: 'Cliquez où placer la France Services hypothétique (ou Entrée sur la mire). Échap : terminer.',
  move: 'Cliquez sur une France Services à déplacer (ou faites-la glisser). Échap : annuler.',
  close: 'Cliquez sur la France Services à fermer. Échap : terminer.',
} as const;

/** The planner's layer over the map: the hovered canton's figures, what a click does now, and the legend. */
export function PlannerMapOverlay() {
  const tool = useAppStore((s) => s.plannerTool);
  const pick = useAppStore((s) => s.plannerPick);
  const setTool = useAppStore((s) => s.setPlannerTool);
  return (
    <div className={tool === 'none' ? 'planner-overlay' : 'planner-overlay planner-overlay--tool'}>
      <CantonCard />
      {tool !== 'none' && (
        <div className="planner-overlay__tool" role="status">
          <span>{tool === 'move' && pick ? 'Cliquez au nouvel emplacement du site choisi. Échap : annuler.' : TOOL_HELP[tool]}</span>{' '}
          <button type="button" onClick={() => setTool('none')}>
            Terminer
          </button>
        </div>
      )}
      <details className="planner-overlay__legend">
        <summary>Légende</summary>
        <CoverageLegend />
        <PlannerSymbols />
      </details>
    </div>
  );
}
