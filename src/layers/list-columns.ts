import type { JsonProps } from './feature-props.ts';
import { formatCountFr } from './french-format.ts';
import type { ListColumn } from './layer-types.ts';

/** Columns of the list view shared by several layers (sites, areas). */

/** A property as written in a cell: text as is, a number as text, anything else empty. */
export function cellText(p: JsonProps, key: string): string {
  const v = p[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** A count with French digit grouping, or a dash. */
export function cellCount(p: JsonProps, key: string): string {
  const v = p[key];
  return typeof v === 'number' ? formatCountFr(v) : '—';
}

/** Sites: commune, address, type, phone (also the columns of imported and unknown layers). */
export function siteColumns(): ListColumn[] {
  return [
    { label: 'Commune', value: (p) => cellText(p, 'commune_name') },
    { label: 'Adresse', value: (p) => [cellText(p, 'address'), cellText(p, 'postcode')].filter(Boolean).join(', ') },
    {
      label: 'Type',
      value: (p) => (p.kind === 'bus' ? 'Bus itinérant' : p.kind === 'fixed' ? 'Site fixe' : cellText(p, 'nature') || cellText(p, 'kind')),
    },
    { label: 'Téléphone', value: (p) => cellText(p, 'phone'), phone: true },
  ];
}

/** France Services: whether an appointment is needed. */
export const APPOINTMENT_COLUMN: ListColumn = {
  label: 'Rendez-vous',
  value: (p) => (p.appointment === true ? 'oui' : p.appointment === false ? 'non' : '—'),
};

/** Areas: code and population (the population in the département when the layer has it). */
export function areaColumns(features: readonly { properties: JsonProps | null }[]): ListColumn[] {
  const key = typeof features[0]?.properties?.population_in_departement === 'number' ? 'population_in_departement' : 'population';
  return [
    { label: 'Code', value: (p) => cellText(p, 'code') },
    { label: 'Population', value: (p) => cellCount(p, key), numeric: true },
  ];
}

/** EPCI: the illectronisme rate. */
export const ILLECTRONISME_COLUMN: ListColumn = {
  label: 'Illectronisme (%)',
  value: (p) => (typeof p.illectronisme_rate_pct === 'number' ? String(p.illectronisme_rate_pct).replace('.', ',') : '—'),
  numeric: true,
};

/** Communes: their canton (or "partagée") and whether they are rural. */
export const COMMUNE_COLUMNS: readonly ListColumn[] = [
  { label: 'Canton', value: (p) => cellText(p, 'canton_code') || 'partagée' },
  { label: 'Rurale', value: (p) => (p.rural === true ? 'oui' : 'non') },
];
