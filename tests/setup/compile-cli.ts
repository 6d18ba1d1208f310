import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * Vitest global setup: the tests run the compiled CLI, as `npm run cli` does. It is brought up to date
 * once here (bin/maillage.mjs rebuilds a stale build), so that the test files, running in parallel,
 * never compile it at the same time.
 */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  const run = spawnSync(process.execPath, [join(root, 'bin/maillage.mjs'), '--help'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the CLI could not be compiled:\n${run.stderr}`);
}
