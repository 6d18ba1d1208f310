import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_INDEX_FILE, makeBundleIndex, type BundleIndex, type BundleIndexEntry } from '../../data/bundle/bundle-index.ts';
import { parseBundleManifest } from '../../data/bundle/parse-manifest.ts';
import { currentBundleDir } from './bundle-store.ts';

const DEPT_FOLDER = /^(?:\d{2}|2[AB]|97\d)$/;

/**
 * Rewrites `<out>/index.json` from the bundles present in `<out>` (each `<out>/<dept>` whose
 * manifest passes the bundle contract), written under a temporary name and renamed, so that a
 * reader gets the old index or the new one. A folder whose manifest cannot be read is left out of
 * the index and reported through `log`, with the reason.
 */
export function writeBundleIndex(outDir: string, log: (line: string) => void = () => {}): BundleIndex {
  const entries: BundleIndexEntry[] = [];
  const names = existsSync(outDir) ? readdirSync(outDir) : [];
  for (const name of names.filter((n) => DEPT_FOLDER.test(n))) {
    const dir = currentBundleDir(outDir, name);
    const file = dir && join(dir, 'manifest.json');
    if (!file || !existsSync(file)) continue; // a folder without a complete bundle
    try {
      const m = parseBundleManifest(JSON.parse(readFileSync(file, 'utf8')), file);
      if (!m.built_at) log(`index.json: ${file} left out, its manifest has no built_at (not written by a data build)`);
      else entries.push({ code: m.departement.code, name: m.departement.name, built_at: m.built_at });
    } catch (e) {
      log(`index.json: ${file} left out, its manifest cannot be read (${(e as Error).message.slice(0, 200)})`);
    }
  }
  const index = makeBundleIndex(entries);
  const temporary = join(outDir, `.${BUNDLE_INDEX_FILE}.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(index, null, 1)}\n`);
  renameSync(temporary, join(outDir, BUNDLE_INDEX_FILE));
  return index;
}
