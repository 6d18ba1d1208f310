import type { BundleManifestFile, LayerData } from './bundle-types.ts';
import { BundleError } from './bundle-error.ts';
import { parseBundleManifest } from './parse-manifest.ts';

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

/** Reads one layer file of the bundle (a GeoJSON FeatureCollection, as the manifest names it). */
export async function readBundleLayer(source: BundleSource, dept: string, file: string): Promise<LayerData> {
  const value = (await source.readJson(dept, file)) as Partial<LayerData> | null;
  if (value?.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    throw new BundleError('invalid', source.locate(dept, file), `Le fichier ${file} n’est pas une FeatureCollection GeoJSON.`);
  }
  return value as LayerData;
}
