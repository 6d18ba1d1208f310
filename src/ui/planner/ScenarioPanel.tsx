import { useEffect, useId, useState } from 'react';
import type { ComparedFigures, ComparedRow } from '../../core/coverage/coverage-comparison.ts';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import { MAX_LINK_OPERATIONS } from '../../state/scenario-link.ts';
import { downloadText } from '../download-file.ts';
import { useAppStore } from '../use-app-store.ts';
import { fmtInt, fmtKm, fmtPct } from './CoverageTable.tsx';
import { PlannerSymbols } from './PlannerSymbols.tsx';
import { AddByCommune, CloseForm, MapTools, MoveForm } from './ScenarioTools.tsx';
import { scenarioFileName, scenarioToGeoJson } from './scenario-file.ts';
import { describeOperation } from './scenario-text.ts';
import { usePlaceNames } from './use-place-names.ts';

/** The saved scenarios of the département: open one, start a new one, rename or delete the active one, go back to today. */
function ScenarioPicker() {
  const dept = useAppStore((s) => s.dept);
  const all = useAppStore((s) => s.savedScenarios);
  const scenario = useAppStore((s) => s.scenario);
  const store = useAppStore((s) => s.scenarioStore);
  const openScenario = useAppStore((s) => s.openScenario);
  const startScenario = useAppStore((s) => s.startScenario);
  const renameScenario = useAppStore((s) => s.renameScenario);
  const deleteScenario = useAppStore((s) => s.deleteScenario);
  const closeScenario = useAppStore((s) => s.closeScenario);
  const saved = all.filter((s) => s.dept === dept);
  const [name, setName] = useState(scenario?.name ?? '');
  const id = useId();
  useEffect(() => setName(scenario?.name ?? ''), [scenario?.name]);
  return (
    <div className="scenario-picker">
      <label htmlFor={`${id}-open`}>Scénario</label>
      <div className="scenario-picker__row">
        <select
          id={`${id}-open`}
          value={scenario?.id ?? ''}
          onChange={(e) => (e.target.value ? openScenario(e.target.value) : closeScenario())}
        >
          <option value="">Aucun : le réseau actuel</option>
          {scenario && !saved.some((s) => s.id === scenario.id) && <option value={scenario.id}>{scenario.name} (lien partagé)</option>}
          {saved.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.operations.length} modification{s.operations.length > 1 ? 's' : ''})
            </option>
          ))}
        </select>
        <button type="button" onClick={() => startScenario()}>
          Nouveau scénario
        </button>
      </div>
      {scenario && (
        <form
          className="scenario-picker__row"
          onSubmit={(e) => {
            e.preventDefault();
            renameScenario(name);
          }}
        >
          <label htmlFor={`${id}-name`}>Nom</label>
          <input
            id={`${id}-name`}
            type="text"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => renameScenario(name)}
          />
          <button type="button" onClick={() => void deleteScenario(scenario.id)}>
            Supprimer
          </button>
          <button type="button" onClick={closeScenario}>
            Revenir au réseau actuel
          </button>
        </form>
      )}
      {store.message && (
        <p className="planner__note" role="status">
          {store.message}
        </p>
      )}
      {!scenario && saved.length === 0 && <p className="hint">Un scénario est enregistré dans ce navigateur à chaque modification.</p>}
    </div>
  );
}

/** The scenario's operations, in order, each with where it lands and a way to take it back. */
function OperationList() {
  const scenario = useAppStore((s) => s.scenario);
  const outcome = useAppStore((s) => s.scenarioOutcome);
  const remove = useAppStore((s) => s.removeScenarioOperation);
  const names = usePlaceNames();
  if (!scenario || scenario.operations.length === 0)
    return <p className="hint">Aucune modification : ajoutez, déplacez ou fermez une France Services.</p>;
  return (
    <ol className="scenario-ops">
      {scenario.operations.map((op, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: operations have no id of their own; their place in the list is their identity
        <li key={i}>
          <span>
            {describeOperation(
              op,
              outcome?.sites.find((s) => s.operation === i),
              names,
            )}
          </span>{' '}
          <button type="button" className="link-button" onClick={() => remove(i)}>
            Retirer<span className="visually-hidden"> la modification {i + 1}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

const sideText = (f: ComparedFigures, i: 0 | 1 | 2, pct: number | null) =>
  f.populationWithinKm ? `${fmtInt(f.populationWithinKm[i])} (${fmtPct(pct)})` : '—';

/** The département's figures before and after the scenario. */
function TotalsComparison({ total, rows }: { total: ComparedRow; rows: ComparedRow[] }) {
  const { before: b, after: a } = total;
  const met = (side: 'before' | 'after') => rows.filter((r) => r[side].status === 'met').length;
  const lines: [string, string, string][] = [
    ['Cantons qui atteignent la cible', String(met('before')), String(met('after'))],
    ['France Services manquantes (écart)', String(b.gap), String(a.gap)],
    ['France Services (fixes + bus)', `${b.franceServices} + ${b.franceServicesBuses}`, `${a.franceServices} + ${a.franceServicesBuses}`],
    ['Habitants à 5 km ou moins', sideText(b, 0, b.populationWithin5KmPct), sideText(a, 0, a.populationWithin5KmPct)],
    ['Habitants à 10 km ou moins', sideText(b, 1, b.populationWithin10KmPct), sideText(a, 1, a.populationWithin10KmPct)],
    ['Habitants à 15 km ou moins', sideText(b, 2, b.populationWithin15KmPct), sideText(a, 2, a.populationWithin15KmPct)],
    ['Distance moyenne', fmtKm(b.meanDistanceKm), fmtKm(a.meanDistanceKm)],
    ['Distance maximale', fmtKm(b.maxDistanceKm), fmtKm(a.maxDistanceKm)],
  ];
  return (
    <table className="compare-table">
      <caption>Département : aujourd’hui et avec le scénario (distances à vol d’oiseau jusqu’à une France Services fixe)</caption>
      <thead>
        <tr>
          <th scope="col">Indicateur</th>
          <th scope="col" className="num">
            Aujourd’hui
          </th>
          <th scope="col" className="num">
            Avec le scénario
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map(([label, before, after]) => (
          <tr key={label} className={before !== after ? 'is-changed' : undefined}>
            <th scope="row">{label}</th>
            <td className="num">{before}</td>
            <td className="num">{after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The scenario tab: which scenario, how to change it (map tools, commune search, lists), its effect, its file. */
export function ScenarioPanel() {
  const scenario = useAppStore((s) => s.scenario);
  const status = useAppStore((s) => s.scenarioStatus);
  const error = useAppStore((s) => s.scenarioError);
  const notice = useAppStore((s) => s.scenarioNotice);
  const outcome = useAppStore((s) => s.scenarioOutcome);
  const date = useAppStore((s) => s.coverageDate);
  const listDate = useAppStore((s) => s.coverageTimeline?.listDate);
  const setDate = useAppStore((s) => s.setCoverageDate);
  return (
    <div className="scenario">
      <p className="hint">
        Que change l’ouverture, le déplacement ou la fermeture d’une France Services ? Le tableau, la carte et les chiffres d’accès se
        mettent à jour aussitôt.
      </p>
      {date !== null && (
        <p className="planner__note" role="status">
          Les scénarios s’appliquent au réseau de la liste{listDate ? ` (${formatDayFr(listDate)})` : ''} ; le tableau montre le réseau au{' '}
          {formatDayFr(date)}.{' '}
          <button type="button" className="link-button" onClick={() => setDate(null)}>
            Revenir à la date de la liste
          </button>
        </p>
      )}
      <ScenarioPicker />
      {notice && (
        <p className="planner__note" role="status">
          {notice}
        </p>
      )}
      <MapTools />
      <AddByCommune />
      <MoveForm />
      <CloseForm />
      <h3>Modifications{status === 'computing' ? ' (calcul…)' : ''}</h3>
      {error && (
        <p role="alert" className="rule__error">
          Le scénario n’a pas pu être appliqué : {error}
        </p>
      )}
      <OperationList />
      {outcome && scenario && scenario.operations.length > 0 && (
        <TotalsComparison total={outcome.comparison.total} rows={outcome.comparison.rows} />
      )}
      <PlannerSymbols />
      {scenario && scenario.operations.length > 0 && (
        <p>
          <button
            type="button"
            onClick={() => downloadText(scenarioFileName(scenario), scenarioToGeoJson(scenario), 'application/geo+json')}
          >
            Télécharger le scénario (GeoJSON)
          </button>{' '}
          <span className="hint">
            lisible par <code>coverage --scenario</code>. Le lien de la page porte le scénario
            {scenario.operations.length > MAX_LINK_OPERATIONS
              ? ` jusqu’à ${MAX_LINK_OPERATIONS} modifications seulement : partagez plutôt ce fichier.`
              : ' : copiez-le pour le partager.'}
          </span>
        </p>
      )}
    </div>
  );
}
