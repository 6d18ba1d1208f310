import { copyFileSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltLayer } from '../../data/builders/build-types.ts';
import { BundleError } from '../../data/bundle/bundle-error.ts';
import type { BundleManifestFile, BundleRoads } from '../../data/bundle/bundle-types.ts';
import { parseBundleManifest } from '../../data/bundle/parse-manifest.ts';
import { readBundleRoads, type BundleRoadGraph } from '../../data/bundle/read-bundle-roads.ts';
import { CliError } from '../cli-error.ts';
import { currentBundleDir, discardVersion, newVersionDir, publishVersion, withBuildLock } from './bundle-store.ts';
import { folderBundleSource } from './file-bundle-source.ts';

/**
 * The road graph lives in the bundle's version folder beside the layers (`roads.bin`,
 * `roads.json`, named by the manifest's `roads` entry), so a reader always gets the graph of
 * the bundle it opened. Two writers keep it there without breaking the atomic swap:
 * - `roads --file F` publishes a new version: the current bundle's files linked in, the graph,
 *   the recomputed drive-time zones and the manifest with its `roads` entry (publishWithRoads);
 * - `data` builds a new version and carries the previous bundle's graph over (previousRoads,
 *   carryRoads) when it belongs to the same département and reads back whole.
 */

/** Hard-links a file into a version folder (same file system: no copy), else copies it. */
export function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/**
 * The road graph of the bundle being replaced, read and checked, to carry over into the new
 * build; null when it has none, or when it cannot be used (said in the log: the new bundle then
 * has no graph, and `roads` must be run again).
 */
export async function previousRoads(
  outDir: string,
  dept: string,
  previous: BundleManifestFile | null,
  log: (line: string) => void,
): Promise<{ dir: string; roads: BundleRoadGraph } | null> {
  const dir = currentBundleDir(outDir, dept);
  if (!dir || !previous?.roads) return null;
  try {
    const roads = await readBundleRoads(folderBundleSource(dir), dept, previous);
    return roads ? { dir, roads } : null;
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    log(`note: the previous bundle's road graph cannot be carried over (${e.message.slice(0, 300)}): run "roads" again`);
    return null;
  }
}

/** Links the road graph's files of the previous bundle into the new version folder, and returns the entry for its manifest. */
export function carryRoads(from: { dir: string; roads: BundleRoadGraph }, versionDir: string, previousBuiltAt: string | null): BundleRoads {
  const { entry } = from.roads;
  for (const file of [entry.graph, entry.manifest]) linkOrCopy(join(from.dir, file), join(versionDir, file));
  return { ...entry, carried_over_from: previousBuiltAt };
}

export interface RoadsPublication {
  outDir: string;
  versionsDir: string;
  dept: string;
  /** `built_at` of the bundle the graph was checked against: the publication stops if another build replaced it meanwhile. */
  builtAt: string | undefined;
  graphBytes: Uint8Array;
  roadsManifestJson: string;
  entry: BundleRoads;
  /** The drive-time zones recomputed on the new graph. */
  isochrones: BuiltLayer;
  lockWaitMs: number;
  log: (line: string) => void;
}

/**
 * Publishes the current bundle with a road graph as a new version, atomically: every file of the
 * current bundle linked in (except those replaced), the graph and its manifest, the drive-time
 * zones, then the bundle manifest (with `roads` and the zones' entry), then the link swapped.
 * Returns the new version's folder.
 */
export async function publishWithRoads(p: RoadsPublication): Promise<string> {
  return withBuildLock(p.versionsDir, p.dept, { waitMs: p.lockWaitMs, log: p.log }, async () => {
    const current = currentBundleDir(p.outDir, p.dept);
    if (!current)
      throw new CliError(`pas de bundle pour le département ${p.dept}`, `construisez-le : npm run -s cli -- data --dept ${p.dept}`);
    const manifestPath = join(current, 'manifest.json');
    const manifest = parseBundleManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
    if (manifest.built_at !== p.builtAt) {
      throw new CliError(
        `le bundle du département ${p.dept} a été reconstruit pendant la lecture du fichier de routes ; rien n'a été écrit`,
        'relancez la commande roads',
      );
    }
    const replaced = new Set(['manifest.json', p.entry.graph, p.entry.manifest, p.isochrones.manifest.file]);
    if (manifest.roads) for (const f of [manifest.roads.graph, manifest.roads.manifest]) replaced.add(f);
    const versionDir = newVersionDir(p.versionsDir, p.dept);
    try {
      for (const name of readdirSync(current)) {
        if (!replaced.has(name) && statSync(join(current, name)).isFile()) linkOrCopy(join(current, name), join(versionDir, name));
      }
      writeFileSync(join(versionDir, p.entry.graph), p.graphBytes);
      writeFileSync(join(versionDir, p.entry.manifest), p.roadsManifestJson);
      writeFileSync(join(versionDir, p.isochrones.manifest.file), JSON.stringify(p.isochrones.data));
      const next: BundleManifestFile = {
        ...manifest,
        layers: { ...manifest.layers, [p.isochrones.manifest.id]: p.isochrones.manifest },
        roads: p.entry,
      };
      // the manifest last: a version folder with a manifest is complete
      writeFileSync(join(versionDir, 'manifest.json'), JSON.stringify(next, null, 2));
      publishVersion(p.outDir, p.versionsDir, p.dept, versionDir);
    } catch (e) {
      discardVersion(versionDir);
      throw e;
    }
    return versionDir;
  });
}
