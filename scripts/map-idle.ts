/**
 * `npm run -s measure:map-idle [-- --port 4174] [--runs 5] [--trace] [--gpu-compositing]`: how long the map takes to
 * settle with the default layers (A) against the same page with every data layer off (B,
 * `?couches=`), in one run, alternating A/B and B/A, each load in a fresh browser context (empty
 * cache). Time: from navigation start to `data-map-idle="true"` on the map (set by the map
 * controller once everything the store holds is drawn and nothing is loading: the hook the e2e
 * suites wait on), read in the page (performance.now()). Main-thread CPU: Chromium's
 * `TaskDuration` (CDP Performance.getMetrics) at that moment; GL programs linked until then (each
 * compiled on its first draw). Prints each run, the medians and
 * the ratio A/B. `--trace` also records one Chromium trace of each variant (CDP Tracing) and prints
 * where the time went, by thread and by kind of task. `--gpu-compositing` runs Chromium with its
 * frames composited in the GPU process (`CHROMIUM_ARGS_GPU_COMPOSITING`): the path a usable GPU
 * takes, drawn here in software, so not a model of such a machine's speed.
 */
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { CHROMIUM, measurementChromium } from '../tests/e2e/harness.ts';
import { ensureBuild, startPreview } from './lib/serve-build.ts';
import { summariseTrace, type TraceEvent } from './lib/trace-summary.ts';

interface Args {
  port: number;
  runs: number;
  trace: boolean;
  gpuCompositing: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const args = {
    port: value('--port', 4174),
    runs: value('--runs', 5),
    trace: argv.includes('--trace'),
    gpuCompositing: argv.includes('--gpu-compositing'),
  };
  if (!Number.isInteger(args.port) || args.port < 1024 || args.port > 65535 || !Number.isInteger(args.runs) || args.runs < 1) {
    console.error('usage: npm run -s measure:map-idle [-- --port 1024…65535] [--runs N] [--trace] [--gpu-compositing]');
    process.exit(2);
  }
  return args;
}

const VARIANTS = [
  { name: 'A: default layers', query: '' },
  { name: 'B: data layers off', query: '?couches=' },
] as const;

interface Sample {
  idleMs: number;
  taskMs: number;
  scriptMs: number;
  frames: number;
  programs: number;
}

/**
 * Records when the map container first says `data-map-idle="true"`, how many animation frames
 * ran until then (MapLibre draws the whole map in each: a count that the machine's load does not
 * change), and how many GL programs were linked (each one compiled on its first draw: 100–200 ms
 * in software, src/map/layers/gl-programs.ts).
 */
function recordIdle(): void {
  const w = window as unknown as { __idleAt?: number; __frames: number; __programs: number };
  w.__frames = 0;
  w.__programs = 0;
  for (const gl of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const link = gl.linkProgram;
    gl.linkProgram = function (this: WebGLRenderingContext, program: WebGLProgram) {
      if (w.__idleAt === undefined) w.__programs++;
      return link.call(this, program);
    };
  }
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    raf((t) => {
      if (w.__idleAt === undefined) w.__frames++;
      callback(t);
    });
  new MutationObserver((_records, observer) => {
    if (document.querySelector('[data-testid="map"][data-map-idle="true"]')) {
      w.__idleAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-map-idle'] });
}

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
}

async function loadOnce(browser: Browser, url: string, trace: boolean): Promise<{ sample: Sample; events?: TraceEvent[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  try {
    await context.addInitScript(recordIdle);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const events: TraceEvent[] = [];
    if (trace) {
      cdp.on('Tracing.dataCollected', (e: { value: TraceEvent[] }) => events.push(...e.value));
      await cdp.send('Tracing.start', {
        categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,v8.execute,blink,gpu,__metadata',
        transferMode: 'ReportEvents',
      });
    }
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => (window as unknown as { __idleAt?: number }).__idleAt !== undefined, null, {
      timeout: 120_000,
      polling: 50,
    });
    const taskMs = await metric(cdp, 'TaskDuration');
    const scriptMs = await metric(cdp, 'ScriptDuration');
    const { idleMs, frames, programs } = await page.evaluate(() => {
      const w = window as unknown as { __idleAt: number; __frames: number; __programs: number };
      return { idleMs: w.__idleAt, frames: w.__frames, programs: w.__programs };
    });
    if (trace) {
      const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
      await cdp.send('Tracing.end');
      await done;
    }
    return { sample: { idleMs, taskMs, scriptMs, frames, programs }, events: trace ? events : undefined };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x: number) => x.toFixed(0);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  ensureBuild();
  const server = await startPreview(args.port);
  const launch = measurementChromium(args.gpuCompositing);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: launch.args });
  console.log(`${launch.label}\n`);
  try {
    const base = `http://127.0.0.1:${args.port}/`;
    // one load of each to warm the server and the disk cache (not counted)
    for (const v of VARIANTS) await loadOnce(browser, `${base}${v.query}`, false);
    const samples: Sample[][] = VARIANTS.map(() => []);
    console.log(
      '| run | variant | idle ms | main-thread tasks ms | of which script ms | frames | GL programs |\n| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (let run = 0; run < args.runs; run++) {
      const order = run % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const { sample } = await loadOnce(browser, `${base}${VARIANTS[i].query}`, false);
        samples[i].push(sample);
        console.log(
          `| ${run + 1} | ${VARIANTS[i].name} | ${ms(sample.idleMs)} | ${ms(sample.taskMs)} | ${ms(sample.scriptMs)} | ${sample.frames} | ${sample.programs} |`,
        );
      }
    }
    console.log(
      '\n| variant | idle ms, median (min–max) | main-thread tasks ms, median (min–max) | frames, median (min–max) | GL programs |\n| --- | ---: | ---: | ---: | ---: |',
    );
    const range = (xs: number[]) => `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
    VARIANTS.forEach((v, i) => {
      const s = samples[i];
      console.log(
        `| ${v.name} | ${range(s.map((x) => x.idleMs))} | ${range(s.map((x) => x.taskMs))} | ${range(s.map((x) => x.frames))} | ${range(s.map((x) => x.programs))} |`,
      );
    });
    const ratio = (f: (s: Sample) => number) => (median(samples[0].map(f)) / median(samples[1].map(f))).toFixed(2);
    console.log(
      `\nratio A/B: idle ×${ratio((s) => s.idleMs)}, main-thread tasks ×${ratio((s) => s.taskMs)}, frames ×${ratio((s) => s.frames)}`,
    );
    if (args.trace) {
      for (const v of VARIANTS) {
        const { events } = await loadOnce(browser, `${base}${v.query}`, true);
        console.log(`\n### Trace, ${v.name}\n`);
        console.log(summariseTrace(events ?? []));
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
