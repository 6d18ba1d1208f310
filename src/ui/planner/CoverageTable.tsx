import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { REASON_FR } from '../../core/coverage/coverage-export.ts';
import type { ComparedFigures, ComparedRow, CoverageComparison } from '../../core/coverage/coverage-comparison.ts';
import type { CoverageRow, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { STRAIGHT_LINE_ESTIMATE_FR, travelTimeMethodFr } from '../../core/roads/road-network-info.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { COVERAGE_CLASSES, coverageLevelOf } from '../../layers/coverage-classes.ts';
import { formatCountFr } from '../../layers/french-format.ts';
import type { CoverageSortKey } from '../../state/app-state.ts';
import { passesCoverageFilter } from '../../state/slices/coverage.slice.ts';
import { useAppStore } from '../use-app-store.ts';

export const fmtKm = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} km`);
export const fmtPct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`);
const fmtMin = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 0 })} min`);
export const fmtInt = (v: number | null) => (v === null ? '—' : formatCountFr(v));
const statusText = (s: { status: 'met' | 'gap'; gap: number }) => (s.status === 'met' ? 'Atteinte' : `Écart : ${s.gap}`);

function StatusLabel({ row }: { row: { status: 'met' | 'gap'; gap: number } }) {
  const cls = COVERAGE_CLASSES[coverageLevelOf(row)];
  return (
    <span className="coverage-status">
      <span className="coverage-swatch" style={{ background: cls.colour }} aria-hidden="true" />
      {statusText(row)}
    </span>
  );
}

/** A figure before and after the scenario: "before → after" when it changed, else the figure alone. */
function Change({ before, after, format }: { before: ReactNode; after: ReactNode; format?: 'status' }) {
  if (before === after) return <>{after}</>;
  return (
    <span className={format === 'status' ? 'change change--status' : 'change'}>
      <span className="change__before">{before}</span>
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden"> devient </span>
      <strong>{after}</strong>
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
  { key: 'priority', label: 'Prioritaire (raisons)' },
  { key: 'population', label: 'Population', numeric: true },
  { key: 'populationWithin10KmPct', label: 'À 10 km', numeric: true },
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

const sites = (f: Pick<ComparedFigures, 'franceServices' | 'franceServicesBuses'>) =>
  `${f.franceServices}${f.franceServicesBuses > 0 ? ` + ${f.franceServicesBuses} bus` : ''}`;

/** The cells after the name: today's figures, or before → after with a scenario. */
function FigureCells({ row, change }: { row: CoverageRow; change: ComparedRow | null }) {
  const b = change?.before;
  const reasons = row.priority === null ? null : row.priority ? `Oui (${row.priorityReasons.map((x) => REASON_FR[x]).join(', ')})` : 'Non';
  return (
    <>
      <td className="num">{b ? <Change before={sites(b)} after={sites(row)} /> : sites(row)}</td>
      <td className="num">{row.target}</td>
      <td>
        {b && (b.status !== row.status || b.gap !== row.gap) ? (
          <Change before={statusText(b)} after={<StatusLabel row={row} />} format="status" />
        ) : (
          <StatusLabel row={row} />
        )}
      </td>
      <td>{reasons ?? ''}</td>
      <td className="num">{fmtInt(row.population)}</td>
      <td className="num">
        {b ? (
          <Change before={fmtPct(b.populationWithin10KmPct)} after={fmtPct(row.populationWithin10KmPct)} />
        ) : (
          fmtPct(row.populationWithin10KmPct)
        )}
      </td>
      <td className="num">
        {b ? <Change before={fmtKm(b.meanDistanceKm)} after={fmtKm(row.meanDistanceKm)} /> : fmtKm(row.meanDistanceKm)}
      </td>
      <td className="num">{fmtPct(row.populationWithin30MinPct)}</td>
      <td className="num">{fmtMin(row.meanDriveMinutes)}</td>
    </>
  );
}

/** One canton's row; its name selects it (the map zooms to it); hovering or focusing it shows its figures on the map. */
function CantonRow({ row: r, selected, change }: { row: CoverageRow; selected: boolean; change: ComparedRow | null }) {
  const select = useAppStore((s) => s.select);
  const setHover = useAppStore((s) => s.setPlannerHover);
  const changed = change?.changed ?? false;
  return (
    <tr
      data-canton={r.cantonCode}
      className={[selected ? 'is-selected' : '', changed ? 'is-changed' : ''].filter(Boolean).join(' ') || undefined}
      aria-selected={selected}
      onMouseEnter={() => setHover(r.cantonCode)}
      onMouseLeave={() => setHover(null)}
    >
      <th scope="row">
        <button
          type="button"
          className="link-button"
          onClick={() => select({ layer: CANTONS.id, id: r.cantonCode })}
          onFocus={() => setHover(r.cantonCode)}
          onBlur={() => setHover(null)}
          aria-pressed={selected}
        >
          {r.cantonName}
        </button>
        <span className="canton-code"> {r.cantonCode}</span>
        {changed && <span className="change-flag"> modifié</span>}
      </th>
      <FigureCells row={r} change={change} />
    </tr>
  );
}

/** The canton table: filtered and sorted as the store says, before → after with a scenario, the selected canton brought into view. */
export function CoverageTableView({ table, comparison }: { table: CoverageTable; comparison: CoverageComparison | null }) {
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
  const changes = useMemo(() => new Map(comparison?.rows.map((r) => [r.cantonCode, r]) ?? []), [comparison]);

  // a canton selected on the map: bring its row into view
  useEffect(() => {
    if (!selectedCanton) return;
    const row = tbodyRef.current?.querySelector(`tr[data-canton="${CSS.escape(selectedCanton)}"]`);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedCanton]);

  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="tableau-cantons-caption">
      <table className="coverage-table" id="tableau-cantons">
        <caption id="tableau-cantons-caption">
          {rows.length} cantons affichés sur {table.rows.length}
          {comparison ? ', avant → après le scénario' : ''}. Temps en voiture :{' '}
          {table.method.driveTime
            ? travelTimeMethodFr(table.method.driveTime.network)
            : `${STRAIGHT_LINE_ESTIMATE_FR}, aucun réseau routier chargé (colonnes vides)`}
          .
          <span className="visually-hidden">
            {' '}
            Parcourir un canton donne ses chiffres sur la carte ; le choisir le montre et liste ses sites et ses communes.
          </span>
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
            <CantonRow key={r.cantonCode} row={r} selected={r.cantonCode === selectedCanton} change={changes.get(r.cantonCode) ?? null} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{table.total.cantonName}</th>
            <FigureCells row={{ ...table.total, priority: null }} change={comparison?.total ?? null} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The choropleth's classes, as on the map. */
export function CoverageLegend() {
  return (
    <ul className="coverage-legend" aria-label="Légende des cantons sur la carte">
      {COVERAGE_CLASSES.map((c) => (
        <li key={c.id}>
          <span className="coverage-swatch" style={{ background: c.colour }} aria-hidden="true" /> {c.label}
        </li>
      ))}
      <li>
        <span className="coverage-swatch coverage-swatch--dimmed" aria-hidden="true" /> Canton hors filtre (estompé)
      </li>
    </ul>
  );
}

type QuickKey = 'withoutOnly' | 'gapsOnly' | 'priorityOnly';
const QUICK: { key: QuickKey; label: string; test(r: CoverageRow): boolean }[] = [
  { key: 'withoutOnly', label: 'Sans France Services', test: (r) => r.franceServices + r.franceServicesBuses === 0 },
  { key: 'gapsOnly', label: 'En écart', test: (r) => r.gap > 0 },
  { key: 'priorityOnly', label: 'Prioritaires', test: (r) => r.priority === true },
];

/** One click to the cantons without France Services, in gap, or priorities (the table and the map follow). */
export function QuickFilters({ table }: { table: CoverageTable }) {
  const filter = useAppStore((s) => s.coverageFilter);
  const setFilter = useAppStore((s) => s.setCoverageFilter);
  const none = { withoutOnly: false, gapsOnly: false, priorityOnly: false };
  return (
    <div className="quick-filters" role="group" aria-label="Filtres rapides des cantons (tableau et carte)">
      {QUICK.map((q) => (
        <button key={q.key} type="button" aria-pressed={filter[q.key]} onClick={() => setFilter({ ...none, [q.key]: !filter[q.key] })}>
          {q.label} <span className="quick-filters__count">({table.rows.filter(q.test).length})</span>
        </button>
      ))}
      <button type="button" aria-pressed={!filter.withoutOnly && !filter.gapsOnly && !filter.priorityOnly} onClick={() => setFilter(none)}>
        Tous<span className="visually-hidden"> les cantons ({table.rows.length})</span>
      </button>
    </div>
  );
}
