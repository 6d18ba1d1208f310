import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, assert, openApp, waitFor, type E2E } from '../harness.ts';

const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page; returns the serious and critical violations. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol: a <script> tag would be an inline script, which the page's policy forbids
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const describe = (vs: AxeViolation[]) =>
  vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n      ');

/** Whether the focused element shows a focus indicator (outline or box shadow). */
async function focusVisible(page: Page): Promise<{ ok: boolean; what: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { ok: false, what: 'nothing focused' };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1;
    const shadow = cs.boxShadow !== 'none';
    const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
    return { ok: outline || shadow, what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${label}"` };
  });
}

/** Automated accessibility checks (axe-core, WCAG 2.1 AA) and keyboard focus visibility. */
export async function a11ySuite(t: E2E): Promise<void> {
  const page = await t.newPage();
  await openApp(page);

  await t.check('the accessibility checker catches a planted violation (it cannot pass vacuously)', async () => {
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.id = 'planted-violation';
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.body.append(img);
    });
    const vs = await axeViolations(page);
    await page.evaluate(() => document.getElementById('planted-violation')?.remove());
    assert(
      vs.some((v) => v.id === 'image-alt'),
      `axe did not report the image without alt: ${describe(vs) || 'no violation'}`,
    );
  });

  await t.check('no serious or critical WCAG 2.1 AA violation (axe-core) on the main view', async () => {
    const vs = await axeViolations(page);
    assert(vs.length === 0, describe(vs));
  });

  await t.check('no serious or critical WCAG 2.1 AA violation in the planner view', async () => {
    await page.getByRole('link', { name: 'Espace planification' }).click();
    await waitFor('the planner table', async () => (await page.locator('.coverage-table tbody tr').count()) > 0, 30_000);
    const vs = await axeViolations(page);
    assert(vs.length === 0, describe(vs));
    await page.getByRole('link', { name: 'Trouver un service' }).click();
  });

  await t.check('every control reached with Tab shows a visible focus', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const missing: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await focusVisible(page);
      if (!f.ok) missing.push(f.what);
    }
    assert(missing.length === 0, `no visible focus on: ${[...new Set(missing)].join(', ')}`);
  });

  await t.check('no serious or critical WCAG 2.1 AA violation on a 360 px phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload({ waitUntil: 'load' });
    await waitFor('the app', async () => (await page.locator('[data-map-idle="true"]').count()) === 1, 30_000);
    const vs = await axeViolations(page);
    assert(vs.length === 0, describe(vs));
  });
  await page.context().close();
}
