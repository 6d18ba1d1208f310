import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types, run by node before any TypeScript
import { staleReason } from '../../bin/cli-freshness.mjs';
import { ROOT } from './helpers/run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'maillage-freshness-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The stamp scripts/build-cli.mjs records for a source file. */
function stampOf(file: string) {
  const path = join(tmp, file);
  const stat = statSync(path);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha1: createHash('sha1').update(readFileSync(path)).digest('hex') };
}

describe('the compiled CLI never runs stale', () => {
  const file = 'a.ts';
  const write = (text: string) => writeFileSync(join(tmp, file), text);
  const stamp = () => {
    const s = stampOf(file);
    return { files: { [file]: s } };
  };

  it('is fresh when nothing changed, and when only the modification time changed (a git checkout)', () => {
    write('export const a = 1;\n');
    const current = stamp();
    expect(staleReason(tmp, current)).toBeNull();
    utimesSync(join(tmp, file), new Date(), new Date(Date.now() + 5000));
    expect(staleReason(tmp, current)).toBeNull();
  });

  it('is stale when a source changed (same size, new content), or is gone, or was never built', () => {
    write('export const a = 1;\n');
    const current = stamp();
    write('export const a = 2;\n');
    expect(staleReason(tmp, current)).toBe('a.ts changed');
    rmSync(join(tmp, file));
    expect(staleReason(tmp, current)).toBe('a.ts is gone');
    expect(staleReason(tmp, null)).toBe('no compiled CLI yet');
  });

  it('lists the CLI sources in the current build, which is up to date', () => {
    const current = JSON.parse(readFileSync(join(ROOT, 'build/cli/current.json'), 'utf8'));
    expect(Object.keys(current.files)).toEqual(
      expect.arrayContaining(['src/cli/index.ts', 'src/cli/args/parse-options.ts', 'scripts/build-cli.mjs']),
    );
    expect(staleReason(ROOT, current)).toBeNull();
  });
});
