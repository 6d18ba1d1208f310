import type { SiteProperties } from './feature-props.ts';
import type { LocationPrecision } from '../core/nearest/location-precision.ts';
import type { LayerDefinition } from './layer-types.ts';
import { APPOINTMENT_COLUMN, siteColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** One day of a France Services' week: parsed ranges in minutes, and the text as written. */
export interface DayHoursProperties {
  status: 'open' | 'closed' | 'unknown';
  ranges?: { opensMin: number; closesMin: number }[];
  text: string;
}

/** A France Services as the bundle writes it (src/data/builders/build-points.ts). */
export interface FranceServicesProperties extends SiteProperties {
  kind: 'fixed' | 'bus';
  /** `exact` for every site of the ANCT list (it gives coordinates); `commune` if a row had none. */
  location_precision: LocationPrecision;
  /** `format_fs` of the ANCT list (Fixe, Bus_équivalent, Itinérante…). */
  format: string;
  site_type: string;
  group: string | null;
  appointment: boolean | null;
  /** ISO date of the labelling, when the text gives one. */
  labelled_on: string | null;
  labelling_text: string;
  hours: Record<string, DayHoursProperties>;
}

/** The département's France Services (ANCT list), fixed sites and buses. */
export const FRANCE_SERVICES: LayerDefinition = {
  id: 'france-services',
  title: 'France Services',
  legend: {
    group: 'services',
    colour: OKABE_ITO.vermillion,
    symbol: 'point',
    variants: [
      { label: 'site fixe', colour: OKABE_ITO.vermillion, symbol: 'point' },
      { label: 'bus (itinérant, à sa base)', colour: OKABE_ITO.vermillion, symbol: 'ring' },
    ],
  },
  defaultVisible: true,
  style: { kind: 'france-services', radius: 6.5 },
  zRank: { main: 460 },
  list: { columns: () => [...siteColumns(), APPOINTMENT_COLUMN] },
  details: { hours: true, appointment: true, kindLabels: { fixed: 'Site fixe', bus: 'Bus itinérant (placé à sa base)' } },
  nearest: { group: 'france-services', title: 'France Services', order: 0 },
  coverage: { role: 'required', order: 2 },
  import: {
    title: 'France Services',
    geometry: 'point',
    description: 'Liste plus récente des France Services (format de la liste ANCT reconnu).',
  },
  sourceIds: ['anct-france-services-2024'],
};
