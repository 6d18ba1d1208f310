import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BundleError } from '../../data/bundle/bundle-error.ts';
import { readBundleLayer, readBundleManifest, type BundleSource } from '../../data/bundle/bundle-source.ts';
import type { BundleManifestFile, LayerData } from '../../data/bundle/bundle-types.ts';
import { readBundleRoads, type BundleRoadGraph } from '../../data/bundle/read-bundle-roads.ts';
import { decodeText, parseJsonText } from '../../data/parse/decode-text.ts';
import { CliError } from '../cli-error.ts';

/** The bundle as the CLI reads it: `<dataDir>/<dept>/…` on disk (`public/data` by default). */
export function fileBundleSource(dataDir: string): BundleSource {
  const root = resolve(dataDir);
  return filesIn((dept, file) => join(root, dept, file));
}

/** One bundle folder on disk (a version folder, whatever its name), read as the bundle of any département asked. */
export function folderBundleSource(dir: string): BundleSource {
  const root = resolve(dir);
  return filesIn((_dept, file) => join(root, file));
}

function filesIn(locate: (dept: string, file: string) => string): BundleSource {
  const existing = (dept: string, file: string) => {
    const path = locate(dept, file);
    if (!existsSync(path)) {
      throw new BundleError('missing', path, `pas de données construites pour le département ${dept} : ${path} est absent`);
    }
    return path;
  };
  return {
    locate,
    async readJson(dept, file) {
      const path = existing(dept, file);
      try {
        return parseJsonText(decodeText(new Uint8Array(readFileSync(path)), 'utf-8', path), path);
      } catch (e) {
        throw new BundleError('invalid', path, `${path} : illisible (${(e as Error).message})`);
      }
    },
    async readBytes(dept, file) {
      const bytes = readFileSync(existing(dept, file));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    },
  };
}

/** A built bundle opened by a CLI command: its checked manifest and its layers, read on demand and once. */
export interface CliBundle {
  /** Folder of the département's bundle. */
  dir: string;
  manifest: BundleManifestFile;
  /** The layer's GeoJSON, or null when the manifest has no data for it (absent layer or status no-data). */
  layer(id: string): Promise<LayerData | null>;
  /** The road graph built by `roads` (checked), or null when the bundle has none. */
  roads(): Promise<BundleRoadGraph | null>;
}

/** Opens `<dataDir>/<dept>/` through the one manifest check; any problem becomes a CliError saying how to rebuild. */
export async function openBundle(dataDir: string, dept: string): Promise<CliBundle> {
  const source = fileBundleSource(dataDir);
  const fix = `build it with \`npm run -s cli -- data --dept ${dept}\`, or point --data at the folder holding ${dept}/manifest.json`;
  const asCliError = (e: unknown): never => {
    if (e instanceof BundleError) throw new CliError(e.message, fix);
    throw e;
  };
  const manifest = await readBundleManifest(source, dept).catch(asCliError);
  const cache = new Map<string, Promise<LayerData | null>>();
  let roads: Promise<BundleRoadGraph | null> | null = null;
  return {
    dir: join(resolve(dataDir), dept),
    manifest,
    layer(id) {
      let loaded = cache.get(id);
      if (!loaded) {
        const entry = manifest.layers[id];
        loaded = entry?.status === 'ok' ? readBundleLayer(source, dept, entry.file).catch(asCliError) : Promise.resolve(null);
        cache.set(id, loaded);
      }
      return loaded;
    },
    roads() {
      roads ??= readBundleRoads(source, dept, manifest).catch((e: unknown): never => {
        if (e instanceof BundleError) throw new CliError(e.message, `rebuild it: npm run -s cli -- roads --dept ${dept} --file FILE`);
        throw e;
      });
      return roads;
    },
  };
}
