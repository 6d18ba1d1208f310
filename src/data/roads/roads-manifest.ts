import type { BBox } from '../../core/geo/lng-lat.ts';
import type { Connector } from '../../core/roads/attach-points.ts';
import type { RoadGraphStats } from '../../core/roads/build-road-graph.ts';
import { ROAD_CLASSES, type SpeedTable } from '../../core/roads/road-classes.ts';
import { ROAD_GRAPH_BINARY_VERSION } from '../../core/roads/road-graph-binary.ts';
import { RoadFileError } from './road-file-error.ts';
import type { RoadReadReport } from './road-read-report.ts';

/** File names of the road graph beside a département's bundle (git-ignored like the rest of it). */
export const ROADS_BIN_FILE = 'roads.bin';
export const ROADS_MANIFEST_FILE = 'roads.json';

/** How much of the département the road file reaches (points within the connector's cap of a road node). */
export interface RoadsCoverage {
  /** Population of the département's grid cells (or communes when there is no grid) within the cap, 0–1. */
  populationShare: number;
  basis: 'population-grid' | 'communes';
  population: number;
  populationOffNetwork: number;
  communes: number;
  /** INSEE codes of the communes whose centre is beyond the cap. */
  communesOffNetwork: string[];
  sites: number;
  /** Ids of the fixed France Services beyond the cap (they reach nobody). */
  sitesOffNetwork: string[];
}

/**
 * `roads.json`: what `roads.bin` holds and where it comes from — counts, source file, speed
 * table, connector, bounding box and coverage — small enough for the app to read first.
 */
export interface RoadsManifest {
  format: 'maillage-roads';
  version: 1;
  departement: string;
  builtAt: string;
  graph: {
    file: string;
    bytes: number;
    formatVersion: number;
    nodes: number;
    edges: number;
    attachableNodes: number;
    bbox: BBox | null;
  };
  source: {
    file: string;
    bytes: number;
    /** Last modification of the road file (ISO date), as the file system gives it. */
    modified: string | null;
    format: RoadReadReport['format'];
    profile: string | null;
  };
  speedsKmh: SpeedTable;
  speedsFile: string | null;
  maxEdgeM: number;
  connector: Connector;
  read: RoadReadReport;
  build: Omit<RoadGraphStats, 'nodes' | 'edges' | 'attachableNodes'>;
  coverage: RoadsCoverage;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks a `roads.json` read back (by the CLI or the app) before its `roads.bin` is used: format,
 * version, département, counts and speed table. Errors are French and name the file and field.
 */
export function parseRoadsManifest(json: unknown, file: string, departement: string): RoadsManifest {
  const fail = (what: string): never => {
    throw new RoadFileError(file, what, 'reconstruisez-le avec npm run -s cli -- roads');
  };
  if (!isObject(json) || json.format !== 'maillage-roads') fail("ce n'est pas un manifeste de graphe routier (format ≠ maillage-roads)");
  const m = json as Record<string, unknown>;
  if (m.version !== 1) fail(`version ${JSON.stringify(m.version)}, attendu 1`);
  if (m.departement !== departement) fail(`graphe du département ${JSON.stringify(m.departement)}, attendu ${departement}`);
  const graph = m.graph;
  if (!isObject(graph) || typeof graph.file !== 'string' || !/^[\w.-]+$/.test(graph.file)) fail('champ graph.file absent ou invalide');
  const g = graph as Record<string, unknown>;
  for (const k of ['bytes', 'nodes', 'edges', 'attachableNodes'])
    if (!Number.isInteger(g[k]) || (g[k] as number) < 0) fail(`champ graph.${k} invalide`);
  if (g.formatVersion !== ROAD_GRAPH_BINARY_VERSION)
    fail(`graphe au format ${JSON.stringify(g.formatVersion)}, attendu ${ROAD_GRAPH_BINARY_VERSION}`);
  if (!isObject(m.speedsKmh) || !ROAD_CLASSES.every((c) => typeof (m.speedsKmh as Record<string, unknown>)[c] === 'number'))
    fail('table de vitesses incomplète');
  if (!isObject(m.source) || typeof m.source.file !== 'string') fail('champ source.file absent');
  if (!isObject(m.connector) || typeof m.connector.speedKmh !== 'number' || typeof m.connector.maxKm !== 'number')
    fail('champ connector invalide');
  if (!isObject(m.coverage) || typeof m.coverage.populationShare !== 'number') fail('champ coverage invalide');
  return json as unknown as RoadsManifest;
}
