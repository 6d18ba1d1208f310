/**
 * End-to-end tests of the built app against the real Nord bundle.
 *
 *   npm run test:e2e                 every suite
 *   npm run test:e2e -- map planner  only the named suites
 *
 * Builds with Vite in the e2e mode (dist-e2e/, the only build with the test hook), serves it
 * with `vite preview` on 127.0.0.1:4173, drives
 * Debian's /usr/bin/chromium through playwright-core (no browser download) and runs
 * the suites of tests/e2e/suites. Screenshots go to tests/artifacts/. Exits non-zero
 * on any failure and ends with a line "N passed, M failed"; the results are also
 * written to tests/artifacts/e2e-result.json for the CI summary.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import {
  ARTIFACTS,
  CHROMIUM,
  CHROMIUM_ARGS,
  DEPT,
  E2E_OUT_DIR,
  IGNORED_CONSOLE,
  ROOT,
  ensurePrerequisites,
  log,
  startPreview,
  stopServer,
  viteBuild,
  type E2E,
} from './harness.ts';
import { SUITES } from './suites/index.ts';

async function main(): Promise<number> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = only.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`);
  ensurePrerequisites();
  viteBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, `${E2E_OUT_DIR}/data/${DEPT}/manifest.json`), 'utf8')) as E2E['manifest'];

  const server = await startPreview();
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const results: { name: string; ok: boolean; error?: string }[] = [];
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  const idleTimesMs: number[] = [];

  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const b = browser;
    const newContext = async (options: BrowserContextOptions = {}) => {
      const context = await b.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        ...options,
      });
      contexts.push(context);
      // every page reports Content-Security-Policy violations; each suite fails on one (checked after it)
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      context.on('page', (page) => {
        page.on('worker', (worker) =>
          worker.on('console', (msg) => {
            if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text()))
              cspViolations.push(`worker ${worker.url()}: ${msg.text()}`);
          }),
        );
        page.on('console', (msg) => {
          if (msg.type() !== 'error') return;
          const text = `${msg.text()} ${msg.location().url ?? ''}`;
          if (/^CSP violation:|Content Security Policy/.test(msg.text())) cspViolations.push(text);
          if (!IGNORED_CONSOLE.some((re) => re.test(text))) consoleErrors.push(`console: ${text}`);
        });
        page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
        page.on('response', (res) => {
          if (res.status() >= 400 && !/favicon/.test(res.url())) consoleErrors.push(`HTTP ${res.status()} ${res.url()}`);
        });
      });
      return context;
    };
    const t: E2E = {
      browser: b,
      newContext,
      async newPage(options) {
        const context = await newContext(options);
        return context.newPage();
      },
      async check(name, fn) {
        const start = Date.now();
        try {
          await fn();
          results.push({ name, ok: true });
          log(`  ✓ ${name} (${Date.now() - start} ms)`);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          results.push({ name, ok: false, error });
          log(`  ✗ ${name}\n      ${error}`);
        }
      },
      manifest,
      idleTimesMs,
    };
    for (const suite of SUITES.filter((s) => only.length === 0 || only.includes(s.name))) {
      log(`suite ${suite.name}`);
      try {
        await suite.run(t);
      } catch (err) {
        results.push({ name: `${suite.name}: setup`, ok: false, error: err instanceof Error ? err.message : String(err) });
        log(`  ✗ ${suite.name}: setup\n      ${err instanceof Error ? err.message : String(err)}`);
      }
      const violations = cspViolations.splice(0);
      await t.check(`${suite.name}: no Content-Security-Policy violation`, async () => {
        if (violations.length) throw new Error(violations.join('\n      '));
      });
    }
    await t.check('logs no console error and no failed request', async () => {
      if (consoleErrors.length) throw new Error(consoleErrors.join('\n      '));
    });
  } catch (err) {
    results.push({ name: 'setup', ok: false, error: err instanceof Error ? err.message : String(err) });
    log(`  ✗ setup\n      ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stopServer(server);
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (idleTimesMs.length) log(`map idle after navigation: ${idleTimesMs.join(', ')} ms`);
  log(`screenshots: ${ARTIFACTS}`);
  log(`${passed} passed, ${failed} failed`);
  writeFileSync(join(ARTIFACTS, 'e2e-result.json'), JSON.stringify({ passed, failed, results, idleTimesMs }, null, 2));
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`error: ${err instanceof Error ? err.message : String(err)}`);
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
