import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/registry.ts';
import { commandHelp, generalUsage } from '../../src/cli/usage.ts';
import { expectCleanExit, ROOT, runCli } from './helpers/run-cli.ts';

describe('the help, printed by bin/maillage.mjs from the build without loading the compiled CLI', () => {
  it('is the usage of the sources for --help, -h, help (exit 0) and no arguments (exit 2)', async () => {
    for (const [args, code] of [
      [['--help'], 0],
      [['-h'], 0],
      [['help'], 0],
      [[], 2],
    ] as const) {
      const run = await runCli([...args]);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stdout).toBe(generalUsage());
      expect(run.stderr).toBe('');
    }
    expect(generalUsage()).toContain('  coverage ');
  });

  it("is each command's own usage for `<command> --help`, the same as when other options come first", async () => {
    for (const command of COMMANDS) {
      const run = await runCli([command.name, '--help']);
      expect(run.code, command.name).toBe(0);
      expect(run.stdout).toBe(commandHelp(command));
    }
    // not a form the launcher answers itself: the compiled CLI parses the options, then prints the same text
    const slow = await runCli(['coverage', '--dept', '62', '--help']);
    expect(slow.code).toBe(0);
    expect(slow.stdout).toBe(commandHelp(COMMANDS.find((c) => c.name === 'coverage')!));
  });

  it('leaves an unknown command to the CLI, which names it (exit 2)', async () => {
    const run = await runCli(['nope', '--help']);
    expectCleanExit(run);
    expect(run.stderr).toContain('commande « nope » inconnue');
    expect(run.stdout).toBe('');
  });

  it('is in the current build, as the sources write it', () => {
    const current = JSON.parse(readFileSync(join(ROOT, 'build/cli/current.json'), 'utf8'));
    expect(current.help.usage).toBe(generalUsage());
    expect(Object.keys(current.help.commands)).toEqual(COMMANDS.map((c) => c.name));
  });
});

describe('a stale build never prints its help', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'maillage-help-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints a fresh build’s help, and refuses to run once a source changed and cannot be rebuilt', () => {
    // a copy of the launcher beside a fictional build (no scripts/build-cli.mjs here: a rebuild fails)
    mkdirSync(join(tmp, 'bin'));
    mkdirSync(join(tmp, 'build/cli'), { recursive: true });
    for (const f of ['maillage.mjs', 'cli-freshness.mjs']) copyFileSync(join(ROOT, 'bin', f), join(tmp, 'bin', f));
    const source = join(tmp, 'a.ts');
    writeFileSync(source, 'export const a = 1;\n');
    const stat = statSync(source);
    const sha1 = createHash('sha1').update(readFileSync(source)).digest('hex');
    const current = {
      id: 'x',
      entry: 'x/index.mjs',
      help: { usage: 'FICTIONAL USAGE\n', commands: { demo: 'FICTIONAL DEMO HELP\n' } },
      files: { 'a.ts': { size: stat.size, mtimeMs: stat.mtimeMs, sha1 } },
    };
    writeFileSync(join(tmp, 'build/cli/current.json'), JSON.stringify(current));
    const run = (args: string[]) => spawnSync(process.execPath, [join(tmp, 'bin/maillage.mjs'), ...args], { encoding: 'utf8' });

    expect(run(['--help']).stdout).toBe('FICTIONAL USAGE\n');
    expect(run(['demo', '--help']).stdout).toBe('FICTIONAL DEMO HELP\n');

    writeFileSync(source, 'export const a = 2;\n');
    const stale = run(['--help']);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toContain('compiling the CLI (a.ts changed)');
    expect(stale.stderr).toContain('le CLI n’a pas pu être compilé');
  });
});
