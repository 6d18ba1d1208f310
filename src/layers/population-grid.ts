import { formatCountFr } from './french-format.ts';
import type { LayerDefinition } from './layer-types.ts';

/** A 1 km cell of the Eurostat grid (its centre) with its population. */
export interface PopulationCellProperties {
  /** The grid's cell code (CRS3035RES1000mN…E…). */
  id: string;
  population: number;
  country: string;
  /** 1 when the cell lies in the département, 0 for the cells around it. */
  in_departement: 0 | 1;
}

/** The Eurostat 1 km population grid: drawn as shaded cells, summed up in the list view. */
export const POPULATION_GRID: LayerDefinition = {
  id: 'population-grid',
  title: 'Population (grille 1 km, 2021)',
  legend: { group: 'territories', colour: '#555555', symbol: 'grid' },
  defaultVisible: false,
  style: { kind: 'population-grid' },
  zRank: { main: 180 },
  list: {
    summary: (features) => {
      const inDept = features.filter((f) => f.properties?.in_departement === 1);
      const population = inDept.reduce((s, f) => s + (typeof f.properties?.population === 'number' ? f.properties.population : 0), 0);
      return `Grille de population de 1 km : ${formatCountFr(inDept.length)} carreaux habités dans le département, ${formatCountFr(population)} habitants (et ${formatCountFr(features.length - inDept.length)} carreaux voisins, jusqu’à 5 km). Les carreaux n’ont pas de nom : la carte les montre.`;
    },
  },
  coverage: { role: 'optional', order: 4 },
  sourceIds: ['eurostat-population-grid-2021'],
};
