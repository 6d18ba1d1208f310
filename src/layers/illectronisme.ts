import { classIndexOf, quantileBreaks } from '../core/classify/quantile-breaks.ts';
import type { LayerData } from '../data/bundle/bundle-types.ts';
import { featureIdOf } from './feature-props.ts';
import { formatNumberFr } from './french-format.ts';
import type { Choropleth, LayerDefinition } from './layer-types.ts';
import { ILLECTRONISME_COLUMN, areaColumns } from './list-columns.ts';
import { COLORBREWER, rampFor } from './palettes.ts';

/** Illectronisme rate per EPCI (%): quantile classes rounded to half a point. */
export function illectronismeChoropleth(data: LayerData): Choropleth {
  const features = data.features;
  const rates = features
    .map((f) => f.properties?.illectronisme_rate_pct)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const breaks = quantileBreaks(rates, 5, 0.5);
  const colours = rampFor('purples', breaks.length + 1);
  const classOf = new Map<string, number>();
  const counts = colours.map(() => 0);
  for (const f of features) {
    const key = featureIdOf(f);
    const v = f.properties?.illectronisme_rate_pct;
    if (key === null || typeof v !== 'number' || !Number.isFinite(v)) continue;
    const cls = classIndexOf(v, breaks);
    classOf.set(key, cls);
    counts[cls]++;
  }
  const pct = (v: number) => `${formatNumberFr(v, 1)} %`;
  const labels = colours.map((_, i) => {
    if (breaks.length === 0) return rates.length ? `${pct(Math.min(...rates))} à ${pct(Math.max(...rates))}` : '';
    if (i === 0) return `moins de ${pct(breaks[0])}`;
    if (i === breaks.length) return `${pct(breaks[i - 1])} ou plus`;
    return `${formatNumberFr(breaks[i - 1], 1)} à moins de ${pct(breaks[i])}`;
  });
  return {
    title: 'Part des personnes en situation d’illectronisme',
    classes: colours.map((colour, i) => ({ colour, label: labels[i], count: counts[i] })),
    classOf,
    colours,
  };
}

/** The illectronisme rate per EPCI (INSEE study), drawn as a choropleth from the EPCI layer. */
export const ILLECTRONISME: LayerDefinition = {
  id: 'illectronisme',
  title: 'Illectronisme par EPCI',
  legend: { group: 'territories', colour: COLORBREWER.purples[4][2], symbol: 'area' },
  defaultVisible: false,
  style: { kind: 'choropleth', opacity: 0.75, lineColour: '#3f007d', filter: ['has', 'illectronisme_rate_pct'] },
  zRank: { fill: 130, line: 140 },
  list: { area: true, columns: (features) => [...areaColumns(features), ILLECTRONISME_COLUMN] },
  sourceIds: ['insee-illectronisme-epci', 'etalab-decoupage-administratif'],
  derived: {
    from: 'epci',
    keep: (p) => typeof p.illectronisme_rate_pct === 'number',
    sourceIds: ['insee-illectronisme-epci', 'etalab-decoupage-administratif'],
    caveats: [
      'Part des personnes en situation d’illectronisme (étude INSEE Hauts-de-France) ; millésime non précisé par la source.',
      'Un EPCI à cheval sur deux départements n’est dessiné que pour sa partie dans le département.',
    ],
  },
  choropleth: { build: (data) => illectronismeChoropleth(data) },
};
