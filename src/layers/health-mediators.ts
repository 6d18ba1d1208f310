import { classIndexOf, quantileBreaks } from '../core/classify/quantile-breaks.ts';
import type { LayerData, LayerManifest } from '../data/bundle/bundle-types.ts';
import { featureIdOf } from './feature-props.ts';
import { formatNumberFr } from './french-format.ts';
import type { Choropleth, LayerDefinition } from './layer-types.ts';
import { cellCount, cellText } from './list-columns.ts';
import { COLORBREWER, rampFor } from './palettes.ts';

/**
 * An adultes-relais territory (a commune or an EPCI of a contrat de ville) with its posts per
 * year: `posts_2020` … `posts_2025` (keys made from the years of the data).
 */
export interface HealthMediatorsProperties {
  id: string;
  layer: 'health-mediators';
  territory_type: 'commune' | 'epci';
  name: string;
  contracts: string;
  contract_names: string;
  latest_year: string | null;
  [postsOfYear: `posts_${number}`]: number;
}

const POSTS_KEY = /^posts_\d{4}$/;

/** Years with an adultes-relais count (the manifest's yearly totals, else `posts_YYYY` in the data), ascending. */
function mediatorYears(layer: LayerManifest | undefined, data: LayerData | undefined): number[] {
  const stats = layer?.stats?.posts_by_year;
  let years: number[];
  if (stats && typeof stats === 'object' && Object.keys(stats).length) years = Object.keys(stats).map(Number);
  else {
    const set = new Set<number>();
    for (const f of data?.features ?? [])
      for (const k of Object.keys(f.properties ?? {})) if (POSTS_KEY.test(k)) set.add(Number(k.slice(6)));
    years = [...set];
  }
  return years.filter((y) => Number.isInteger(y)).sort((a, b) => a - b);
}

/**
 * Adultes-relais posts per territory for `year`: class 0 is "no post"; the other classes
 * are quantiles of every positive yearly count of every year, so a colour means the same
 * number of posts whatever the year chosen.
 */
export function mediatorsChoropleth(data: LayerData, year: number): Choropleth {
  const features = data.features;
  const all: number[] = [];
  for (const f of features)
    for (const [k, v] of Object.entries(f.properties ?? {})) if (POSTS_KEY.test(k) && typeof v === 'number' && v > 0) all.push(v);
  const breaks = quantileBreaks(all, 4, 1);
  const colours = ['#d9d9d9', ...rampFor('puBu', breaks.length + 1)];
  const classOf = new Map<string, number>();
  const counts = colours.map(() => 0);
  for (const f of features) {
    const key = featureIdOf(f);
    const v = f.properties?.[`posts_${year}`];
    if (key === null || typeof v !== 'number' || !Number.isFinite(v)) continue;
    const cls = v <= 0 ? 0 : 1 + classIndexOf(v, breaks);
    classOf.set(key, cls);
    counts[cls]++;
  }
  const posts = (n: number) => `${formatNumberFr(n, 0)} poste${n > 1 ? 's' : ''}`;
  const bounds = [all.length ? Math.min(...all) : 1, ...breaks];
  const labels = [
    'aucun poste',
    ...bounds.map((lo, i) => {
      const next = bounds[i + 1];
      if (next === undefined) return `${posts(lo)} ou plus`;
      return next - 1 <= lo ? posts(lo) : `${formatNumberFr(lo, 0)} à ${posts(next - 1)}`;
    }),
  ];
  return {
    title: `Postes adultes-relais financés en ${year}`,
    classes: colours.map((colour, i) => ({ colour, label: labels[i], count: counts[i] })),
    classOf,
    colours,
  };
}

/** The most recent year of the layer's features (`latest_year`), as text ('' when none). */
function latestYear(features: readonly { properties: Readonly<Record<string, unknown>> | null }[]): string {
  return (
    features
      .map((f) => cellText(f.properties ?? {}, 'latest_year'))
      .sort()
      .pop() ?? ''
  );
}

/** Adultes-relais posts per contrat-de-ville territory and year (no coordinates: a choropleth by year). */
export const HEALTH_MEDIATORS: LayerDefinition = {
  id: 'health-mediators',
  title: 'Adultes-relais (dont médiateurs santé)',
  legend: { group: 'territories', colour: COLORBREWER.puBu[4][2], symbol: 'area' },
  defaultVisible: false,
  // communes drawn above the EPCI that hold them
  style: {
    kind: 'choropleth',
    opacity: 0.75,
    lineColour: '#023858',
    sortKey: ['case', ['==', ['get', 'territory_type'], 'commune'], 1, 0],
  },
  zRank: { fill: 150, line: 160 },
  list: {
    area: true,
    columns: (features) => {
      const latest = latestYear(features);
      return [
        { label: 'Type de territoire', value: (p) => (cellText(p, 'territory_type') === 'epci' ? 'intercommunalité' : 'commune') },
        { label: `Postes adultes-relais ${latest}`, value: (p) => cellCount(p, `posts_${latest}`), numeric: true },
      ];
    },
  },
  coverage: { role: 'optional', order: 5 },
  import: {
    title: 'Médiateurs santé adultes-relais (sites)',
    geometry: 'point',
    description: 'Lieux d’intervention des médiateurs santé.',
  },
  sourceIds: ['anct-adultes-relais-2020-2023', 'anct-adultes-relais-2024-2025'],
  choropleth: {
    years: mediatorYears,
    build: (data, year) => mediatorsChoropleth(data, year ?? 0),
  },
};
