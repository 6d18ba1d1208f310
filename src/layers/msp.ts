import type { SiteProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { siteColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** An MSP (imported: no open file here). */
export type MspProperties = SiteProperties;

/** Maisons de santé pluriprofessionnelles: no open data here; the layer says so and what it accepts. */
export const MSP: LayerDefinition = {
  id: 'msp',
  title: 'Maisons de santé pluriprofessionnelles (MSP)',
  legend: { group: 'services', colour: OKABE_ITO.skyBlue, symbol: 'point' },
  defaultVisible: false,
  style: { kind: 'points', radius: 5 },
  zRank: { main: 440 },
  list: { columns: siteColumns },
  nearest: { group: 'msp', title: 'Maisons de santé pluriprofessionnelles', order: 3 },
  coverage: { role: 'counted', order: 9 },
  import: {
    title: 'Maisons de santé pluriprofessionnelles (MSP)',
    geometry: 'point',
    description: 'Extraction FINESS des établissements (catégorie 603 retenue) ou tableau de MSP.',
    accepts: [
      'Extraction FINESS des établissements (catégorie 603, coordonnées Lambert-93)',
      'CSV (nom, adresse, code_insee ou latitude/longitude)',
      'GeoJSON de points',
    ],
  },
  sourceIds: [],
};
