import type { PlanRow } from '../../core/plan/plan-types.ts';
import { STATUS_BADGE, formatAsOfFr, formatMeasuredFr, formatTargetFr, rowKeys } from './plan-format.ts';

/** A status as a badge: symbol and French words (never colour alone). */
export function StatusBadge({ row }: { row: PlanRow }) {
  const badge = STATUS_BADGE[row.status];
  return (
    <span className={`plan-status ${badge.className}`}>
      <span aria-hidden="true">{badge.symbol} </span>
      {badge.label}
    </span>
  );
}

/**
 * The indicators of an action: each target next to what the open data measure, the date of the
 * measure, the status and the source; the note says why (lower bound, which data would be needed…).
 */
export function PlanIndicatorTable({ rows, caption }: { rows: readonly PlanRow[]; caption: string }) {
  const keys = rowKeys(rows);
  return (
    <div className="table-scroll">
      <table className="plan-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Indicateur</th>
            <th scope="col">Cible du plan</th>
            <th scope="col">Mesuré par les données ouvertes</th>
            <th scope="col">Date de la mesure</th>
            <th scope="col">Statut</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr
              key={keys[i]}
              data-action={r.action ?? ''}
              data-indicator={r.indicator}
              data-measured={r.measured ?? ''}
              data-as-of={r.asOf ?? ''}
              data-status={r.status}
            >
              <th scope="row">
                {r.label}
                {r.note && <span className="plan-note">{r.note}</span>}
              </th>
              <td className="num">{formatTargetFr(r)}</td>
              <td className="num">{formatMeasuredFr(r)}</td>
              <td>{formatAsOfFr(r.asOf)}</td>
              <td>
                <StatusBadge row={r} />
              </td>
              <td className="plan-source">{r.source || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
