import type { SiteProperties } from './feature-props.ts';
import type { LocationPrecision } from '../core/nearest/location-precision.ts';
import type { LayerDefinition } from './layer-types.ts';
import { siteColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** An MSAP of the SIILAB survey, or a France Services of the October 2020 list. */
export interface MsapProperties extends SiteProperties {
  kind: 'msap-2018-2020' | 'france-services-2020';
  location_precision: LocationPrecision;
  id_fs?: string;
  itinerant?: boolean;
  labelled_on?: string | null;
}

/** History: the MSAP of the 2018–2020 survey and the first France Services (October 2020). */
export const MSAP: LayerDefinition = {
  id: 'msap',
  title: 'MSAP et premières France Services (historique)',
  legend: { group: 'services', colour: OKABE_ITO.reddishPurple, symbol: 'point' },
  defaultVisible: false,
  style: { kind: 'points', radius: 5 },
  zRank: { main: 430 },
  list: { columns: siteColumns },
  details: {
    kindLabels: { 'msap-2018-2020': 'MSAP (enquête 2018–2020)', 'france-services-2020': 'France Services labellisée en 2020' },
  },
  sourceIds: ['siilab-hdf-2020', 'anct-france-services-2020'],
};
