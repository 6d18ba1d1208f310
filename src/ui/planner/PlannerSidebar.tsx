import { useMemo, type ReactNode } from 'react';
import { useTabs } from '../use-tabs.ts';
import { coverageMethodText } from '../../core/coverage/coverage-export.ts';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import type { CantonFeature, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { LayerPanel } from '../LayerPanel.tsx';
import { useAppStore } from '../use-app-store.ts';
import { ChangesPanel } from './ChangesPanel.tsx';
import { ComparePanel } from './ComparePanel.tsx';
import { CoverageDownloads } from './CoverageDownloads.tsx';
import { PrintCantonButton } from '../print/PrintCantonButton.tsx';
import { CoverageGrowth } from '../timeline/CoverageGrowth.tsx';
import { CoverageLegend, CoverageTableView, QuickFilters, fmtPct } from './CoverageTable.tsx';
import { DateSlider } from './DateSlider.tsx';
import { PlannerSummary } from './PlannerSummary.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { RuleNotes } from './RuleNotes.tsx';
import { ScenarioPanel } from './ScenarioPanel.tsx';
import { SuggestPanel } from './SuggestPanel.tsx';

/** Why there is no table yet: the manifest failed, the computation is running, or it failed (with a retry). */
function PlannerMessage(): ReactNode {
  const status = useAppStore((s) => s.coverageStatus);
  const stage = useAppStore((s) => s.coverageStage);
  const error = useAppStore((s) => s.coverageError);
  const dateStatus = useAppStore((s) => s.coverageDateStatus);
  const manifestStatus = useAppStore((s) => s.manifestStatus);
  const manifestError = useAppStore((s) => s.manifestError);
  const compute = useAppStore((s) => s.computeCoverage);
  if (manifestStatus === 'error') return <p role="alert">Le tableau de couverture ne peut pas être calculé : {manifestError}</p>;
  if (status === 'idle' || status === 'loading' || (status === 'loaded' && dateStatus === 'loading')) {
    return (
      <p role="status" aria-busy="true">
        {stage === 'computing'
          ? 'Calcul de la couverture…'
          : status === 'loaded'
            ? 'Calcul du réseau à cette date…'
            : 'Chargement des données de couverture…'}
      </p>
    );
  }
  return (
    <>
      <p role="alert">Le tableau de couverture n’a pas pu être calculé : {error ?? 'données manquantes'}.</p>
      <button type="button" onClick={() => void compute()}>
        Réessayer
      </button>
    </>
  );
}

/** How the figures were made, and from which sources. */
function MethodAndSources({ table }: { table: CoverageTable }) {
  return (
    <details className="method">
      <summary>Méthode et sources</summary>
      <ul>
        {coverageMethodText(table).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h4>Sources</h4>
      <ul>
        {table.sources.map((s) => (
          <li key={`${s.producer}|${s.title}|${s.vintage}`}>
            {s.producer} — {s.title} ({s.vintage}, {s.licence})
          </li>
        ))}
      </ul>
    </details>
  );
}

function TableTab({ table }: { table: CoverageTable }) {
  const comparison = useAppStore((s) =>
    s.coverageDate === null && s.scenario?.operations.length ? (s.scenarioOutcome?.comparison ?? null) : null,
  );
  const date = useAppStore((s) => s.coverageDate);
  const cantonsData = useAppStore((s) => s.layerData[CANTONS.id]);
  const cantons = useMemo(() => (cantonsData ? (cantonsData.features as unknown as CantonFeature[]) : null), [cantonsData]);
  return (
    <>
      <CoverageTableView table={table} comparison={comparison} />
      <p className="hint">
        Accès : {fmtPct(table.total.populationWithin5KmPct)} de la population à moins de 5 km d’une France Services fixe,{' '}
        {fmtPct(table.total.populationWithin10KmPct)} à moins de 10 km, {fmtPct(table.total.populationWithin15KmPct)} à moins de 15 km (à
        vol d’oiseau).
      </p>
      <CoverageLegend />
      <CoverageDownloads table={table} cantons={cantons} asOf={date} />
      <PrintCantonButton />
      <MethodAndSources table={table} />
      <ChangesPanel />
    </>
  );
}

/** The network's growth, the day shown by the date slider marked on the chart. */
function GrowthTab() {
  const date = useAppStore((s) => s.coverageDate);
  return <CoverageGrowth selectedDate={date} />;
}

function RuleTab() {
  const rule = useAppStore((s) => s.coverageRule);
  const ruleError = useAppStore((s) => s.coverageRuleError);
  const manifest = useAppStore((s) => s.manifest);
  const setRule = useAppStore((s) => s.setCoverageRule);
  if (!rule) return null;
  return <RuleEditor rule={rule} onChange={setRule} onReset={() => manifest && setRule(defaultCoverageRule(manifest))} error={ruleError} />;
}

interface Tab {
  id: string;
  label: string;
  render(table: CoverageTable): ReactNode;
}

function tabs(): Tab[] {
  return [
    { id: 'table', label: 'Tableau', render: (table) => <TableTab table={table} /> },
    { id: 'scenario', label: 'Scénario', render: () => <ScenarioPanel /> },
    { id: 'suggest', label: 'Suggestions', render: () => <SuggestPanel /> },
    { id: 'growth', label: 'Évolution', render: () => <GrowthTab /> },
    { id: 'compare', label: 'Comparer', render: () => <ComparePanel /> },
    { id: 'rule', label: 'Règle', render: () => <RuleTab /> },
    { id: 'layers', label: 'Couches', render: () => <LayerPanel /> },
  ];
}

/** The workspace's side panel: summary, notes on the rule, the date, quick filters, then tabs (table, scenario, suggestions, rule…). */
export function PlannerSidebar() {
  const status = useAppStore((s) => s.coverageStatus);
  const table = useAppStore((s) => s.coverageTable);
  const rule = useAppStore((s) => s.coverageRule);
  const dept = useAppStore((s) => s.manifest?.departement.name);
  const list = tabs();
  const { active, choose, onKeyDown, buttonRef } = useTabs(
    list.map((t) => t.id),
    'table',
  );
  return (
    <div className="planner">
      <h2 id="planner-title">Couverture France Services par canton{dept ? ` — ${dept}` : ''}</h2>
      {status !== 'loaded' || !table || !rule ? (
        <PlannerMessage />
      ) : (
        <>
          <PlannerSummary table={table} />
          <RuleNotes rule={rule} table={table} onShowRule={active === 'rule' ? undefined : () => choose('rule', true)} />
          <DateSlider />
          <QuickFilters table={table} />
          <div role="tablist" aria-label="Outils du planificateur" className="planner__tabs" onKeyDown={onKeyDown}>
            {list.map((t) => (
              <button
                key={t.id}
                ref={buttonRef(t.id)}
                type="button"
                role="tab"
                id={`planner-tab-${t.id}`}
                aria-selected={active === t.id}
                aria-controls={active === t.id ? `planner-panel-${t.id}` : undefined}
                tabIndex={active === t.id ? 0 : -1}
                onClick={() => choose(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          {list
            .filter((t) => t.id === active)
            .map((t) => (
              <div
                key={t.id}
                role="tabpanel"
                id={`planner-panel-${t.id}`}
                aria-labelledby={`planner-tab-${t.id}`}
                className="planner__panel"
              >
                {t.render(table)}
              </div>
            ))}
        </>
      )}
    </div>
  );
}
