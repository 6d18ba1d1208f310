import { useCallback, useEffect, useId, useState } from 'react';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import type { GrowthPoint } from '../../core/timeline/coverage-timeline.ts';
import { formatCountFr } from '../../layers/french-format.ts';
import { type GrowthFigures, formatPctFr, franceServicesFr, growthSummaryFr, pointOn } from './growth-text.ts';
import { useChart, type ChartsModule } from './use-chart.ts';
import { GROWTH_STYLES } from './chart-styles.ts';

/** The three series of the growth chart, in drawing order. */
const SERIES = [
  {
    label: 'France Services ouvertes (sites fixes et bus)',
    scale: 'count',
    value: (p: GrowthPoint) => p.franceServices + p.franceServicesBuses,
  },
  { label: 'Cantons qui atteignent la cible', scale: 'count', value: (p: GrowthPoint) => p.cantonsMet },
  {
    label: 'Population à moins de 10 km d’une France Services fixe (%, axe de droite)',
    scale: 'pct',
    value: (p: GrowthPoint) => p.populationWithin10KmPct,
  },
] as const;

/** The chart's legend: each series' line (colour and dash) and name. */
function Legend() {
  return (
    <ul className="chart-legend">
      {SERIES.map((s, i) => (
        <li key={s.label}>
          <svg width="40" height="12" aria-hidden="true" focusable="false">
            <line
              x1="0"
              y1="6"
              x2="40"
              y2="6"
              stroke={GROWTH_STYLES[i].colour}
              strokeWidth="3"
              strokeDasharray={GROWTH_STYLES[i].dash.join(' ') || undefined}
            />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** The same figures as the chart, one row per date the network changed. */
function GrowthTable({
  growth,
  departement,
  selectedDate,
  id,
}: {
  growth: GrowthFigures;
  departement: string;
  selectedDate: string | null;
  id: string;
}) {
  const current = selectedDate ? pointOn(growth.series, selectedDate) : null;
  return (
    <div className="table-scroll" id={id}>
      <table className="growth-table">
        <caption>
          Évolution du réseau France Services — {departement} : une ligne par date où le réseau change (labellisation d’un site, ici ou dans
          un département voisin), jusqu’à la date de la liste.
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">France Services ouvertes</th>
            <th scope="col">Labellisées ce jour</th>
            <th scope="col">Cantons qui atteignent la cible (sur {growth.cantons})</th>
            <th scope="col">France Services manquantes</th>
            <th scope="col">Population à moins de 10 km</th>
          </tr>
        </thead>
        <tbody>
          {growth.series.map((p) => (
            <tr key={p.date} data-date={p.date} className={p === current ? 'is-selected' : undefined}>
              <th scope="row">
                {formatDayFr(p.date)}
                {p.date === growth.listDate && ' (date de la liste)'}
                {p === current && ' — en vigueur à la date choisie'}
              </th>
              <td className="num" data-col="france-services">
                {franceServicesFr(p)}
              </td>
              <td className="num" data-col="added">
                {p.added}
                {p.addedNearby > 0 && ` (+ ${p.addedNearby} voisin${p.addedNearby > 1 ? 's' : ''})`}
              </td>
              <td className="num" data-col="cantons-met">
                {p.cantonsMet}
              </td>
              <td className="num" data-col="gap">
                {formatCountFr(p.gap)}
              </td>
              <td className="num" data-col="within-10km">
                {formatPctFr(p.populationWithin10KmPct)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The growth chart (uPlot, loaded lazily) with its text alternative, legend, pointer readout,
 * and the same figures as a table behind a visible toggle. `selectedDate`: the planner's date,
 * marked on the chart and the table.
 */
export function GrowthChart({
  growth,
  departement,
  selectedDate,
}: {
  growth: GrowthFigures;
  departement: string;
  selectedDate: string | null;
}) {
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const [cursor, setCursor] = useState<number | null>(null);
  const mount = useCallback(
    (charts: ChartsModule, el: HTMLDivElement, width: number) =>
      charts.mountGrowthChart(
        el,
        growth.series.map((p) => p.date),
        SERIES.map((s) => ({ label: s.label, scale: s.scale, values: growth.series.map(s.value) })),
        { width, marker: null, onCursor: setCursor },
      ),
    [growth],
  );
  const { ref, handle, error } = useChart(mount);
  useEffect(() => {
    handle.current?.setMarker(selectedDate);
  });
  const at = cursor !== null ? growth.series[cursor] : null;
  return (
    <div className="growth-chart">
      <div ref={ref} className="chart" role="img" aria-label={growthSummaryFr(growth, departement, selectedDate)} />
      {error && <p role="alert">{error}</p>}
      <p className="chart-readout" aria-hidden="true">
        {at
          ? `${formatDayFr(at.date)} : ${franceServicesFr(at)} France Services, ${at.cantonsMet} cantons sur ${growth.cantons} atteignent la cible, ${formatPctFr(at.populationWithin10KmPct)} à moins de 10 km`
          : 'Survolez le graphique pour lire les chiffres d’une date.'}
      </p>
      <Legend />
      {selectedDate && <p className="hint">Trait vertical pointillé noir : la date choisie ({formatDayFr(selectedDate)}).</p>}
      <button
        type="button"
        className="chart-table-toggle"
        aria-expanded={showTable}
        aria-controls={showTable ? tableId : undefined}
        onClick={() => setShowTable((v) => !v)}
      >
        {showTable ? 'Masquer le tableau des chiffres' : 'Afficher les chiffres en tableau'}
      </button>
      {showTable && <GrowthTable growth={growth} departement={departement} selectedDate={selectedDate} id={tableId} />}
    </div>
  );
}
