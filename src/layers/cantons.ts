import type { AreaProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { areaColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** A canton (INSEE 4-character code, name of the COG 2025). */
export interface CantonProperties extends AreaProperties {
  communes_whole: number;
  population_whole_communes: number;
}

/** Cantons: the planner's unit; clickable, with their coverage figures in the details panel. */
export const CANTONS: LayerDefinition = {
  id: 'cantons',
  title: 'Cantons',
  legend: { group: 'context', colour: OKABE_ITO.blue, symbol: 'dashed' },
  defaultVisible: false,
  style: { kind: 'selectable-areas', outline: { width: 1, dash: [3, 2] } },
  zRank: { hit: 200, line: 240, label: 520 },
  // named from the département's zoom (the planner's workspace shows them over the whole Nord), collision-free
  labels: { minzoom: 7.5, maxzoom: 11.5, size: [12, 16], colour: '#08306b' },
  list: { area: true, columns: areaColumns },
  details: { cantonCoverage: true },
  coverage: { role: 'required', order: 0 },
  sourceIds: ['insee-cog-cantons-2025', 'ign-communes-2018', 'ign-cantons-2018'],
};
