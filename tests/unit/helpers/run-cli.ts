import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const ENTRY = join(ROOT, 'src/cli/index.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a child process, as `npm run cli` does; relative paths resolve in `cwd` (the repository root by default). */
export function runCli(args: string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, ENTRY, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A clear error: exit 2 and one `error:` message, not a stack trace. */
export function expectCleanExit(run: CliRun): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}
