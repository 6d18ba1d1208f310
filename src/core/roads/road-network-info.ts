import type { Connector } from './attach-points.ts';

/**
 * What a reader of a drive time must know about the road network it was measured on: the road
 * file the user brought (name, date, format), when the graph was built, its size and the
 * connector. Plain data (crosses postMessage); written in every method text that shows a time.
 */
export interface RoadNetworkInfo {
  /** Name of the road file (e.g. `nord-pas-de-calais-latest.osm.pbf`). */
  sourceFile: string;
  /** Its date: the file's last modification, `YYYY-MM-DD`, or null when unknown. */
  sourceDate: string | null;
  /** `osm-pbf` or `geojson`. */
  sourceFormat: string;
  /** When the graph was built (ISO). */
  builtAt: string;
  nodes: number;
  edges: number;
  connector: Connector;
}

/** The method of a time when no road network is loaded: the straight-line estimate, always named as such. */
export const STRAIGHT_LINE_ESTIMATE_FR = 'estimation (ligne droite)';

/** The method of a time measured on the road graph, in French, naming the file and its date. */
export function roadNetworkMethodFr(info: RoadNetworkInfo): string {
  return `temps de trajet sur le réseau routier (fichier ${info.sourceFile}, date ${info.sourceDate ?? 'inconnue'})`;
}

/** The method of a time, in French: the road network when there is one, else the straight-line estimate. */
export function travelTimeMethodFr(info: RoadNetworkInfo | null): string {
  return info ? roadNetworkMethodFr(info) : STRAIGHT_LINE_ESTIMATE_FR;
}
