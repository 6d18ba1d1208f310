import type { AreaProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { areaColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** A priority territory of the SDAASP (data/departements/NN.json), dissolved from its communes. */
export interface PriorityZoneProperties extends Omit<AreaProperties, 'code'> {
  id: string;
  layer: 'priority-zones';
  why: string;
  seed_refs: string;
  epci: string;
  communes: number;
  population: number;
  commune_codes: string;
}

/** The SDAASP's priority territories. */
export const PRIORITY_ZONES: LayerDefinition = {
  id: 'priority-zones',
  title: 'Territoires prioritaires du SDAASP',
  legend: { group: 'territories', colour: OKABE_ITO.orange, symbol: 'area' },
  defaultVisible: true,
  style: { kind: 'areas', fill: { opacity: 0.16 }, outline: { width: 2.5 } },
  zRank: { fill: 120, line: 190 },
  list: { area: true, columns: areaColumns },
  coverage: { role: 'optional', order: 6 },
  sourceIds: [],
};
