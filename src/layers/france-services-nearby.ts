import type { FranceServicesProperties } from './france-services.ts';
import type { LayerDefinition } from './layer-types.ts';
import { APPOINTMENT_COLUMN, siteColumns } from './list-columns.ts';

/** A France Services of a neighbouring département: as the département's, with its own département code. */
export interface FranceServicesNearbyProperties extends FranceServicesProperties {
  dept: string;
}

/** France Services of the neighbouring départements near the border: for distances and the nearest search. */
export const FRANCE_SERVICES_NEARBY: LayerDefinition = {
  id: 'france-services-nearby',
  title: 'France Services des départements voisins',
  legend: { group: 'services', colour: '#E8A57F', symbol: 'point' },
  defaultVisible: true,
  style: { kind: 'points', radius: 3.8, opacity: 0.8, strokeColour: '#8a3a00', strokeWidth: 0.8 },
  zRank: { main: 450 },
  list: { columns: () => [...siteColumns(), APPOINTMENT_COLUMN] },
  details: { hours: true, appointment: true },
  nearest: { group: 'france-services' },
  coverage: { role: 'optional', order: 3 },
  sourceIds: ['anct-france-services-2024'],
};
