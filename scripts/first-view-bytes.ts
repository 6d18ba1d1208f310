/**
 * `npm run -s measure:first-view [-- --port 4174] [--query "?couches=…"]`: what the first view of
 * the app costs on the wire (the default view, or the one a shared link's query opens). Builds
 * dist/ when it is missing or out of date (the check of `npm start`), serves it with `vite
 * preview`, opens it in Debian's Chromium (playwright-core, /usr/bin/chromium), records every
 * request the page and its workers make until the network has been quiet for 3 s, and prints each
 * response's size and gzip size (zlib level 6 of the bytes served, what a compressing server
 * sends), by kind (JS, CSS, worker, data, other), with the totals and every URL fetched more than
 * once.
 */
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.ts';
import { ensureBuild, startPreview } from './lib/serve-build.ts';

type Kind = 'JS' | 'worker' | 'CSS' | 'data' | 'other';

interface Row {
  path: string;
  kind: Kind;
  bytes: number;
  gzipBytes: number;
  times: number;
}

function parseArgs(argv: string[]): { port: number; query: string } {
  const i = argv.indexOf('--port');
  const port = i >= 0 ? Number(argv[i + 1]) : 4174;
  const q = argv.indexOf('--query');
  const query = q >= 0 ? (argv[q + 1] ?? '') : '';
  if (!Number.isInteger(port) || port < 1024 || port > 65535 || (query && !query.startsWith('?'))) {
    console.error('usage: npm run -s measure:first-view [-- --port 1024…65535] [--query "?couches=…"]');
    process.exit(2);
  }
  return { port, query };
}

function kindOf(path: string): Kind {
  if (path.startsWith('/data/')) return 'data';
  if (/worker/i.test(path) && /\.m?js$/.test(path)) return 'worker';
  if (path.endsWith('.js') || path.endsWith('.mjs')) return 'JS';
  if (path.endsWith('.css')) return 'CSS';
  return 'other';
}

/** Every http(s) URL the first view requested, in order, with how many times. */
async function firstViewRequests(base: string): Promise<Map<string, number>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const seen = new Map<string, number>();
    let inFlight = 0;
    let lastActivity = Date.now();
    context.on('request', (req) => {
      lastActivity = Date.now();
      if (!req.url().startsWith('http')) return;
      inFlight++;
      seen.set(req.url(), (seen.get(req.url()) ?? 0) + 1);
    });
    const settle = (req: { url(): string }) => {
      lastActivity = Date.now();
      if (req.url().startsWith('http')) inFlight--;
    };
    context.on('requestfinished', settle);
    context.on('requestfailed', settle);
    const page = await context.newPage();
    await page.goto(base, { waitUntil: 'load', timeout: 120_000 });
    const started = Date.now();
    while ((inFlight > 0 || Date.now() - lastActivity < 3_000) && Date.now() - started < 120_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    return seen;
  } finally {
    await browser.close();
  }
}

const kb = (n: number) => (n / 1000).toFixed(1);

async function main(): Promise<void> {
  const { port, query } = parseArgs(process.argv.slice(2));
  ensureBuild();
  const server = await startPreview(port);
  try {
    const base = `http://127.0.0.1:${port}/`;
    const seen = await firstViewRequests(`${base}${query}`);
    const rows: Row[] = [];
    for (const [url, times] of seen) {
      const body = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const path = new URL(url).pathname;
      rows.push({ path, kind: kindOf(path), bytes: body.length * times, gzipBytes: gzipSync(body, { level: 6 }).length * times, times });
    }
    console.log('| request | kind | KB | gzip KB |\n| --- | --- | ---: | ---: |');
    for (const r of rows)
      console.log(`| ${r.path}${r.times > 1 ? ` (×${r.times})` : ''} | ${r.kind} | ${kb(r.bytes)} | ${kb(r.gzipBytes)} |`);
    console.log('\n| kind | requests | KB | gzip KB |\n| --- | ---: | ---: | ---: |');
    for (const kind of ['JS', 'worker', 'CSS', 'data', 'other'] as Kind[]) {
      const of = rows.filter((r) => r.kind === kind);
      const sum = (f: (r: Row) => number) => of.reduce((s, r) => s + f(r), 0);
      console.log(`| ${kind} | ${sum((r) => r.times)} | ${kb(sum((r) => r.bytes))} | ${kb(sum((r) => r.gzipBytes))} |`);
    }
    const total = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
    console.log(`| **total** | ${total((r) => r.times)} | ${kb(total((r) => r.bytes))} | **${kb(total((r) => r.gzipBytes))}** |`);
    const twice = rows.filter((r) => r.times > 1);
    console.log(`\nFetched more than once: ${twice.length ? twice.map((r) => `${r.path} ×${r.times}`).join(', ') : 'none'}`);
  } finally {
    server.kill();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
