// Is the compiled CLI (build/cli/current.json) up to date with the sources it was made from?
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
  for (const [file, stamp] of Object.entries(current.files)) {
    let stat;
    try {
      stat = statSync(join(root, file));
    } catch {
      return `${file} is gone`;
    }
    if (stat.size !== stamp.size) return `${file} changed`;
    if (
      stat.mtimeMs !== stamp.mtimeMs &&
      createHash('sha1')
        .update(readFileSync(join(root, file)))
        .digest('hex') !== stamp.sha1
    ) {
      return `${file} changed`;
    }
  }
  return null;
}
