import type { PlaceSourceRecord, SiteProperties } from './feature-props.ts';
import type { LocationPrecision } from '../core/nearest/location-precision.ts';
import type { LayerDefinition } from './layer-types.ts';
import { siteColumns } from './list-columns.ts';
import { OKABE_ITO } from './palettes.ts';

/** Natures of first-reception places (from the SIILAB `Nature` values; tiers-lieux of the MEL). */
export type FirstReceptionKind =
  | 'mediatheque'
  | 'tiers-lieu'
  | 'administration'
  | 'association'
  | 'france-travail'
  | 'centre-social'
  | 'securite-sociale'
  | 'maison-de-quartier'
  | 'mairie-ccas'
  | 'organisme-formation'
  | 'intercommunalite'
  | 'autre';

/** A first-reception place: a SIILAB help point or a MEL tiers-lieu (self-declared). */
export interface FirstReceptionProperties extends SiteProperties {
  kind: FirstReceptionKind;
  self_declared: true;
  location_precision: LocationPrecision;
  /** Every source record of this place (one, or several merged by the build). */
  sources: PlaceSourceRecord[];
  status?: string | null;
  procedures_help?: string | null;
  digital_mediation?: string | null;
  surveyed_year?: string | null;
  tags?: string | null;
}

/** Places of first social reception and help (SIILAB survey, MEL tiers-lieux), filterable by nature. */
export const FIRST_RECEPTION: LayerDefinition = {
  id: 'first-reception',
  title: "Premier accueil social et lieux d'aide",
  legend: {
    group: 'services',
    colour: OKABE_ITO.bluishGreen,
    symbol: 'point',
    variants: [
      { label: 'un lieu', colour: OKABE_ITO.bluishGreen, symbol: 'point' },
      { label: 'groupe de lieux (nombre) : zoomer pour les séparer', colour: OKABE_ITO.bluishGreen, symbol: 'cluster' },
    ],
  },
  defaultVisible: false,
  style: { kind: 'clustered-points', radius: 3.6, strokeWidth: 1 },
  zRank: { main: 420, cluster: 421 },
  filters: [
    {
      field: 'kind',
      label: 'Nature du lieu',
      valueLabels: {
        mediatheque: 'Bibliothèque, médiathèque',
        'tiers-lieu': 'Tiers-lieu',
        administration: 'Administration, collectivité',
        association: 'Association',
        'france-travail': 'France Travail (ex-Pôle emploi)',
        'centre-social': 'Centre social',
        'securite-sociale': 'Sécurité sociale (CAF, CPAM, CARSAT, MSA…)',
        'maison-de-quartier': 'Maison de quartier',
        'mairie-ccas': 'Mairie, CCAS',
        'organisme-formation': 'Organisme de formation',
        intercommunalite: 'Intercommunalité',
        autre: 'Autre',
      },
    },
  ],
  list: { columns: siteColumns },
  details: {
    kindLabels: {
      'maison-de-quartier': 'Maison de quartier',
      'securite-sociale': 'Sécurité sociale',
      'centre-social': 'Centre social',
      'tiers-lieu': 'Tiers-lieu',
      'organisme-formation': 'Organisme de formation',
      intercommunalite: 'Intercommunalité',
      'mairie-ccas': 'Mairie ou CCAS',
      autre: 'Autre',
      mediatheque: 'Médiathèque',
      administration: 'Administration',
      'france-travail': 'France Travail',
      association: 'Association',
    },
  },
  nearest: { group: 'first-reception', title: 'Premier accueil social et lieux d’aide', order: 1 },
  coverage: { role: 'counted', order: 8 },
  import: {
    title: 'Premier accueil social (mairies, CCAS, UTPAS, tiers-lieux)',
    geometry: 'point',
    description: 'Lieux de premier accueil social inconditionnel.',
    accepts: ['CSV (nom, adresse, code_insee ou latitude/longitude, type)', 'GeoJSON de points'],
  },
  sourceIds: ['siilab-hdf-2020', 'mel-tiers-lieux-2020'],
};
