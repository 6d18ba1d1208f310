import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** The compiled CLI's launcher, as `npm run cli` starts it (tests/setup/compile-cli.ts compiles it first). */
const ENTRY = join(ROOT, 'bin/maillage.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a child process, as `npm run cli` does; relative paths resolve in `cwd` (the repository root by default). */
export function runCli(args: string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [ENTRY, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A stack trace line (`    at fn (file:1:2)`), which bad input must never print. */
export const STACK_LINE = /\n\s+at .+:\d+:\d+/;

/** A clear error: exit 2 and one French `erreur :` message, not a stack trace. */
export function expectCleanExit(run: CliRun): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^erreur : /);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toMatch(/erreur interne/);
}
