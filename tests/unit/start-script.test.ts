/**
 * `npm start` (scripts/start.mjs) serves the production build, rebuilt only when it is missing or
 * older than its sources: the staleness check on a fictional project folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without type declarations
import { buildInputsFingerprint, staleBuildReason } from '../../scripts/start.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'maillage-start-'));
  dirs.push(root);
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'public', 'data'), { recursive: true });
  mkdirSync(join(root, 'bundles', 'a'), { recursive: true });
  mkdirSync(join(root, 'bundles', 'b'), { recursive: true });
  writeFileSync(join(root, 'bundles', 'a', 'manifest.json'), '{"v":1}');
  writeFileSync(join(root, 'bundles', 'b', 'manifest.json'), '{"v":1}');
  symlinkSync(join(root, 'bundles', 'a'), join(root, 'public', 'data', '59'));
  writeFileSync(join(root, 'src', 'main.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  return root;
}

function stampBuild(root: string): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'dist', '.maillage-build.json'), JSON.stringify({ fingerprint: buildInputsFingerprint(root) }));
}

describe('npm start: is the production build up to date?', () => {
  it('builds when dist/ is missing or was not stamped by npm start', () => {
    const root = project();
    expect(staleBuildReason(root, 'dist')).toBe('no build in dist/');
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html>');
    expect(staleBuildReason(root, 'dist')).toBe('dist/ was not built by npm start');
  });

  it('serves a build stamped with the current sources, and rebuilds after a source edit, a new file or a new data bundle', () => {
    const root = project();
    stampBuild(root);
    expect(staleBuildReason(root, 'dist')).toBeNull();
    writeFileSync(join(root, 'src', 'main.ts'), 'export const a = 12;\n');
    expect(staleBuildReason(root, 'dist')).toBe('the sources changed since dist/ was built');
    stampBuild(root);
    writeFileSync(join(root, 'src', 'other.ts'), '');
    expect(staleBuildReason(root, 'dist')).not.toBeNull();
    stampBuild(root);
    // the data bundle swapped atomically: same names, another target
    rmSync(join(root, 'public', 'data', '59'));
    symlinkSync(join(root, 'bundles', 'b'), join(root, 'public', 'data', '59'));
    expect(staleBuildReason(root, 'dist')).not.toBeNull();
  });
});
