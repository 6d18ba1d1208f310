/**
 * `npm run -s measure:start-to-map [-- --port 4175] [--runs 3]`: the time from `npm start` to the first
 * drawn map, as a user meets it with the build present (dist/ up to date: run once before, as
 * `npm start` does, so that no run builds). Each run spawns `npm start` (MAILLAGE_PORT=port), waits
 * for the server to answer, opens the page in Debian's Chromium (launched beforehand, as a user's
 * browser is) and stops at the map's first `data-map-idle="true"` (everything the store holds drawn);
 * then stops the server. Prints each run and the median (min–max).
 */
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from '../tests/e2e/harness.ts';
import { ensureBuild } from './lib/serve-build.ts';

function parseArgs(argv: string[]): { port: number; runs: number } {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const args = { port: value('--port', 4175), runs: value('--runs', 3) };
  if (!Number.isInteger(args.port) || args.port < 1024 || args.port > 65535 || !Number.isInteger(args.runs) || args.runs < 1) {
    console.error('usage: npm run -s measure:start-to-map [-- --port 1024…65535] [--runs N]');
    process.exit(2);
  }
  return args;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const { port, runs } = parseArgs(process.argv.slice(2));
  ensureBuild();
  const url = `http://127.0.0.1:${port}/`;
  if (
    await fetch(url).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is already in use`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const serverMs: number[] = [];
  const mapMs: number[] = [];
  try {
    console.log('| run | server answers, s | first drawn map, s |\n| ---: | ---: | ---: |');
    for (let run = 1; run <= runs; run++) {
      const t0 = performance.now();
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        env: { ...process.env, MAILLAGE_PORT: String(port) },
        stdio: 'ignore',
        detached: true,
      });
      try {
        while (
          !(await fetch(url).then(
            (r) => r.ok,
            () => false,
          ))
        ) {
          if (performance.now() - t0 > 120_000) throw new Error('npm start did not answer within 120 s');
          await new Promise((r) => setTimeout(r, 50));
        }
        const t1 = performance.now();
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
        await page.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 120_000 });
        const t2 = performance.now();
        await context.close();
        serverMs.push(t1 - t0);
        mapMs.push(t2 - t0);
        console.log(`| ${run} | ${((t1 - t0) / 1000).toFixed(2)} | ${((t2 - t0) / 1000).toFixed(2)} |`);
      } finally {
        if (npm.pid !== undefined) process.kill(-npm.pid, 'SIGTERM');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  } finally {
    await browser.close();
  }
  const range = (xs: number[]) =>
    `${(median(xs) / 1000).toFixed(2)} (${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)})`;
  console.log(`\nmedian (min–max): server answers ${range(serverMs)} s, first drawn map ${range(mapMs)} s`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
