import type { AreaProperties } from './feature-props.ts';
import type { LayerDefinition } from './layer-types.ts';
import { COMMUNE_COLUMNS, areaColumns } from './list-columns.ts';

/** A current commune (today's INSEE code), on its 2018 polygons, with what the other layers join to it. */
export interface CommuneProperties extends AreaProperties {
  population: number | null;
  /** Postcodes, separated by spaces. */
  postcodes: string;
  epci_code: string | null;
  epci_name: string | null;
  arrondissement_code: string | null;
  /** Canton from the COG when the commune lies wholly in one canton. */
  canton_code: string | null;
  /** Pseudo-canton code when the commune is split between cantons. */
  pseudo_canton_code: string | null;
  density_level: string | null;
  rural: boolean | null;
  /** QPV codes, separated by spaces. */
  qpv_codes: string;
  qpv_count: number;
  merged_from: string | null;
  /** A point inside the commune, `[lng, lat]` split in two numbers. */
  centroid_lng: number;
  centroid_lat: number;
}

/**
 * Communes: outlines from zoom 9 (fetched then: at the département's zoom they would be a dense grid
 * and half the first view's bytes), names from zoom 10; the place names of the commune search.
 */
export const COMMUNES: LayerDefinition = {
  id: 'communes',
  title: 'Communes',
  legend: { group: 'context', colour: '#9a9a9a', symbol: 'outline' },
  defaultVisible: true,
  style: { kind: 'areas', outline: { width: 0.5, opacity: 0.9 } },
  minzoom: 9,
  zRank: { line: 220, label: 510 },
  labels: { minzoom: 10, size: [11, 15], colour: '#1a1a1a' },
  list: { area: true, columns: (features) => [...areaColumns(features), ...COMMUNE_COLUMNS] },
  coverage: { role: 'required', order: 1 },
  sourceIds: [
    'ign-communes-2018',
    'etalab-decoupage-administratif',
    'insee-cog-communes-2025',
    'anct-densite-communes',
    'anct-qpv-communes-2024',
  ],
};
