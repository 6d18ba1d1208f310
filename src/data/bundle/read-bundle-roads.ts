import type { CoverageDriveTimeInput } from '../../core/coverage/drive-time-types.ts';
import { createDriveTimeEngine } from '../../core/roads/drive-time-engine.ts';
import { roadGraphFromBinary } from '../../core/roads/road-graph-binary.ts';
import type { RoadGraph } from '../../core/roads/road-graph.ts';
import type { RoadNetworkInfo } from '../../core/roads/road-network-info.ts';
import { RoadFileProblem } from '../../core/roads/road-file-problem.ts';
import { RoadFileError } from '../roads/road-file-error.ts';
import { parseRoadsManifest, type RoadsManifest } from '../roads/roads-manifest.ts';
import { BundleError } from './bundle-error.ts';
import type { BundleSource } from './bundle-source.ts';
import type { BundleManifestFile, BundleRoads } from './bundle-types.ts';

/** The road graph of a bundle, read and checked: its entry, its own manifest, the graph and what to say about it. */
export interface BundleRoadGraph {
  entry: BundleRoads;
  manifest: RoadsManifest;
  graph: RoadGraph;
  info: RoadNetworkInfo;
}

/** What a method text says about the network of a bundle's road entry (no file read). */
export function roadNetworkInfoOf(entry: BundleRoads, manifest?: RoadsManifest): RoadNetworkInfo {
  return {
    sourceFile: entry.source.file,
    sourceDate: entry.source.modified ? entry.source.modified.slice(0, 10) : null,
    sourceFormat: entry.source.format,
    builtAt: entry.built_at,
    nodes: entry.nodes,
    edges: entry.edges,
    connector: manifest ? { ...manifest.connector } : { speedKmh: 20, maxKm: 2 },
  };
}

/**
 * Reads the bundle's road graph when its manifest has one (`roads`), else null: `roads.json`
 * checked by parseRoadsManifest, `roads.bin` checked against the announced size and read by
 * roadGraphFromBinary. Every problem is a BundleError ('invalid') in French naming the file.
 */
export async function readBundleRoads(source: BundleSource, dept: string, bundle: BundleManifestFile): Promise<BundleRoadGraph | null> {
  const entry = bundle.roads;
  if (!entry) return null;
  const manifestAt = source.locate(dept, entry.manifest);
  const graphAt = source.locate(dept, entry.graph);
  let manifest: RoadsManifest;
  try {
    manifest = parseRoadsManifest(await source.readJson(dept, entry.manifest), manifestAt, bundle.departement.code);
  } catch (e) {
    if (e instanceof RoadFileError) throw new BundleError('invalid', manifestAt, `${e.file} : ${e.reason}`);
    throw e;
  }
  const bytes = await source.readBytes(dept, entry.graph);
  if (bytes.length !== entry.bytes || bytes.length !== manifest.graph.bytes) {
    throw new BundleError(
      'invalid',
      graphAt,
      `Le graphe routier ${graphAt} fait ${bytes.length} octets, ${entry.bytes} annoncés : fichier tronqué ou remplacé ; reconstruisez-le (npm run -s cli -- roads).`,
    );
  }
  let graph: RoadGraph;
  try {
    graph = roadGraphFromBinary(bytes);
  } catch (e) {
    if (e instanceof RoadFileProblem) throw new BundleError('invalid', graphAt, `${graphAt} : ${e.message}`);
    throw e;
  }
  return { entry, manifest, graph, info: roadNetworkInfoOf(entry, manifest) };
}

/**
 * The canton table's drive-time input from a bundle (the app's coverage worker): the graph read
 * and checked, and its engine; null when the bundle has no road graph (the columns stay empty).
 */
export async function readCoverageDriveTime(
  source: BundleSource,
  dept: string,
  bundle: BundleManifestFile,
): Promise<CoverageDriveTimeInput | null> {
  const roads = await readBundleRoads(source, dept, bundle);
  return roads ? { engine: createDriveTimeEngine(roads.graph, roads.info.connector), network: roads.info } : null;
}
