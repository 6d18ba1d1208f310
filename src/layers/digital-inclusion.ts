import type { PlaceSourceRecord, SiteProperties } from './feature-props.ts';
import type { LocationPrecision } from '../core/nearest/location-precision.ts';
import type { LayerDefinition } from './layer-types.ts';
import { siteColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** A digital-inclusion place: a lieu de médiation numérique (sources merged) or a conseillers numériques host. */
export interface DigitalInclusionProperties extends SiteProperties {
  kind: 'lieu-mediation-numerique' | 'conseillers-numeriques-2021' | 'conseillers-numeriques-2023';
  services?: string[];
  /** National labels (Conseillers numériques, France Services, Aidants Connect). */
  labels?: string[];
  publics?: string[];
  opening_hours_osm?: string | null;
  location_precision: LocationPrecision;
  /** Every source record of this place (one, or several merged by the build). */
  sources: PlaceSourceRecord[];
}

/** Lieux de médiation numérique and conseillers numériques hosts, filterable by national label and service. */
export const DIGITAL_INCLUSION: LayerDefinition = {
  id: 'digital-inclusion',
  title: 'Inclusion numérique',
  legend: {
    group: 'services',
    colour: OKABE_ITO.blue,
    symbol: 'point',
    variants: [
      { label: 'un lieu', colour: OKABE_ITO.blue, symbol: 'point' },
      { label: 'groupe de lieux (nombre) : zoomer pour les séparer', colour: OKABE_ITO.blue, symbol: 'cluster' },
    ],
  },
  defaultVisible: false,
  style: { kind: 'clustered-points', radius: 3.6, strokeWidth: 1 },
  zRank: { main: 410, cluster: 411 },
  filters: [
    {
      field: 'labels',
      label: 'Dispositif national',
      valueLabels: { CNFS: 'Conseillers numériques', 'France Services': 'France Services', 'Aidants Connect': 'Aidants Connect' },
    },
    { field: 'services', label: 'Service proposé', missingNote: 'sans service renseigné (masqués dès qu’un service est coché)' },
  ],
  list: { columns: siteColumns },
  details: {
    kindLabels: {
      'lieu-mediation-numerique': 'Lieu de médiation numérique',
      'conseillers-numeriques-2021': 'Structure d’accueil de conseillers numériques (2021)',
      'conseillers-numeriques-2023': 'Structure d’accueil de conseillers numériques (2023)',
    },
  },
  nearest: { group: 'digital-inclusion', title: 'Aide au numérique', order: 2 },
  coverage: { role: 'counted', order: 7 },
  import: {
    title: 'Lieux de médiation numérique',
    geometry: 'point',
    description: 'Schéma national des lieux de médiation numérique reconnu (et validé), ou tableau simple.',
  },
  sourceIds: ['assembleurs-lieux-mediation-2023', 'anct-conseillers-numeriques-2021', 'assembleurs-conseillers-numeriques-2023'],
};
