import { useCallback, useId, useState } from 'react';
import type { PlanFacts } from '../../core/plan/plan-types.ts';
import { formatCountFr } from '../../layers/french-format.ts';
import { useChart, type ChartsModule } from '../timeline/use-chart.ts';

type Years = NonNullable<PlanFacts['adultesRelais']>;

/** The chart's text alternative: every year's count. */
export function adultesRelaisSummaryFr(years: Years, departement: string): string {
  if (years.length === 0) return `Aucun poste adulte-relais dans les données pour ${departement}.`;
  return `Postes adultes-relais financés, ${departement}, de ${years[0].year} à ${years.at(-1)!.year} : ${years
    .map((y) => `${formatCountFr(y.posts)} en ${y.year}`)
    .join(', ')}.`;
}

/** A06: adultes-relais posts funded per year, as bars (uPlot, loaded lazily) and as a table behind a visible toggle. */
export function AdultesRelaisChart({ years, departement }: { years: Years; departement: string }) {
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const mount = useCallback(
    (charts: ChartsModule, el: HTMLDivElement, width: number) =>
      charts.mountYearBars(
        el,
        years.map((y) => Number(y.year)),
        years.map((y) => y.posts),
        { width, label: 'Postes' },
      ),
    [years],
  );
  const { ref, error } = useChart(years.length ? mount : null);
  return (
    <div className="year-chart">
      <h4>Postes adultes-relais financés par année</h4>
      <div ref={ref} className="chart" role="img" aria-label={adultesRelaisSummaryFr(years, departement)} />
      {error && <p role="alert">{error}</p>}
      <button
        type="button"
        className="chart-table-toggle"
        aria-expanded={showTable}
        aria-controls={showTable ? tableId : undefined}
        onClick={() => setShowTable((v) => !v)}
      >
        {showTable ? 'Masquer le tableau des chiffres' : 'Afficher les chiffres en tableau'}
      </button>
      {showTable && (
        <div className="table-scroll" id={tableId}>
          <table className="year-table">
            <caption>
              Postes adultes-relais financés — {departement}, par année (tous thèmes ; les médiateurs santé ne sont pas distingués)
            </caption>
            <thead>
              <tr>
                <th scope="col">Année</th>
                <th scope="col">Postes financés</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr key={y.year} data-year={y.year}>
                  <th scope="row">{y.year}</th>
                  <td className="num">{formatCountFr(y.posts)}</td>
                  <td className="plan-source">{y.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
