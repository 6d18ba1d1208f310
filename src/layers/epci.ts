import type { AreaProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { ILLECTRONISME_COLUMN, areaColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** An EPCI (SIREN code), dissolved from its communes in the département, with its illectronisme rate. */
export interface EpciProperties extends AreaProperties {
  type: string;
  communes: number;
  communes_outside_departement: number;
  /** True when the EPCI extends beyond the département (only its part inside is drawn). */
  partial: boolean;
  population_in_departement: number | null;
  population_total: number | null;
  illectronisme_rate_pct: number | null;
  illectronisme_people: number | null;
}

/** Intercommunalities. */
export const EPCI: LayerDefinition = {
  id: 'epci',
  title: 'EPCI',
  legend: { group: 'context', colour: OKABE_ITO.reddishPurple, symbol: 'outline' },
  defaultVisible: false,
  style: { kind: 'areas', outline: { width: 1.6 } },
  zRank: { line: 230, label: 530 },
  labels: { minzoom: 8, maxzoom: 11, size: [11, 14], colour: '#7a2e5c', bold: true },
  list: { area: true, columns: (features) => [...areaColumns(features), ILLECTRONISME_COLUMN] },
  sourceIds: ['etalab-decoupage-administratif', 'insee-illectronisme-epci'],
};
