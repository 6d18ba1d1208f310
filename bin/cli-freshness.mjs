// Is the compiled CLI (build/cli/current.json) up to date with the sources it was made from?
// Run at every start of the CLI: one stat per file, no hashing unless a time differs, and
// node:crypto loaded only then (loading it costs more than all the stats).
import { readFileSync, statSync } from 'node:fs';

/**
 * Why the build described by `current` (from build/cli/current.json) is stale, or null when every
 * source file it lists is unchanged: same size, and same modification time or, when only the time
 * differs (a git checkout), the same SHA-1.
 * @param {string} root repository root; `current.files` paths are relative to it
 * @param {{ files?: Record<string, { size: number, mtimeMs: number, sha1: string }> } | null} current
 * @returns {string | null}
 */
export function staleReason(root, current) {
  if (!current?.files || Object.keys(current.files).length === 0) return 'no compiled CLI yet';
  const prefix = root.endsWith('/') ? root : `${root}/`;
  for (const file in current.files) {
    const stamp = current.files[file];
    const path = prefix + file;
    let stat;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch {
      // not a readable path (a folder of it became a file, a permission…)
    }
    if (!stat) return `${file} is gone`;
    if (stat.size !== stamp.size) return `${file} changed`;
    if (
      stat.mtimeMs !== stamp.mtimeMs &&
      process.getBuiltinModule('node:crypto').createHash('sha1').update(readFileSync(path)).digest('hex') !== stamp.sha1
    ) {
      return `${file} changed`;
    }
  }
  return null;
}
