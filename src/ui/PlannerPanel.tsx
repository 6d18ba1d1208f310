import { useMemo, type ReactNode } from 'react';
import { coverageMethodText } from '../core/coverage/coverage-export.ts';
import { defaultCoverageRule } from '../core/coverage/coverage-rule.ts';
import type { CantonFeature, CoverageTable } from '../core/coverage/coverage-types.ts';
import { CANTONS } from '../layers/cantons.ts';
import { CoverageDownloads } from './planner/CoverageDownloads.tsx';
import { CoverageFilters, CoverageLegend, CoverageTableView, fmtPct } from './planner/CoverageTable.tsx';
import { RuleEditor } from './planner/RuleEditor.tsx';
import { PrintCantonButton } from './print/PrintCantonButton.tsx';
import { CoverageGrowth } from './timeline/CoverageGrowth.tsx';
import { useAppStore } from './use-app-store.ts';

/** Why there is no table yet: the manifest failed, the computation is running, or it failed (with a retry). */
function PlannerMessage(): ReactNode {
  const status = useAppStore((s) => s.coverageStatus);
  const stage = useAppStore((s) => s.coverageStage);
  const error = useAppStore((s) => s.coverageError);
  const manifestStatus = useAppStore((s) => s.manifestStatus);
  const manifestError = useAppStore((s) => s.manifestError);
  const compute = useAppStore((s) => s.computeCoverage);
  if (manifestStatus === 'error') {
    return (
      <div className="planner">
        <h2>Couverture par canton</h2>
        <p role="alert">Le tableau de couverture ne peut pas être calculé : {manifestError}</p>
      </div>
    );
  }
  if (status === 'idle' || status === 'loading') {
    return (
      <div className="planner" aria-busy="true">
        <h2>Couverture par canton</h2>
        <p role="status">{stage === 'computing' ? 'Calcul de la couverture…' : 'Chargement des données de couverture…'}</p>
      </div>
    );
  }
  return (
    <div className="planner">
      <h2>Couverture par canton</h2>
      <p role="alert">Le tableau de couverture n’a pas pu être calculé : {error ?? 'données manquantes'}.</p>
      <button type="button" onClick={() => void compute()}>
        Réessayer
      </button>
    </div>
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

/** The planners' view: target rule, canton table (sortable, filterable), choropleth legend, downloads. */
export function PlannerPanel() {
  const status = useAppStore((s) => s.coverageStatus);
  const table = useAppStore((s) => s.coverageTable);
  const rule = useAppStore((s) => s.coverageRule);
  const ruleError = useAppStore((s) => s.coverageRuleError);
  const manifest = useAppStore((s) => s.manifest);
  const manifestStatus = useAppStore((s) => s.manifestStatus);
  const cantonsData = useAppStore((s) => s.layerData[CANTONS.id]);
  const cantons = useMemo(() => (cantonsData ? (cantonsData.features as unknown as CantonFeature[]) : null), [cantonsData]);
  const setRule = useAppStore((s) => s.setCoverageRule);

  if (manifestStatus === 'error' || status !== 'loaded' || !table || !rule) return <PlannerMessage />;

  const met = table.rows.filter((r) => r.status === 'met').length;
  const priorityCount = table.rows.filter((r) => r.priority).length;
  return (
    <div className="planner">
      <h2>Couverture France Services par canton</h2>
      <p className="planner__summary" role="status" aria-live="polite">
        <strong>{met}</strong> cantons sur {table.rows.length} atteignent la cible ; il manque <strong>{table.total.gap}</strong> France
        Services ({priorityCount} cantons prioritaires).
      </p>
      <RuleEditor rule={rule} onChange={setRule} onReset={() => manifest && setRule(defaultCoverageRule(manifest))} error={ruleError} />
      <CoverageLegend />
      <CoverageFilters />
      <CoverageTableView table={table} />
      <p className="hint">
        Accès : {fmtPct(table.total.populationWithin5KmPct)} de la population à moins de 5 km d’une France Services fixe,{' '}
        {fmtPct(table.total.populationWithin10KmPct)} à moins de 10 km (à vol d’oiseau).
      </p>
      <CoverageDownloads table={table} cantons={cantons} />
      <PrintCantonButton />
      <MethodAndSources table={table} />
      <CoverageGrowth />
    </div>
  );
}
