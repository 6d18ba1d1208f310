import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CantonFeature, CoverageRow, CoverageRule, CoverageTable } from '../core/coverage/coverage-types.ts';
import {
  REASON_FR,
  coverageCsvMetadata,
  coverageFileName,
  coverageMetadataFileName,
  coverageMethodText,
  exportCoverage,
  type CoverageFormat,
} from '../core/coverage/coverage-export.ts';
import { defaultCoverageRule } from '../data/coverage/coverage-input.ts';
import { COVERAGE_CLASSES, coverageLevelOf } from '../layers/coverage-classes.ts';
import { passesCoverageFilter } from '../state/slices/coverage.slice.ts';
import type { CoverageSortKey } from '../state/app-state.ts';
import { downloadText } from './download-file.ts';
import { formatCountFr } from '../layers/french-format.ts';
import { useAppStore } from './use-app-store.ts';
import { CANTONS } from '../layers/cantons.ts';

const fmtKm = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km`);
const fmtPct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 0 })} %`);
const fmtInt = (v: number | null) => (v === null ? '—' : formatCountFr(v));

function StatusLabel({ row }: { row: CoverageRow }) {
  const cls = COVERAGE_CLASSES[coverageLevelOf(row)];
  return (
    <span className="coverage-status">
      <span className="coverage-swatch" style={{ background: cls.colour }} aria-hidden="true" />
      {row.status === 'met' ? 'Atteinte' : `Écart : ${row.gap}`}
    </span>
  );
}

function sortValue(row: CoverageRow, key: CoverageSortKey): string | number {
  switch (key) {
    case 'cantonCode':
      return row.cantonCode;
    case 'cantonName':
      return row.cantonName;
    case 'priority':
      return row.priority ? 1 : 0;
    case 'franceServices':
      return row.franceServices + row.franceServicesBuses;
    default: {
      const v = row[key];
      return v === null ? -Infinity : v;
    }
  }
}

function sortRows(rows: readonly CoverageRow[], key: CoverageSortKey, descending: boolean): CoverageRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y, 'fr') : (x as number) - (y as number);
    return sign * c || a.cantonCode.localeCompare(b.cantonCode);
  });
}

const COLUMNS: { key: CoverageSortKey; label: string; numeric?: boolean }[] = [
  { key: 'cantonName', label: 'Canton' },
  { key: 'franceServices', label: 'France Services', numeric: true },
  { key: 'target', label: 'Cible', numeric: true },
  { key: 'gap', label: 'Statut', numeric: true },
  { key: 'priority', label: 'Prioritaire' },
  { key: 'population', label: 'Population', numeric: true },
  { key: 'inhabitantsPerFranceServices', label: 'Hab. par FS', numeric: true },
  { key: 'meanDistanceKm', label: 'Distance moy.', numeric: true },
];

/**
 * A whole-number field that keeps what the user types (an empty field while retyping, say)
 * and applies it only when it is a whole number in range; otherwise it says why, in French,
 * and the table keeps the last valid rule. Leaving the field shows the applied value again.
 */
function WholeNumberField({
  label,
  value,
  min,
  max,
  onValid,
  disabled,
  ariaLabel,
}: {
  label?: string;
  value: number;
  min: number;
  max: number;
  onValid(n: number): void;
  disabled?: boolean;
  ariaLabel?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const errorId = useId();
  const text = draft ?? String(value);
  const n = Number(text);
  const invalid = draft !== null && !(text.trim() !== '' && /^\d+$/.test(text.trim()) && n >= min && n <= max);
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
        if (v.trim() !== '' && /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max) onValid(Number(v));
      }}
      onBlur={() => setDraft(null)}
    />
  );
  const message = invalid && (
    <span id={errorId} className="rule__field-error" role="alert">
      Saisissez un nombre entier de {min} à {max}.
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

function RuleEditor({
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
          value={rule.target}
          min={0}
          max={99}
          onValid={(n) => onChange({ ...rule, target: n })}
        />
        <WholeNumberField
          label="… par canton prioritaire"
          value={rule.priorityTarget}
          min={0}
          max={99}
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
            min={0}
            max={100}
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

function Downloads({ table, cantons }: { table: CoverageTable; cantons: CantonFeature[] | null }) {
  const download = (format: CoverageFormat) => {
    if (format === 'geojson' && !cantons) return;
    const now = new Date();
    const text = exportCoverage(table, format, cantons ?? [], now);
    const type = format === 'geojson' ? 'application/geo+json' : format === 'json' ? 'application/json' : 'text/csv;charset=utf-8';
    downloadText(coverageFileName(table, format), text, type);
  };
  const downloadMetadata = (format: 'csv' | 'csv-fr') => {
    downloadText(
      coverageMetadataFileName(table, format),
      JSON.stringify(coverageCsvMetadata(table, format, new Date()), null, 2) + '\n',
      'application/csvm+json',
    );
  };
  return (
    <div className="downloads">
      <h3>Télécharger le tableau</h3>
      <ul>
        <li>
          <button type="button" onClick={() => download('csv')}>
            CSV
          </button>{' '}
          (séparateur virgule, UTF-8) —{' '}
          <button type="button" className="link-button" onClick={() => downloadMetadata('csv')}>
            métadonnées
          </button>
        </li>
        <li>
          <button type="button" onClick={() => download('csv-fr')}>
            CSV pour Excel (FR)
          </button>{' '}
          (point-virgule, virgule décimale) —{' '}
          <button type="button" className="link-button" onClick={() => downloadMetadata('csv-fr')}>
            métadonnées
          </button>
        </li>
        <li>
          <button type="button" onClick={() => download('geojson')} disabled={!cantons}>
            GeoJSON des cantons
          </button>{' '}
          (métadonnées incluses)
        </li>
        <li>
          <button type="button" onClick={() => download('json')}>
            JSON
          </button>{' '}
          (métadonnées incluses)
        </li>
      </ul>
      <p className="hint">
        Les métadonnées (fichier CSVW « …-metadata.json », lisible dans un éditeur de texte) donnent les sources et millésimes, la règle, la
        méthode et la date de génération. Sans couche importée, le même tableau s’obtient en ligne de commande :{' '}
        <code>npm run -s cli -- coverage --dept {table.departement.code}</code> ; les couches importées ajoutent leurs colonnes.
      </p>
    </div>
  );
}

/** The planners' view: target rule, canton table (sortable, filterable), choropleth legend, downloads. */
export function PlannerPanel() {
  const status = useAppStore((s) => s.coverageStatus);
  const stage = useAppStore((s) => s.coverageStage);
  const error = useAppStore((s) => s.coverageError);
  const table = useAppStore((s) => s.coverageTable);
  const rule = useAppStore((s) => s.coverageRule);
  const ruleError = useAppStore((s) => s.coverageRuleError);
  const filter = useAppStore((s) => s.coverageFilter);
  const sort = useAppStore((s) => s.coverageSort);
  const manifest = useAppStore((s) => s.manifest);
  const manifestStatus = useAppStore((s) => s.manifestStatus);
  const manifestError = useAppStore((s) => s.manifestError);
  const selectedCanton = useAppStore((s) => (s.selected?.layer === CANTONS.id ? s.selected.id : null));
  const cantonsData = useAppStore((s) => s.layerData[CANTONS.id]);
  const cantons = useMemo(() => (cantonsData ? (cantonsData.features as unknown as CantonFeature[]) : null), [cantonsData]);
  const setRule = useAppStore((s) => s.setCoverageRule);
  const setFilter = useAppStore((s) => s.setCoverageFilter);
  const setSort = useAppStore((s) => s.setCoverageSort);
  const select = useAppStore((s) => s.select);
  const compute = useAppStore((s) => s.computeCoverage);
  const tbodyRef = useRef<HTMLTableSectionElement>(null);

  const rows = useMemo(
    () =>
      table
        ? sortRows(
            table.rows.filter((r) => passesCoverageFilter(r, filter)),
            sort.key,
            sort.descending,
          )
        : [],
    [table, filter, sort],
  );

  // a canton selected on the map: bring its row into view
  useEffect(() => {
    if (!selectedCanton) return;
    const row = tbodyRef.current?.querySelector(`tr[data-canton="${CSS.escape(selectedCanton)}"]`);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedCanton]);

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
  if (status === 'error' || !table || !rule) {
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

  const met = table.rows.filter((r) => r.status === 'met').length;
  const priorityCount = table.rows.filter((r) => r.priority).length;
  const header = (c: (typeof COLUMNS)[number]): ReactNode => {
    const active = sort.key === c.key;
    return (
      <th
        key={c.key}
        scope="col"
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
        className={c.numeric ? 'num' : undefined}
      >
        <button type="button" onClick={() => setSort(c.key)}>
          {c.label}
          <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <div className="planner">
      <h2>Couverture France Services par canton</h2>
      <p className="planner__summary" role="status" aria-live="polite">
        <strong>{met}</strong> cantons sur {table.rows.length} atteignent la cible ; il manque <strong>{table.total.gap}</strong> France
        Services ({priorityCount} cantons prioritaires).
      </p>
      <RuleEditor rule={rule} onChange={setRule} onReset={() => manifest && setRule(defaultCoverageRule(manifest))} error={ruleError} />
      <div className="coverage-legend" role="group" aria-label="Légende de la carte des cantons">
        <h3>Légende de la carte</h3>
        <ul>
          {COVERAGE_CLASSES.map((c) => (
            <li key={c.id}>
              <span className="coverage-swatch" style={{ background: c.colour }} aria-hidden="true" /> {c.label}
            </li>
          ))}
          <li>
            <span className="coverage-swatch coverage-swatch--dimmed" aria-hidden="true" /> Canton hors filtre (estompé)
          </li>
        </ul>
      </div>
      <fieldset className="planner__filters">
        <legend>Filtrer</legend>
        <label className="check">
          <input type="checkbox" checked={filter.priorityOnly} onChange={(e) => setFilter({ priorityOnly: e.target.checked })} />
          Cantons prioritaires seulement
        </label>
        <label className="check">
          <input type="checkbox" checked={filter.gapsOnly} onChange={(e) => setFilter({ gapsOnly: e.target.checked })} />
          Cantons en écart seulement
        </label>
      </fieldset>
      <div className="table-scroll">
        <table className="coverage-table">
          <caption>
            Couverture par canton — {table.departement.name} : {rows.length} cantons affichés sur {table.rows.length}. Choisir un canton le
            montre sur la carte.
          </caption>
          <thead>
            <tr>{COLUMNS.map(header)}</tr>
          </thead>
          <tbody ref={tbodyRef}>
            {rows.map((r) => (
              <tr
                key={r.cantonCode}
                data-canton={r.cantonCode}
                className={r.cantonCode === selectedCanton ? 'is-selected' : undefined}
                aria-selected={r.cantonCode === selectedCanton}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => select({ layer: CANTONS.id, id: r.cantonCode })}
                    aria-pressed={r.cantonCode === selectedCanton}
                  >
                    {r.cantonName}
                  </button>
                  <span className="canton-code"> {r.cantonCode}</span>
                </th>
                <td className="num">
                  {r.franceServices}
                  {r.franceServicesBuses > 0 && <span title="dont bus itinérants"> + {r.franceServicesBuses} bus</span>}
                </td>
                <td className="num">{r.target}</td>
                <td>
                  <StatusLabel row={r} />
                </td>
                <td>{r.priority ? `Oui (${r.priorityReasons.map((x) => REASON_FR[x]).join(', ')})` : 'Non'}</td>
                <td className="num">{fmtInt(r.population)}</td>
                <td className="num">{fmtInt(r.inhabitantsPerFranceServices)}</td>
                <td className="num">{fmtKm(r.meanDistanceKm)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{table.total.cantonName}</th>
              <td className="num">
                {table.total.franceServices}
                {table.total.franceServicesBuses > 0 && ` + ${table.total.franceServicesBuses} bus`}
              </td>
              <td className="num">{table.total.target}</td>
              <td>{table.total.gap > 0 ? `Écart : ${table.total.gap}` : 'Atteinte'}</td>
              <td>{priorityCount} prioritaires</td>
              <td className="num">{fmtInt(table.total.population)}</td>
              <td className="num">{fmtInt(table.total.inhabitantsPerFranceServices)}</td>
              <td className="num">{fmtKm(table.total.meanDistanceKm)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="hint">
        Accès : {fmtPct(table.total.populationWithin5KmPct)} de la population à moins de 5 km d’une France Services fixe,{' '}
        {fmtPct(table.total.populationWithin10KmPct)} à moins de 10 km (à vol d’oiseau).
      </p>
      <Downloads table={table} cantons={cantons} />
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
    </div>
  );
}
