import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.ts';
import { currentBundleDir, newVersionDir, publishVersion, withBuildLock } from '../../src/cli/io/bundle-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'maillage-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Publishes a fictional bundle whose manifest and layer both carry `n`. */
function publish(out: string, versions: string, n: number): void {
  const dir = newVersionDir(versions, '99');
  writeFileSync(join(dir, 'layer.geojson'), JSON.stringify({ n }));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ n }));
  publishVersion(out, versions, '99', dir);
}

/**
 * A reader in another process: for `ms`, reads the manifest and a layer through the link (counting
 * reads that found no bundle), and opens the bundle the way the CLI does (resolve the link once, read
 * both files from there), counting snapshots that mixed two builds.
 */
const READER = `
const { readFileSync, realpathSync } = require('node:fs');
const [out, ms] = process.argv.slice(1);
let reads = 0, missing = 0, mixed = 0, snapshots = 0;
const end = Date.now() + Number(ms);
while (Date.now() < end) {
  try {
    JSON.parse(readFileSync(out + '/99/manifest.json', 'utf8'));
    JSON.parse(readFileSync(out + '/99/layer.geojson', 'utf8'));
    reads++;
  } catch (e) { missing++; }
  try {
    const dir = realpathSync(out + '/99');
    const m = JSON.parse(readFileSync(dir + '/manifest.json', 'utf8')).n;
    const l = JSON.parse(readFileSync(dir + '/layer.geojson', 'utf8')).n;
    if (m !== l) mixed++;
    snapshots++;
  } catch (e) {
    // the version was removed two swaps later: only a reader slower than two builds meets this
  }
}
process.stdout.write(JSON.stringify({ reads, missing, mixed, snapshots }));
`;

describe('publishing a bundle', () => {
  it('a reader running during 150 swaps always finds a whole bundle, never none and never two mixed', async () => {
    const out = join(tmp, 'swap');
    const versions = join(out, '.versions');
    publish(out, versions, 0);
    const reader = spawn(process.execPath, ['-e', READER, out, '3000']);
    let output = '';
    reader.stdout.on('data', (d) => (output += d));
    const done = new Promise((r) => reader.on('close', r));
    for (let n = 1; n <= 150; n++) {
      publish(out, versions, n);
      await new Promise((r) => setTimeout(r, 5));
    }
    await done;
    const result = JSON.parse(output) as { reads: number; missing: number; mixed: number; snapshots: number };
    expect(result.reads).toBeGreaterThan(0);
    expect(result.snapshots).toBeGreaterThan(0);
    expect(result).toMatchObject({ missing: 0, mixed: 0 });
    // the current version and the one it replaced are kept, older ones removed
    expect(readdirSync(join(versions, '99'))).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, '99', 'manifest.json'), 'utf8')).n).toBe(150);
  }, 30_000);

  it('moves a bundle of the former layout (a plain folder) among the versions', () => {
    const out = join(tmp, 'former');
    const versions = join(out, '.versions');
    publish(out, versions, 1);
    rmSync(join(out, '99'));
    spawnSync('mkdir', ['-p', join(out, '99')]);
    writeFileSync(join(out, '99', 'manifest.json'), '{"n": "old"}');
    publish(out, versions, 2);
    expect(JSON.parse(readFileSync(join(out, '99', 'manifest.json'), 'utf8')).n).toBe(2);
    expect(readdirSync(join(versions, '99')).some((d) => d.startsWith('former-layout-'))).toBe(true);
    expect(currentBundleDir(out, '99')).toContain(join('.versions', '99'));
  });
});

describe('the build lock', () => {
  const log: string[] = [];
  const options = { waitMs: 5_000, log: (l: string) => log.push(l) };

  it('runs two builds of one département one after the other', async () => {
    const versions = join(tmp, 'lock-serial');
    const spans: [number, number][] = [];
    const work = async () => {
      const start = performance.now();
      await new Promise((r) => setTimeout(r, 150));
      spans.push([start, performance.now()]);
    };
    await Promise.all([withBuildLock(versions, '99', options, work), withBuildLock(versions, '99', options, work)]);
    spans.sort((a, b) => a[0] - b[0]);
    expect(spans[1][0]).toBeGreaterThanOrEqual(spans[0][1]);
    expect(log.some((l) => /another build of 99 is running/.test(l))).toBe(true);
    expect(existsSync(join(versions, '99.lock'))).toBe(false);
  });

  it('takes over the lock of a killed build, saying so', async () => {
    const versions = join(tmp, 'lock-stale');
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
    await withBuildLock(versions, '99', options, async () => {});
    writeFileSync(join(versions, '99.lock'), JSON.stringify({ pid: dead, host: hostname(), started_at: '2026-01-01T00:00:00Z' }));
    let ran = false;
    await withBuildLock(versions, '99', options, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(log.some((l) => l.includes(`process ${dead} is gone`))).toBe(true);
  });

  it('gives up on a live lock after the wait, naming the process and the lock file', async () => {
    const versions = join(tmp, 'lock-live');
    await withBuildLock(versions, '99', options, async () => {});
    writeFileSync(join(versions, '99.lock'), JSON.stringify({ pid: process.pid, host: hostname(), started_at: '2026-01-01T00:00:00Z' }));
    const error = await withBuildLock(versions, '99', { ...options, waitMs: 300 }, async () => {}).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain(`une autre construction du département 99 est en cours (processus ${process.pid}`);
    expect(error.fix).toContain(join(versions, '99.lock'));
  });
});
