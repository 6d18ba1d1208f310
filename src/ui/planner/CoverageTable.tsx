import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { REASON_FR } from '../../core/coverage/coverage-export.ts';
import type { CoverageRow, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { STRAIGHT_LINE_ESTIMATE_FR, travelTimeMethodFr } from '../../core/roads/road-network-info.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { COVERAGE_CLASSES, coverageLevelOf } from '../../layers/coverage-classes.ts';
import { formatCountFr } from '../../layers/french-format.ts';
import type { CoverageSortKey } from '../../state/app-state.ts';
import { passesCoverageFilter } from '../../state/slices/coverage.slice.ts';
import { useAppStore } from '../use-app-store.ts';

const fmtKm = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km`);
export const fmtPct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 0 })} %`);
const fmtMin = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 0 })} min`);
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
  { key: 'populationWithin30MinPct', label: 'À 30 min en voiture', numeric: true },
  { key: 'meanDriveMinutes', label: 'Temps moy. en voiture', numeric: true },
];

/** A sortable column header: a button that sorts by the column (again: the other way). */
function ColumnHeader({ column }: { column: (typeof COLUMNS)[number] }) {
  const sort = useAppStore((s) => s.coverageSort);
  const setSort = useAppStore((s) => s.setCoverageSort);
  const active = sort.key === column.key;
  return (
    <th
      scope="col"
      aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      className={column.numeric ? 'num' : undefined}
    >
      <button type="button" onClick={() => setSort(column.key)}>
        {column.label}
        <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

/** One canton's row; its name selects it on the map. */
function CantonRow({ row: r, selected }: { row: CoverageRow; selected: boolean }) {
  const select = useAppStore((s) => s.select);
  return (
    <tr data-canton={r.cantonCode} className={selected ? 'is-selected' : undefined} aria-selected={selected}>
      <th scope="row">
        <button
          type="button"
          className="link-button"
          onClick={() => select({ layer: CANTONS.id, id: r.cantonCode })}
          aria-pressed={selected}
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
      <td className="num">{fmtPct(r.populationWithin30MinPct)}</td>
      <td className="num">{fmtMin(r.meanDriveMinutes)}</td>
    </tr>
  );
}

/** The département's total row. */
function TotalRow({ table }: { table: CoverageTable }): ReactNode {
  const t = table.total;
  return (
    <tr>
      <th scope="row">{t.cantonName}</th>
      <td className="num">
        {t.franceServices}
        {t.franceServicesBuses > 0 && ` + ${t.franceServicesBuses} bus`}
      </td>
      <td className="num">{t.target}</td>
      <td>{t.gap > 0 ? `Écart : ${t.gap}` : 'Atteinte'}</td>
      <td>{table.rows.filter((r) => r.priority).length} prioritaires</td>
      <td className="num">{fmtInt(t.population)}</td>
      <td className="num">{fmtInt(t.inhabitantsPerFranceServices)}</td>
      <td className="num">{fmtKm(t.meanDistanceKm)}</td>
      <td className="num">{fmtPct(t.populationWithin30MinPct)}</td>
      <td className="num">{fmtMin(t.meanDriveMinutes)}</td>
    </tr>
  );
}

/** The canton table: filtered and sorted as the store says, the canton selected on the map brought into view. */
export function CoverageTableView({ table }: { table: CoverageTable }) {
  const filter = useAppStore((s) => s.coverageFilter);
  const sort = useAppStore((s) => s.coverageSort);
  const selectedCanton = useAppStore((s) => (s.selected?.layer === CANTONS.id ? s.selected.id : null));
  const tbodyRef = useRef<HTMLTableSectionElement>(null);
  const rows = useMemo(
    () =>
      sortRows(
        table.rows.filter((r) => passesCoverageFilter(r, filter)),
        sort.key,
        sort.descending,
      ),
    [table, filter, sort],
  );

  // a canton selected on the map: bring its row into view
  useEffect(() => {
    if (!selectedCanton) return;
    const row = tbodyRef.current?.querySelector(`tr[data-canton="${CSS.escape(selectedCanton)}"]`);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedCanton]);

  return (
    <div className="table-scroll">
      <table className="coverage-table">
        <caption>
          Couverture par canton — {table.departement.name} : {rows.length} cantons affichés sur {table.rows.length}. Choisir un canton le
          montre sur la carte. Temps en voiture :{' '}
          {table.method.driveTime
            ? travelTimeMethodFr(table.method.driveTime.network)
            : `${STRAIGHT_LINE_ESTIMATE_FR}, aucun réseau routier chargé (colonnes vides)`}
          .
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <ColumnHeader key={c.key} column={c} />
            ))}
          </tr>
        </thead>
        <tbody ref={tbodyRef}>
          {rows.map((r) => (
            <CantonRow key={r.cantonCode} row={r} selected={r.cantonCode === selectedCanton} />
          ))}
        </tbody>
        <tfoot>
          <TotalRow table={table} />
        </tfoot>
      </table>
    </div>
  );
}

/** The choropleth's classes, as on the map. */
export function CoverageLegend() {
  return (
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
  );
}

/** The table's filters (priority cantons, cantons in gap). */
export function CoverageFilters() {
  const filter = useAppStore((s) => s.coverageFilter);
  const setFilter = useAppStore((s) => s.setCoverageFilter);
  return (
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
  );
}
