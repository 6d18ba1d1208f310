/**
 * The app's two small charts drawn with uPlot (docs/decisions/growth-chart-library.md): the
 * network's growth as stepped lines, and the adultes-relais posts per year as bars. This module
 * is only ever imported dynamically (`import('./uplot-charts.ts')`), so uPlot and its stylesheet
 * are a chunk of their own, fetched when a chart is first shown (allowed by the page's
 * Content-Security-Policy: scripts and styles from 'self'; uPlot sets styles through the CSSOM).
 * The canvas is not read by screen readers: every chart sits in a `role="img"` element with a
 * French summary, next to a table of the same figures (the React components do that).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { BAR_COLOUR, GROWTH_STYLES } from './chart-styles.ts';

/** What a mounted chart offers its React component. */
export interface ChartHandle {
  setWidth(width: number): void;
  /** Marks a day (`YYYY-MM-DD`) with a vertical line, or none. */
  setMarker(day: string | null): void;
  destroy(): void;
}

/** A series of the growth chart, in the order of the values. */
export interface GrowthChartSeries {
  label: string;
  values: (number | null)[];
  /** `count` on the left axis, `pct` (0–100) on the right one. */
  scale: 'count' | 'pct';
}

const FONT = '16px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
const INK = '#1a1a1a';
const GRID = '#d6d3cb';
const HEIGHT = 260;

/** Seconds since the epoch of a `YYYY-MM-DD` day at 00:00 UTC (uPlot's time scale counts seconds). */
export function daySeconds(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 1000;
}

/** The first of January of every year the range covers, in seconds: the time axis' ticks. */
function yearSplits(min: number, max: number): number[] {
  const out: number[] = [];
  const first = new Date(min * 1000).getUTCFullYear();
  const last = new Date(max * 1000).getUTCFullYear();
  for (let y = first; y <= last + 1; y++) {
    const s = Date.UTC(y, 0, 1) / 1000;
    if (s >= min && s <= max) out.push(s);
  }
  return out;
}

const countAxis = (label: string): uPlot.Axis => ({
  scale: 'count',
  label,
  font: FONT,
  labelFont: FONT,
  stroke: INK,
  grid: { stroke: GRID, width: 1 },
  ticks: { stroke: GRID, width: 1 },
  size: 56,
  values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? v.toLocaleString('fr-FR') : '')),
});

/** Draws a vertical dashed line at the marked day, over the plot. */
function markerPlugin(get: () => number | null): uPlot.Plugin {
  return {
    hooks: {
      draw(u) {
        const at = get();
        if (at === null) return;
        const x = u.valToPos(at, 'x', true);
        if (!(x >= u.bbox.left && x <= u.bbox.left + u.bbox.width)) return;
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = INK;
        ctx.lineWidth = 2 * uPlot.pxRatio;
        ctx.setLineDash([6 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      },
    },
  };
}

/**
 * The growth chart: stepped lines (the network changes on labelling days and holds until the next
 * one), counts on the left axis, the population share on the right (0–100 %), years on the time
 * axis. `onCursor` receives the index of the date under the pointer (null when it leaves).
 */
export function mountGrowthChart(
  el: HTMLElement,
  days: readonly string[],
  series: readonly GrowthChartSeries[],
  options: { width: number; marker: string | null; onCursor?: (index: number | null) => void },
): ChartHandle {
  let marker = options.marker === null ? null : daySeconds(options.marker);
  const x = days.map(daySeconds);
  const stepped = uPlot.paths.stepped!({ align: 1 });
  const opts: uPlot.Options = {
    width: Math.max(280, options.width),
    height: HEIGHT,
    legend: { show: false },
    cursor: { y: false, drag: { x: false, y: false }, points: { size: 10 } },
    scales: {
      x: { time: true },
      count: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil((max * 1.1) / 5) * 5)] },
      pct: { range: [0, 100] },
    },
    axes: [
      {
        font: FONT,
        stroke: INK,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        size: 40,
        splits: (_u, _i, min, max) => yearSplits(min, max),
        values: (_u, splits) => splits.map((s) => String(new Date(s * 1000).getUTCFullYear())),
      },
      countAxis('Nombre'),
      {
        scale: 'pct',
        side: 1,
        label: '%',
        font: FONT,
        labelFont: FONT,
        stroke: INK,
        grid: { show: false },
        ticks: { stroke: GRID, width: 1 },
        size: 56,
        values: (_u, splits) => splits.map((v) => `${v.toLocaleString('fr-FR')} %`),
      },
    ],
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        scale: s.scale,
        stroke: GROWTH_STYLES[i % GROWTH_STYLES.length].colour,
        dash: [...GROWTH_STYLES[i % GROWTH_STYLES.length].dash],
        width: GROWTH_STYLES[i % GROWTH_STYLES.length].width,
        paths: stepped,
        points: { show: false },
      })),
    ],
    plugins: [markerPlugin(() => marker)],
    hooks: options.onCursor ? { setCursor: [(u) => options.onCursor!(u.cursor.idx ?? null)] } : {},
  };
  const data: uPlot.AlignedData = [x, ...series.map((s) => s.values)];
  const u = new uPlot(opts, data, el);
  return {
    setWidth: (width) => u.setSize({ width: Math.max(280, width), height: HEIGHT }),
    setMarker(day) {
      marker = day === null ? null : daySeconds(day);
      u.redraw(false);
    },
    destroy: () => u.destroy(),
  };
}

/** A bar chart of one count per year (adultes-relais posts). */
export function mountYearBars(
  el: HTMLElement,
  years: readonly number[],
  values: readonly number[],
  options: { width: number; label: string },
): ChartHandle {
  const opts: uPlot.Options = {
    width: Math.max(280, options.width),
    height: 220,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] },
      count: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil((max * 1.1) / 50) * 50)] },
    },
    axes: [
      {
        font: FONT,
        stroke: INK,
        grid: { show: false },
        ticks: { stroke: GRID, width: 1 },
        size: 40,
        splits: () => [...years],
        values: (_u, splits) => splits.map((s) => String(s)),
      },
      countAxis(options.label),
    ],
    series: [
      {},
      {
        label: options.label,
        scale: 'count',
        stroke: BAR_COLOUR,
        fill: BAR_COLOUR,
        width: 1,
        paths: uPlot.paths.bars!({ size: [0.6, 60] }),
        points: { show: false },
      },
    ],
  };
  const u = new uPlot(opts, [[...years], [...values]], el);
  return {
    setWidth: (width) => u.setSize({ width: Math.max(280, width), height: 220 }),
    setMarker: () => undefined,
    destroy: () => u.destroy(),
  };
}
