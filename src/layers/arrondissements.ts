import type { AreaProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { areaColumns } from './list-columns.ts';

/** An arrondissement (INSEE code, département + one digit). */
export interface ArrondissementProperties extends AreaProperties {
  communes: number;
  population: number | null;
}

/** Arrondissements: outlines, names at the département's zooms. */
export const ARRONDISSEMENTS: LayerDefinition = {
  id: 'arrondissements',
  title: 'Arrondissements',
  legend: { group: 'context', colour: '#444444', symbol: 'outline' },
  defaultVisible: true,
  style: { kind: 'areas', outline: { width: 1.4, opacity: 0.8 } },
  zRank: { line: 260, label: 540 },
  labels: { minzoom: 6, maxzoom: 9.5, size: [11, 14], colour: '#333333', bold: true, uppercase: true },
  list: { area: true, columns: areaColumns },
  sourceIds: ['etalab-decoupage-administratif', 'ign-communes-2018'],
};
