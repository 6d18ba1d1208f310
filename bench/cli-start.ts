/**
 * `npm run bench -- --only cli-start`: how long `npm run -s cli -- --help` takes, npm's own start
 * included, against what it cannot go below: node starting and stopping (`node -e 0`) and npm
 * running a script that does nothing else (`npm run -s noop`, a package of its own in a temporary
 * folder). The four run in turn, 1 warm-up round then 10 rounds: median [min–max] of each, and the
 * load average, as a shared machine's wall times depend on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Table } from './lib/report.ts';
import { hasGnuTime, runProcess, spread, type ProcessRun } from './lib/whole-process.ts';

const CLI = resolve('bin/maillage.mjs');
const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function runCliStartBench(options: { quick: boolean }): Table[] {
  const noop = mkdtempSync(join(tmpdir(), 'maillage-noop-'));
  writeFileSync(join(noop, 'package.json'), JSON.stringify({ name: 'noop', private: true, scripts: { noop: 'node -e 0' } }));
  const commands: [string, () => ProcessRun][] = [
    ['node -e 0 (node alone)', () => runProcess(process.execPath, ['-e', '0'])],
    ['npm run -s noop (npm running node -e 0)', () => runProcess('npm', ['run', '-s', 'noop'], noop)],
    ['node bin/maillage.mjs --help', () => runProcess(process.execPath, [CLI, '--help'])],
    ['npm run -s cli -- --help', () => runProcess('npm', ['run', '-s', 'cli', '--', '--help'])],
  ];
  const rounds = options.quick ? 3 : 10;
  const runs = commands.map(() => [] as ProcessRun[]);
  const loads: number[] = [];
  try {
    for (const [, run] of commands) run(); // warm-up: the build checked, files in the page cache
    for (let r = 0; r < rounds; r++) {
      loads.push(loadavg()[0]);
      for (const [k, [, run]] of commands.entries()) runs[k].push(run());
    }
  } finally {
    rmSync(noop, { recursive: true, force: true });
  }
  const rows = commands.map(([label], k) => [
    label,
    spread(
      runs[k].map((x) => x.wallMs),
      seconds,
    ),
    spread(
      runs[k].map((x) => x.cpuMs),
      seconds,
    ),
  ]);
  return [
    {
      title: 'CLI start-up: `npm run -s cli -- --help` and what it cannot go below',
      columns: ['command', 'wall s', 'CPU s (user + sys)'],
      rows,
      notes: [
        `Whole processes${hasGnuTime() ? ' under GNU time' : ' (wall clock only: GNU time not installed)'}, in turn, 1 warm-up round then ${rounds} rounds: median [min–max]. Load average (1 min) during the rounds: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.`,
        'The CLI prints the help of a fresh build from build/cli/current.json without loading its compiled modules (bin/maillage.mjs); the rest of `npm run` is npm starting.',
      ],
    },
  ];
}
