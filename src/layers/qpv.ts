import type { SiteProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { cellCount, cellText } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** QPV per commune, at the commune's centre (approximate), until the official polygons are dropped in. */
export interface QpvCommuneProperties extends Omit<SiteProperties, 'name'> {
  commune_code: string;
  commune_name: string;
  qpv_codes: string;
  qpv_count: number;
  qpv_names: string;
}

/** A QPV polygon (official file in data/raw/qpv-polygons/). */
export interface QpvPolygonProperties {
  id: string;
  code: string;
  name: string;
  communes: string;
  layer: 'qpv';
  approximate: false;
  source: string;
}

export type QpvProperties = QpvCommuneProperties | QpvPolygonProperties;

/** Quartiers prioritaires de la politique de la ville (2024). */
export const QPV: LayerDefinition = {
  id: 'qpv',
  title: 'Quartiers prioritaires (QPV 2024)',
  legend: { group: 'territories', colour: OKABE_ITO.yellow, symbol: 'point' },
  defaultVisible: true,
  style: { kind: 'points', radius: 4.5, strokeColour: '#000000', strokeWidth: 1.2 },
  zRank: { main: 400 },
  list: {
    columns: () => [
      { label: 'Quartiers prioritaires', value: (p) => cellText(p, 'qpv_names') },
      { label: 'Nombre', value: (p) => cellCount(p, 'qpv_count'), numeric: true },
    ],
  },
  import: {
    title: 'Quartiers prioritaires (périmètres QPV)',
    geometry: 'area',
    description: 'GeoJSON des périmètres QPV 2024 (code_qp, nom_qp) de l’ANCT.',
  },
  sourceIds: ['anct-qpv-communes-2024', 'anct-qpv-polygons-2024'],
};
