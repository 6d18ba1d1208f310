import type { PlanSeed } from '../../core/plan/plan-types.ts';
import { PlanSeedError, parsePlanSeed } from '../plan/plan-seed.ts';
import type { BundleManifestFile, LayerData } from './bundle-types.ts';
import { BundleError } from './bundle-error.ts';
import { parseBundleManifest } from './parse-manifest.ts';
import { decodeLayerTopology, isLayerTopologyFile } from './layer-topology.ts';

/**
 * Where a reader gets the files of a built bundle (`<dept>/manifest.json`, `<dept>/<layer>.geojson`):
 * over HTTP in the browser and its workers (`fetch-bundle.ts`), from the file system in the CLI
 * (`src/cli/io/file-bundle-source.ts`). Every reader goes through `readBundleManifest` and
 * `readBundleLayer`, so the manifest is checked once, the same way, everywhere.
 */
export interface BundleSource {
  /** Reads one file of a département's bundle and parses it as JSON; throws a BundleError. */
  readJson(dept: string, file: string): Promise<unknown>;
  /** Reads one binary file of the bundle (the road graph); throws a BundleError. */
  readBytes(dept: string, file: string): Promise<Uint8Array>;
  /** Where that file is (a URL or a path), for messages. */
  locate(dept: string, file: string): string;
}

/**
 * The shape of an INSEE département code: two or three digits, or 2A/2B. Fictional codes of that
 * shape (tests use 99) pass; paths and other text never reach the file system or a URL.
 */
const DEPARTEMENT_CODE = /^(\d{2,3}|2[AB])$/;

/** True for a département code of the INSEE shape (`59`, `2A`, `974`); the one check every reader applies. */
export function isDepartementCode(code: string): boolean {
  return DEPARTEMENT_CODE.test(code);
}

/** Reads and checks `<dept>/manifest.json`. */
export async function readBundleManifest(source: BundleSource, dept: string): Promise<BundleManifestFile> {
  if (!isDepartementCode(dept)) {
    throw new BundleError('missing', dept, `« ${dept} » n’est pas un code de département (exemples : 59, 62, 2A).`);
  }
  const value = await source.readJson(dept, 'manifest.json');
  return parseBundleManifest(value, source.locate(dept, 'manifest.json'));
}

/**
 * Reads one layer of the bundle: its GeoJSON FeatureCollection (`file`, as the manifest names it),
 * or, when `topology` is given (the manifest's `topology`: polygon layers), its TopoJSON copy,
 * decoded back to the same features (src/data/bundle/layer-topology.ts): what the app fetches.
 */
export async function readBundleLayer(source: BundleSource, dept: string, file: string, topology?: string): Promise<LayerData> {
  if (topology !== undefined) {
    const topo = await source.readJson(dept, topology);
    if (!isLayerTopologyFile(topo))
      throw new BundleError('invalid', source.locate(dept, topology), `Le fichier ${topology} n’est pas une topologie TopoJSON de couche.`);
    return decodeLayerTopology(topo);
  }
  const value = (await source.readJson(dept, file)) as Partial<LayerData> | null;
  if (value?.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    throw new BundleError('invalid', source.locate(dept, file), `Le fichier ${file} n’est pas une FeatureCollection GeoJSON.`);
  }
  return value as LayerData;
}

/**
 * Reads the SDAASP plan the build copied into the bundle (`manifest.plan`) and checks it
 * (`parsePlanSeed`): null when the département has none. A bundle built before plans were
 * copied (`plan` absent) gives `undefined`: the caller says to rebuild it.
 */
export async function readBundlePlan(
  source: BundleSource,
  dept: string,
  manifest: Pick<BundleManifestFile, 'plan'>,
): Promise<PlanSeed | null | undefined> {
  const entry = manifest.plan;
  if (entry === undefined) return undefined;
  if (entry === null) return null;
  const value = await source.readJson(dept, entry.file);
  try {
    return parsePlanSeed(value, source.locate(dept, entry.file));
  } catch (e) {
    if (e instanceof PlanSeedError)
      throw new BundleError('invalid', source.locate(dept, entry.file), `Le plan du SDAASP est invalide : ${e.message}`);
    throw e;
  }
}
