import type { LayerDefinition } from './layer-types.ts';
import { cellText } from './list-columns.ts';

/**
 * A feature of the context layer: a neighbouring département (its outline and name), the
 * national border with one country, or the coastline, each clipped to the area shown around
 * the département.
 */
export interface NeighboursProperties {
  /** `departement-62`, `border-056` (ISO 3166 numeric code of the country), `coastline`. */
  id: string;
  kind: 'departement' | 'border' | 'coastline';
  /** INSEE code of a département. */
  code: string | null;
  /** Name written on the map (départements) and in the list: « Pas-de-Calais », « Frontière avec la Belgique », « Littoral ». */
  name: string;
  /** Id of the source the feature comes from (data/sources/<id>.json). */
  source: string;
}

const KIND_FR: Record<NeighboursProperties['kind'], string> = {
  departement: 'Département voisin',
  border: 'Frontière nationale',
  coastline: 'Littoral',
};

/** The départements around the current one, the national border and the coastline: light context under every other layer. */
export const NEIGHBOURS: LayerDefinition = {
  id: 'neighbours',
  title: 'Départements voisins, frontière et littoral',
  legend: { group: 'context', colour: '#8c8c8c', symbol: 'outline' },
  defaultVisible: true,
  style: { kind: 'context-lines', outline: { width: 1.2, opacity: 0.9 } },
  zRank: { line: 105, label: 500 },
  labels: { minzoom: 6.5, maxzoom: 11, size: [11, 14], colour: '#6e6e6e', uppercase: true },
  list: {
    columns: () => [
      { label: 'Type', value: (p) => KIND_FR[cellText(p, 'kind') as NeighboursProperties['kind']] ?? cellText(p, 'kind') },
      { label: 'Code', value: (p) => cellText(p, 'code') },
    ],
  },
  sourceIds: ['ign-departements-2018', 'natural-earth-countries-10m'],
};
