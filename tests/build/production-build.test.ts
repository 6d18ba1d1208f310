/**
 * What a production build ships (issue 16): no test hook (`window.__maillage`, the map and the
 * store) in its JavaScript, the Content-Security-Policy in its page, no inline script. The e2e
 * build (`--mode e2e`) is built too, so that the search for the hook is shown to find it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { noCspInDev } from '../../vite.config.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HOOK = '__maillage';

function builtFiles(dir: string): { js: string; html: string } {
  const assets = join(dir, 'assets');
  const js = readdirSync(assets)
    .filter((f) => /\.(m?js)$/.test(f))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n');
  return { js, html: readFileSync(join(dir, 'index.html'), 'utf8') };
}

async function buildInto(mode: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `maillage-build-${mode}-`));
  // publicDir: false: the data bundle is not needed to read the code
  await build({ root: ROOT, mode, logLevel: 'silent', publicDir: false, build: { outDir, emptyOutDir: true } });
  return outDir;
}

describe('production build', () => {
  let production = '';
  let e2e = '';
  beforeAll(async () => {
    production = await buildInto('production');
    e2e = await buildInto('e2e');
  }, 240_000);
  afterAll(() => {
    for (const dir of [production, e2e]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no test hook in its JavaScript (the e2e build has it)', () => {
    expect(builtFiles(e2e).js).toContain(HOOK);
    expect(builtFiles(production).js).not.toContain(HOOK);
  });

  it('keeps the Content-Security-Policy, with no inline script and no unsafe source', () => {
    const { html } = builtFiles(production);
    const policy = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(policy).toBeDefined();
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-(eval|inline)/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('the dev server alone serves the page without it (React refresh and hot reload need inline code and a WebSocket)', () => {
    const page = readFileSync(join(ROOT, 'index.html'), 'utf8');
    const hook = noCspInDev().transformIndexHtml as (html: string) => string;
    expect(page).toContain('http-equiv="Content-Security-Policy"');
    expect(hook(page)).not.toContain('Content-Security-Policy"');
    expect(noCspInDev().apply).toBe('serve');
  });
});
