import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { aggregateDriveTimesByArea } from '../../core/roads/aggregate-drive-times-by-area.ts';
import { DEFAULT_CONNECTOR } from '../../core/roads/attach-points.ts';
import { buildRoadGraph } from '../../core/roads/build-road-graph.ts';
import { createDriveTimeEngine } from '../../core/roads/drive-time-engine.ts';
import { DEFAULT_SPEEDS_KMH, type SpeedTable } from '../../core/roads/road-classes.ts';
import { ROAD_GRAPH_BINARY_VERSION, toRoadGraphBinary } from '../../core/roads/road-graph-binary.ts';
import { decodeText, parseJsonText } from '../../data/parse/decode-text.ts';
import { communeCentresFromLayer, driveTimeSitesFromLayers, populationCellsFromGrid } from '../../data/roads/drive-time-inputs.ts';
import { readRoadFile } from '../../data/roads/read-road-file.ts';
import { RoadFileError } from '../../data/roads/road-file-error.ts';
import { ROAD_DROP_REASONS_FR, type RoadDropReason } from '../../data/roads/road-read-report.ts';
import { ROADS_BIN_FILE, ROADS_MANIFEST_FILE, type RoadsCoverage, type RoadsManifest } from '../../data/roads/roads-manifest.ts';
import { speedTableFromJson } from '../../data/roads/speed-table.ts';
import { CliError } from '../cli-error.ts';
import { fileByteSource } from '../io/file-byte-source.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import { publishWithRoads } from '../io/bundle-roads.ts';
import { buildIsochrones } from '../../data/builders/build-isochrones.ts';
import type { BundleRoads } from '../../data/bundle/bundle-types.ts';
import { roadNetworkInfoOf } from '../../data/bundle/read-bundle-roads.ts';

/** Below this share of the population within reach of a road, the file is refused as another region's. */
export const MIN_COVERED_SHARE = 0.5;
/** Below this share, the graph is written with a warning naming what is missing. */
export const WARN_COVERED_SHARE = 0.99;

export interface RoadsOptions {
  dept: string;
  file: string;
  speedsFile?: string;
  dataDir: string;
  /** Where the bundle's versions are kept (default `<dataDir>/.versions`; the CLI's public/data keeps them in data/build/bundles). */
  versionsDir?: string;
  /** How long to wait for a build of the same département (ms, default 10 minutes). */
  lockWaitMs?: number;
  /** Progress and summary lines (stderr in the CLI). */
  log: (line: string) => void;
  now?: Date;
}

export interface RoadsOutcome {
  manifest: RoadsManifest;
  binPath: string;
  manifestPath: string;
  elapsedMs: number;
  peakRssMiB: number;
}

const pct = (x: number) => `${(100 * x).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
const int = (x: number) => Math.round(x).toLocaleString('en-GB');
const intFr = (x: number) => Math.round(x).toLocaleString('fr-FR');

function readSpeeds(path: string | undefined): SpeedTable {
  if (!path) return DEFAULT_SPEEDS_KMH;
  if (!existsSync(path)) throw new CliError(`fichier de vitesses introuvable : ${path}`);
  return speedTableFromJson(parseJsonText(decodeText(new Uint8Array(readFileSync(path)), 'utf-8', path), path), path);
}

/** {@link runRoads} before its road-file errors become CLI errors. */
async function buildRoads(options: RoadsOptions): Promise<RoadsOutcome> {
  const t0 = performance.now();
  const { log } = options;
  const bundle = await openBundle(options.dataDir, options.dept);
  const path = resolve(options.file);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new CliError(`fichier de routes introuvable : ${options.file}`, 'give --file F.osm.pbf or --file F.geojson');
  const speeds = readSpeeds(options.speedsFile);
  const source = fileByteSource(path);
  let lastTenth = -1;
  let result: Awaited<ReturnType<typeof readRoadFile>>;
  try {
    result = await readRoadFile(source, {
      inflate: (zlib, rawSize) => {
        const out = inflateSync(zlib, { maxOutputLength: rawSize });
        return new Uint8Array(out.buffer, out.byteOffset, out.length);
      },
      onProgress: ({ phase, bytesDone, bytesTotal }) => {
        const tenth = Math.floor((10 * bytesDone) / bytesTotal);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          log(`  reading ${phase}: ${tenth * 10} % of ${(bytesTotal / 2 ** 20).toFixed(1)} MiB`);
        }
        if (tenth === 10) lastTenth = -1;
      },
    });
  } finally {
    source.close();
  }
  const { ways, report } = result;
  const tRead = performance.now();
  log(
    `read ${source.name} (${report.format}${report.profile ? `, ${report.profile} fields` : ''}) in ${((tRead - t0) / 1000).toFixed(1)} s`,
  );
  log(`  ways: ${int(report.read)} read, ${int(report.kept)} kept as roads`);
  for (const [reason, n] of Object.entries(report.dropped)) {
    const ex = report.examples[reason as RoadDropReason];
    log(`  dropped ${int(n ?? 0)}: ${ROAD_DROP_REASONS_FR[reason as RoadDropReason]}${ex?.length ? ` (e.g. ${ex.join(', ')})` : ''}`);
  }
  if (report.missingNodes) log(`  ${int(report.missingNodes)} nodes referenced by roads are missing from the file (roads cut there)`);
  if (report.unreadableMaxspeed) log(`  ${int(report.unreadableMaxspeed)} unreadable maxspeed values (class speed used)`);
  if (report.reprojectedFrom) log(`  coordinates reprojected from Lambert-93 (${report.reprojectedFrom})`);

  const { graph, stats } = buildRoadGraph(ways, { speedsKmh: speeds });
  const tBuild = performance.now();
  log(
    `graph: ${int(stats.nodes)} nodes (${int(stats.attachableNodes)} attachable), ${int(stats.edges)} directed edges, ` +
      `${int(Object.values(stats.kmByClass).reduce((a, b) => a + (b ?? 0), 0))} km of road, built in ${((tBuild - tRead) / 1000).toFixed(1)} s`,
  );
  if (stats.selfLoops || stats.degenerateWays)
    log(`  dropped ${stats.selfLoops} closed loops without junction, ${stats.degenerateWays} ways of one point`);

  // how much of the département the file reaches
  const engine = createDriveTimeEngine(graph, DEFAULT_CONNECTOR);
  const communesData = await bundle.layer('communes');
  const gridData = await bundle.layer('population-grid');
  if (!communesData)
    throw new CliError(`the bundle of ${options.dept} has no communes layer`, `rebuild it: npm run -s cli -- data --dept ${options.dept}`);
  const communes = communeCentresFromLayer(communesData);
  const people = gridData ? populationCellsFromGrid(gridData) : communes;
  const sites = driveTimeSitesFromLayers(await bundle.layer('france-services'), await bundle.layer('france-services-nearby'));
  const peopleAt = engine.attach(people.lng, people.lat);
  const communesAt = engine.attach(communes.lng, communes.lat);
  const sitesAt = engine.attach(sites.lng, sites.lat);
  let population = 0;
  let off = 0;
  for (let i = 0; i < people.weights.length; i++) {
    population += people.weights[i];
    if (peopleAt.node[i] < 0) off += people.weights[i];
  }
  const coverage: RoadsCoverage = {
    populationShare: population > 0 ? (population - off) / population : 0,
    basis: gridData ? 'population-grid' : 'communes',
    population,
    populationOffNetwork: off,
    communes: communes.ids.length,
    communesOffNetwork: communes.ids.filter((_, i) => communesAt.node[i] < 0),
    sites: sites.ids.length,
    sitesOffNetwork: sites.ids.flatMap((id, i) => (sitesAt.node[i] < 0 ? [`${sites.layers[i]}:${id}`] : [])),
  };
  const name = bundle.manifest.departement.name;
  const covered = `le fichier couvre ${pct(coverage.populationShare)} de la population ${coverage.basis === 'population-grid' ? 'du carroyage' : 'des communes'} de ${name} (points à moins de ${DEFAULT_CONNECTOR.maxKm} km d'une route)`;
  if (coverage.populationShare < MIN_COVERED_SHARE) {
    throw new CliError(
      `${source.name} : ${covered} : il semble être l'extrait d'une autre région ; rien n'a été écrit`,
      `prenez un extrait qui couvre ${name} (par exemple Nord-Pas-de-Calais chez Geofabrik) ; voir docs/drive-time.md`,
    );
  }
  log(`coverage: ${covered}`);
  if (coverage.populationShare < WARN_COVERED_SHARE) {
    const names = communes.names.filter((_, i) => communesAt.node[i] < 0).slice(0, 10);
    log(
      `  attention : ${intFr(off)} habitants et ${coverage.communesOffNetwork.length} communes sont à plus de ${DEFAULT_CONNECTOR.maxKm} km de toute route du fichier` +
        (names.length ? ` (${names.join(', ')}${coverage.communesOffNetwork.length > names.length ? ', …' : ''})` : '') +
        ' : leurs temps resteront vides',
    );
  }
  if (coverage.sitesOffNetwork.length) {
    const off = sites.ids.flatMap((id, i) => (sitesAt.node[i] < 0 ? [`${sites.names[i] ?? 'sans nom'} (${sites.layers[i]} ${id})`] : []));
    log(
      `  attention : ${off.length} France Services fixes sont à plus de ${DEFAULT_CONNECTOR.maxKm} km de toute route du fichier et ne desservent personne : ` +
        `${off.slice(0, 8).join(', ')}${off.length > 8 ? ', …' : ''} (liste complète dans ${ROADS_MANIFEST_FILE})`,
    );
  }

  // one all-sites run, as a check of the chain
  const tRun = performance.now();
  const times = engine.timesToNearestSite(sitesAt);
  const point = engine.pointDriveTimes(times, peopleAt);
  const runMs = performance.now() - tRun;
  const agg = aggregateDriveTimesByArea({
    minutes: point.minutes,
    weights: people.weights,
    areaOf: new Int32Array(people.weights.length),
    areaCount: 1,
  });
  const t = agg.total;
  log(
    `drive time to the nearest of ${sites.ids.length} fixed France Services (one multi-source run, ${runMs.toFixed(0)} ms): ` +
      agg.bandsMinutes.map((b, i) => `≤ ${b} min ${pct(t.populationWithin[i] / t.population)}`).join(', ') +
      `; mean ${t.meanMinutes.toFixed(1)} min, max ${t.maxMinutes.toFixed(1)} min`,
  );

  const bytes = toRoadGraphBinary(graph);
  const { nodes: _n, edges: _e, attachableNodes: _a, ...build } = stats;
  const manifest: RoadsManifest = {
    format: 'maillage-roads',
    version: 1,
    departement: options.dept,
    builtAt: (options.now ?? new Date()).toISOString(),
    graph: {
      file: ROADS_BIN_FILE,
      bytes: bytes.length,
      formatVersion: ROAD_GRAPH_BINARY_VERSION,
      nodes: stats.nodes,
      edges: stats.edges,
      attachableNodes: stats.attachableNodes,
      bbox: graph.bbox,
    },
    source: {
      file: source.name,
      bytes: source.size,
      modified: source.modified.toISOString(),
      format: report.format,
      profile: report.profile ?? null,
    },
    speedsKmh: speeds,
    speedsFile: options.speedsFile ? resolve(options.speedsFile).split(/[\\/]/).pop()! : null,
    maxEdgeM: 250,
    connector: DEFAULT_CONNECTOR,
    read: report,
    build,
    coverage,
  };
  const entry: BundleRoads = {
    graph: ROADS_BIN_FILE,
    manifest: ROADS_MANIFEST_FILE,
    bytes: bytes.length,
    nodes: stats.nodes,
    edges: stats.edges,
    source: { file: source.name, modified: manifest.source.modified, format: report.format },
    built_at: manifest.builtAt,
  };
  // the drive-time zones of the bundle, drawn again on the new graph
  const isochrones = buildIsochrones({
    roads: { graph, info: roadNetworkInfoOf(entry, manifest), manifest },
    grid: gridData,
    franceServices: await bundle.layer('france-services'),
    nearby: await bundle.layer('france-services-nearby'),
  });
  await publishWithRoads({
    outDir: options.dataDir,
    versionsDir: options.versionsDir ?? join(options.dataDir, '.versions'),
    dept: options.dept,
    builtAt: bundle.manifest.built_at,
    graphBytes: bytes,
    roadsManifestJson: `${JSON.stringify(manifest, null, 2)}\n`,
    entry,
    isochrones,
    lockWaitMs: options.lockWaitMs ?? 600_000,
    log,
  });
  const binPath = join(bundle.dir, ROADS_BIN_FILE);
  const manifestPath = join(bundle.dir, ROADS_MANIFEST_FILE);
  const elapsedMs = performance.now() - t0;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  log(
    `wrote ${binPath} (${(bytes.length / 2 ** 20).toFixed(1)} MiB), ${ROADS_MANIFEST_FILE} and the drive-time zones (${isochrones.manifest.features} cells) in ${(elapsedMs / 1000).toFixed(1)} s; peak memory ${peakRssMiB.toFixed(0)} MiB`,
  );
  return { manifest, binPath, manifestPath, elapsedMs, peakRssMiB };
}

/**
 * Reads a road file, builds the graph, checks how much of the département it covers, runs one
 * all-sites search as a check, and publishes the bundle again with `roads.bin` + `roads.json` and
 * the drive-time zones drawn on the graph (a new version, swapped atomically: src/cli/io/bundle-roads.ts).
 * A bad, foreign or other-region file is a {@link CliError} in French (exit 2), and nothing is written.
 */
export async function runRoads(options: RoadsOptions): Promise<RoadsOutcome> {
  try {
    return await buildRoads(options);
  } catch (e) {
    if (e instanceof RoadFileError)
      throw new CliError(`${e.file} : ${e.reason}`, e.fix ?? 'voir docs/drive-time.md pour les fichiers acceptés');
    throw e;
  }
}
