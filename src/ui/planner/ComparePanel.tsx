import { useEffect } from 'react';
import {
  COMPARISON_INDICATORS,
  type ComparisonIndicator,
  type Distribution,
  type NationalComparison,
} from '../../core/national/national-comparison.ts';
import type { NationalDepartementRow } from '../../core/national/national-table.ts';
import { OKABE_ITO } from '../../layers/palettes.ts';
import { useAppStore } from '../use-app-store.ts';

/** French names of the indicators, with their unit. */
const LABELS: Record<ComparisonIndicator, string> = {
  france_services_per_100k: 'France Services pour 100 000 habitants',
  cantons_covered_pct: 'Cantons ayant au moins une France Services (%)',
  population_within_km_pct: 'Population à moins de 10 km d’une France Services fixe (%)',
};
const QUARTILES: { key: keyof Distribution; label: string }[] = [
  { key: 'min', label: 'Minimum' },
  { key: 'q1', label: '1er quartile' },
  { key: 'median', label: 'Médiane' },
  { key: 'q3', label: '3e quartile' },
  { key: 'max', label: 'Maximum' },
];
const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const fmt = (v: number | null | undefined) => (typeof v === 'number' ? number.format(v) : '–');

/** One strip of the chart: every département a small grey dot, the quartile box and median, neighbours and the focus marked. */
function Strip({ data, k, y }: { data: NationalComparison; k: ComparisonIndicator; y: number }) {
  const d = data.distributions[k];
  if (!d) return null;
  const [x0, x1] = [12, 388];
  const span = d.max - d.min || 1;
  const x = (v: number) => x0 + ((v - d.min) / span) * (x1 - x0);
  const neighbours = new Set(data.neighbours);
  const value = (r: NationalDepartementRow) => r[k];
  const focus = data.rows.find((r) => r.dept === data.focus);
  return (
    <g>
      <text x={x0} y={y - 22} className="compare-chart__label">
        {LABELS[k]}
      </text>
      <line x1={x0} x2={x1} y1={y} y2={y} stroke="#767676" />
      <rect x={x(d.q1)} y={y - 9} width={Math.max(1, x(d.q3) - x(d.q1))} height={18} fill="#e8e8e8" stroke="#595959" />
      <line x1={x(d.median)} x2={x(d.median)} y1={y - 11} y2={y + 11} stroke="#000" strokeWidth={2} />
      {data.rows.map((r) => {
        const v = value(r);
        return v === null || r.dept === data.focus || neighbours.has(r.dept) ? null : (
          <circle key={r.dept} cx={x(v)} cy={y} r={2.5} fill={OKABE_ITO.grey} />
        );
      })}
      {data.rows
        .filter((r) => neighbours.has(r.dept) && value(r) !== null)
        .map((r) => {
          const cx = x(value(r)!);
          return <path key={r.dept} d={`M${cx},${y - 9} l6,11 h-12 z`} fill={OKABE_ITO.orange} stroke="#000" strokeWidth={0.8} />;
        })}
      {focus && value(focus) !== null ? (
        <rect
          x={x(value(focus)!) - 6}
          y={y - 6}
          width={12}
          height={12}
          fill={OKABE_ITO.blue}
          stroke="#000"
          transform={`rotate(45 ${x(value(focus)!)} ${y})`}
        />
      ) : null}
      <text x={x0} y={y + 24} className="compare-chart__axis">
        {fmt(d.min)}
      </text>
      <text x={x1} y={y + 24} textAnchor="end" className="compare-chart__axis">
        {fmt(d.max)}
      </text>
    </g>
  );
}

/** The chart: one strip per indicator. Decorative for screen readers: the table below carries the same figures. */
function CompareChart({ data, name }: { data: NationalComparison; name: string }) {
  return (
    <figure className="compare-chart">
      <svg viewBox="0 0 400 210" role="img" aria-label={`${name} parmi les ${data.rows.length} départements : voir le tableau ci-dessous`}>
        {COMPARISON_INDICATORS.map((k, i) => (
          <Strip key={k} data={data} k={k} y={40 + i * 68} />
        ))}
      </svg>
      <figcaption>
        <span className="compare-key compare-key--focus" aria-hidden="true" /> {name}{' '}
        <span className="compare-key compare-key--neighbour" aria-hidden="true" /> départements alentour{' '}
        <span className="compare-key compare-key--other" aria-hidden="true" /> autres départements ; boîte : du 1er au 3e quartile, trait :
        médiane.
      </figcaption>
    </figure>
  );
}

/** The figures as a table: the département (with its rank), its neighbours, then the national quartiles. */
function CompareTable({ data }: { data: NationalComparison }) {
  const byDept = new Map(data.rows.map((r) => [r.dept, r]));
  const focus = byDept.get(data.focus)!;
  const neighbours = data.neighbours.map((d) => byDept.get(d)).filter((r): r is NationalDepartementRow => !!r);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="compare-caption">
      <table className="coverage-table compare-table">
        <caption id="compare-caption">
          {focus.name}, les départements alentour et la distribution des {data.rows.length} départements de métropole
        </caption>
        <thead>
          <tr>
            <th scope="col">Département</th>
            {COMPARISON_INDICATORS.map((k) => (
              <th key={k} scope="col">
                {LABELS[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="compare-table__focus">
            <th scope="row">
              {focus.name} ({focus.dept})
            </th>
            {COMPARISON_INDICATORS.map((k) => (
              <td key={k}>
                {fmt(focus[k])}
                {data.ranks[k] !== null ? ` (rang ${data.ranks[k]} sur ${data.rows.length})` : ''}
              </td>
            ))}
          </tr>
          {neighbours.map((r) => (
            <tr key={r.dept}>
              <th scope="row">
                {r.name} ({r.dept}), alentour
              </th>
              {COMPARISON_INDICATORS.map((k) => (
                <td key={k}>{fmt(r[k])}</td>
              ))}
            </tr>
          ))}
          {QUARTILES.map((q) => (
            <tr key={q.key} className="compare-table__national">
              <th scope="row">Métropole : {q.label.toLowerCase()}</th>
              {COMPARISON_INDICATORS.map((k) => (
                <td key={k}>{fmt(data.distributions[k]?.[q.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The « Comparer » tab: the département beside its neighbours and the national distribution (bundle's national.json). */
export function ComparePanel() {
  const status = useAppStore((s) => s.nationalStatus);
  const data = useAppStore((s) => s.national);
  const error = useAppStore((s) => s.nationalError);
  const load = useAppStore((s) => s.loadNational);
  const manifestStatus = useAppStore((s) => s.manifestStatus);
  useEffect(() => {
    if (manifestStatus === 'loaded') void load();
  }, [manifestStatus, load]);
  if (status === 'absent')
    return (
      <p role="status" className="compare-absent">
        Comparaison nationale non construite : ce bundle a été construit sans le résumé national (commande <code>coverage --national</code>,
        puis <code>data</code>).
      </p>
    );
  if (status === 'error') return <p role="alert">La comparaison nationale n’a pas pu être lue : {error}</p>;
  if (status !== 'loaded' || !data)
    return (
      <p role="status" aria-busy="true">
        Chargement de la comparaison nationale…
      </p>
    );
  const name = data.rows.find((r) => r.dept === data.focus)?.name ?? data.focus;
  const list = data.sources.find((s) => /France Services/i.test(s.title));
  return (
    <section className="compare" aria-labelledby="compare-title">
      <h3 id="compare-title">Comparer : {name} et les départements de métropole</h3>
      <CompareChart data={data} name={name} />
      <CompareTable data={data} />
      <p className="hint">
        Calculé le {new Date(data.built_at).toLocaleDateString('fr-FR')} par <code>coverage --national</code>, avec le même moteur et la
        même règle de rattachement (COG 2025) que le tableau par canton, pour tous les départements ; accès mesuré depuis le centre des
        communes.
        {list ? ` Liste des France Services : ${list.producer}, millésime ${list.vintage}.` : ''} Sources :{' '}
        {data.sources.map((s) => `${s.title} (${s.vintage})`).join(' ; ')}.
      </p>
    </section>
  );
}
