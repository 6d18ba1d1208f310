import type { LayerDefinition } from './layer-types.ts';
import { COMMUNE_COLUMNS, areaColumns } from './list-columns.ts';

/** The rural communes (INSEE density grid), drawn from the communes layer. */
export const RURAL_COMMUNES: LayerDefinition = {
  id: 'rural-communes',
  title: 'Communes rurales',
  legend: { group: 'territories', colour: '#7a9a3a', symbol: 'area' },
  defaultVisible: false,
  style: { kind: 'areas', filter: ['==', ['get', 'rural'], true], fill: { opacity: 0.45 } },
  zRank: { fill: 170 },
  list: { area: true, columns: (features) => [...areaColumns(features), ...COMMUNE_COLUMNS] },
  sourceIds: ['anct-densite-communes', 'ign-communes-2018'],
  derived: {
    from: 'communes',
    keep: (p) => p.rural === true,
    sourceIds: ['anct-densite-communes', 'ign-communes-2018'],
    caveats: [
      'Commune rurale : niveaux de densité « Bourgs ruraux », « Rural à habitat dispersé » et « Rural à habitat très dispersé » de la grille communale de densité.',
    ],
  },
};
