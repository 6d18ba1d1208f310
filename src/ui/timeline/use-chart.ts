import { useEffect, useRef, useState } from 'react';
import type { ChartHandle } from './uplot-charts.ts';

export type ChartsModule = typeof import('./uplot-charts.ts');

let charts: Promise<ChartsModule> | null = null;

/** The chart module (uPlot and its stylesheet), fetched once, on the first chart shown; a failed fetch is tried again next time. */
export function loadCharts(): Promise<ChartsModule> {
  charts ??= import('./uplot-charts.ts').catch((err: unknown) => {
    charts = null;
    throw err;
  });
  return charts;
}

/**
 * Mounts a chart in the returned element once the chart module is loaded, follows the element's
 * width, and destroys the chart when `mount` changes or the component goes. `mount` must be
 * memoised on the chart's data (useCallback).
 */
export function useChart(mount: ((module: ChartsModule, el: HTMLDivElement, width: number) => ChartHandle) | null) {
  const ref = useRef<HTMLDivElement>(null);
  const handle = useRef<ChartHandle | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!mount) return;
    let live = true;
    let chart: ChartHandle | null = null;
    let observer: ResizeObserver | null = null;
    loadCharts().then(
      (module) => {
        const el = ref.current;
        if (!live || !el) return;
        setError(null);
        chart = mount(module, el, el.clientWidth);
        handle.current = chart;
        observer = new ResizeObserver(() => chart?.setWidth(el.clientWidth));
        observer.observe(el);
      },
      (err: unknown) => {
        if (live)
          setError(
            `Le graphique n’a pas pu être chargé (${err instanceof Error ? err.message : String(err)}) ; le tableau donne les mêmes chiffres.`,
          );
      },
    );
    return () => {
      live = false;
      observer?.disconnect();
      chart?.destroy();
      handle.current = null;
    };
  }, [mount]);
  return { ref, handle, error };
}
