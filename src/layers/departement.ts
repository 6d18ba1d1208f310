import type { AreaProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { areaColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** The département's outline. */
export interface DepartementProperties extends AreaProperties {
  communes: number;
  population: number | null;
}

/** The département: a white veil over the basemap and its outline. */
export const DEPARTEMENT: LayerDefinition = {
  id: 'departement',
  title: 'Département',
  legend: { group: 'context', colour: OKABE_ITO.black, symbol: 'outline' },
  defaultVisible: true,
  style: { kind: 'areas', fill: { colour: '#ffffff', opacity: 0.85 }, outline: { width: 2 } },
  zRank: { fill: 110, line: 270 },
  list: { area: true, columns: areaColumns },
  sourceIds: ['ign-departement-2018'],
};
