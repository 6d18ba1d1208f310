import type { LayerData } from '../data/bundle/bundle-types.ts';
import { featureIdOf } from './feature-props.ts';
import { formatCountFr } from './french-format.ts';
import type { Choropleth, LayerDefinition } from './layer-types.ts';

/** Band code of a cell with no drive time: attached to the roads but no path to a site, or off the network. */
export const ISOCHRONE_NO_TIME = 9;

/**
 * A populated 1 km cell of the département (the population grid's) drawn as its square, with
 * its drive time to the nearest fixed France Services on the user's road graph
 * (docs/drive-time.md). Built by src/data/builders/build-isochrones.ts.
 */
export interface IsochroneCellProperties {
  /** The grid cell's code. */
  id: string;
  /** 0: within 10 min, 1: 10–20, 2: 20–30, 3: beyond 30, {@link ISOCHRONE_NO_TIME}: no time. */
  band: 0 | 1 | 2 | 3 | typeof ISOCHRONE_NO_TIME;
  /** Minutes to the nearest fixed France Services (one decimal), null with no time. */
  minutes: number | null;
  population: number;
  /** Name of that France Services, null with no time. */
  nearest_site: string | null;
}

/**
 * The bands, from the drive times (ColorBrewer YlGnBu, colour-blind safe: lightest is nearest,
 * darkest beyond 30 minutes), then the cells without a time in grey.
 */
export const ISOCHRONE_BANDS: readonly { band: number; colour: string; label: string }[] = [
  { band: 0, colour: '#ffffcc', label: 'moins de 10 min' },
  { band: 1, colour: '#a1dab4', label: '10 à 20 min' },
  { band: 2, colour: '#41b6c4', label: '20 à 30 min' },
  { band: 3, colour: '#225ea8', label: 'plus de 30 min' },
  { band: ISOCHRONE_NO_TIME, colour: '#969696', label: 'sans temps (hors réseau ou sans chemin)' },
];

/** The cells per band, as the map colours them (feature state) and the legend counts them. */
export function isochronesChoropleth(data: LayerData): Choropleth {
  const classOf = new Map<string, number>();
  const counts = ISOCHRONE_BANDS.map(() => 0);
  for (const f of data.features) {
    const key = featureIdOf(f);
    const cls = ISOCHRONE_BANDS.findIndex((b) => b.band === f.properties?.band);
    if (key === null || cls < 0) continue;
    classOf.set(key, cls);
    counts[cls]++;
  }
  return {
    title: 'Temps en voiture jusqu’à la France Services fixe la plus proche',
    classes: ISOCHRONE_BANDS.map((b, i) => ({ colour: b.colour, label: b.label, count: counts[i] })),
    classOf,
    colours: ISOCHRONE_BANDS.map((b) => b.colour),
    unit: { one: 'carreau', many: 'carreaux' },
  };
}

/** People per band, for the list view (the cells have no names). */
function summary(features: readonly { properties: Readonly<Record<string, unknown>> | null }[]): string {
  const people = ISOCHRONE_BANDS.map(() => 0);
  let total = 0;
  for (const f of features) {
    const p = typeof f.properties?.population === 'number' ? f.properties.population : 0;
    const cls = ISOCHRONE_BANDS.findIndex((b) => b.band === f.properties?.band);
    if (cls >= 0) people[cls] += p;
    total += p;
  }
  const parts = ISOCHRONE_BANDS.map((b, i) => `${b.label} : ${formatCountFr(people[i])} habitants`);
  return `Temps en voiture sur le réseau routier, depuis ${formatCountFr(features.length)} carreaux habités de 1 km (${formatCountFr(total)} habitants) : ${parts.join(' ; ')}. Les carreaux n’ont pas de nom : la carte les montre.`;
}

/** Drive-time zones (10 / 20 / 30 minutes) from the road graph the user built; no data without one. */
export const ISOCHRONES: LayerDefinition = {
  id: 'isochrones',
  title: 'Temps en voiture vers une France Services (10, 20, 30 min)',
  legend: { group: 'territories', colour: ISOCHRONE_BANDS[2].colour, symbol: 'grid' },
  defaultVisible: false,
  style: { kind: 'choropleth', opacity: 0.7, lineColour: 'rgba(0,0,0,0)' },
  zRank: { fill: 163, line: 164 },
  list: { summary },
  noData: {
    howTo: (dept) =>
      `Ces zones demandent un réseau routier : un extrait OpenStreetMap (.osm.pbf) ou un GeoJSON de routes (IGN ROUTE 500, BD TOPO), puis « npm run -s cli -- roads --dept ${dept} --file FICHIER » (voir docs/drive-time.md).`,
  },
  sourceIds: [],
  choropleth: { build: (data) => isochronesChoropleth(data) },
};
