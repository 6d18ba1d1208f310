import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { expandPath, type SourceDescription } from '../../data/sources/source-description.ts';
import type { RawFile } from '../../data/builders/build-types.ts';

/** Resolves one declared file (placeholders filled, `*` allowed in the file name) in an ordered list of folders. */
export function locateFile(pattern: string, folders: string[]): string | null {
  for (const folder of folders) {
    const dir = join(folder, dirname(pattern));
    const name = basename(pattern);
    if (!name.includes('*')) {
      const p = join(dir, name);
      if (existsSync(p) && statSync(p).isFile()) return p;
      continue;
    }
    if (!existsSync(dir)) continue;
    const re = new RegExp('^' + name.split('*').map(escapeRe).join('.*') + '$');
    const matches = readdirSync(dir)
      .filter((f) => re.test(f))
      .sort();
    if (matches.length) return join(dir, matches[matches.length - 1]);
  }
  return null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface MissingFile {
  source: string;
  pattern: string;
  url: string | null;
  optional: boolean;
}

/** The installed folder and version of an npm package, or null when it is not installed. */
function packageFolder(name: string): { dir: string; version: string } | null {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
    return { dir: dirname(manifest), version: String(JSON.parse(readFileSync(manifest, 'utf8')).version) };
  } catch {
    return null;
  }
}

/**
 * Finds and reads every file of every source. Returns what was found and what is missing. The
 * files of a source that names an npm `package` (a data package the project depends on, like
 * world-atlas) are read from that installed package, and named `npm:<package>@<version>/<file>`.
 */
export function readRawFiles(
  sources: SourceDescription[],
  folders: string[],
  dept: { code: string; slug: string },
): { files: Map<string, RawFile[]>; missing: MissingFile[] } {
  const files = new Map<string, RawFile[]>();
  const missing: MissingFile[] = [];
  for (const s of sources) {
    if (s.format === 'npm') continue;
    const pkg = s.package ? packageFolder(s.package) : null;
    const list: RawFile[] = [];
    (s.files ?? []).forEach((pattern, i) => {
      const path = expandPath(pattern, dept);
      const found = s.package ? (pkg ? locateFile(path, [pkg.dir]) : null) : locateFile(path, folders);
      if (!found) {
        missing.push({
          source: s.id,
          pattern: path,
          url: s.download?.urls?.[i] ? expandPath(s.download.urls[i], dept) : null,
          optional: !!s.optional,
        });
        return;
      }
      const root = folders.find((f) => !relative(f, found).startsWith('..'));
      const rel = pkg ? `npm:${s.package}@${pkg.version}/${path}` : root ? relative(root, found) : found;
      list.push({ path: rel, location: found, bytes: new Uint8Array(readFileSync(found)) });
    });
    files.set(s.id, list);
  }
  return { files, missing };
}
