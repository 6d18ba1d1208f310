/**
 * The Content-Security-Policy of index.html (docs/content-security-policy.md): the online
 * basemap (IGN Géoplateforme WMTS) and the geocoder (data.geopf.fr/geocodage) are allowed, any
 * other host, inline scripts and eval (a string timer) are blocked. Every other suite fails on any violation
 * (tests/e2e/run.ts); this one provokes them on purpose, in a context of its own.
 */
import { BASE_URL, assert, openApp, waitFor, type E2E } from '../harness.ts';

/** A 1×1 transparent PNG, answered for every basemap tile. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const GEOCODED = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [3.0635, 50.6366] },
      properties: {
        label: '1 Place Exemple 59000 Lille',
        score: 0.9,
        type: 'housenumber',
        postcode: '59000',
        city: 'Lille',
        citycode: '59350',
      },
    },
  ],
};

export async function cspSuite(t: E2E): Promise<void> {
  // an own context: the violations provoked here are expected, the other suites' listener stays out of it
  const context = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const requested: string[] = [];
  await context.route(
    (url) => !url.href.startsWith(BASE_URL),
    (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith('https://data.geopf.fr/wmts')) return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
      if (url.startsWith('https://data.geopf.fr/geocodage/'))
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(GEOCODED) });
      return route.fulfill({ status: 200, contentType: 'text/plain', body: 'not blocked' });
    },
  );
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.splice(0));
  try {
    await openApp(page);

    await t.check('csp: the page has its policy, and the app runs under it without a violation', async () => {
      const policy = await page.evaluate(() =>
        document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
      );
      assert(policy?.includes("script-src 'self'") && !policy.includes('unsafe'), `policy: ${policy}`);
      const seen = await violations();
      assert(seen.length === 0, `violations while loading: ${seen.join('; ')}`);
    });

    await t.check('csp: the online basemap (data.geopf.fr/wmts) is allowed', async () => {
      await page.getByRole('switch', { name: 'Fond de carte en ligne (Plan IGN)' }).check();
      await waitFor('a basemap tile requested', async () => requested.some((u) => u.startsWith('https://data.geopf.fr/wmts?')), 15_000);
      await page.waitForTimeout(500);
      const seen = await violations();
      assert(seen.length === 0, `violations with the basemap on: ${seen.join('; ')}`);
      assert((await page.getByRole('alert').filter({ hasText: 'injoignable' }).count()) === 0, 'the basemap says it is unreachable');
      await page.getByRole('switch', { name: 'Fond de carte en ligne (Plan IGN)' }).uncheck();
    });

    await t.check('csp: the geocoder (data.geopf.fr/geocodage) is allowed', async () => {
      const search = await page.evaluate(async () => {
        const store = window.__maillage!.store;
        await store.getState().searchAddress('1 place Exemple Lille');
        return store.getState().addressSearch;
      });
      assert(
        requested.some((u) => u.startsWith('https://data.geopf.fr/geocodage/search?')),
        `requests: ${requested.join(', ')}`,
      );
      assert(search.status === 'done' && search.candidates.length === 1, `address search: ${JSON.stringify(search)}`);
      const seen = await violations();
      assert(seen.length === 0, `violations with the geocoder: ${seen.join('; ')}`);
    });

    await t.check('csp: another host, an inline script and eval are blocked', async () => {
      const before = requested.length;
      const outcome = await page.evaluate(async () => {
        const fetched = await fetch('https://exemple.invalid/data.json').then(
          () => 'loaded',
          () => 'blocked',
        );
        const geopfElsewhere = await fetch('https://data.geopf.fr/autre-service').then(
          () => 'loaded',
          () => 'blocked',
        );
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.body.append(script);
        // a string timer is compiled by the page itself when it fires (code run through the DevTools protocol is not held to the policy)
        (setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = true', 0);
        await new Promise((r) => setTimeout(r, 100));
        const w = window as unknown as { __inlineRan?: boolean; __evalRan?: boolean };
        return { fetched, geopfElsewhere, inline: w.__inlineRan === true, evaluated: w.__evalRan === true };
      });
      assert(outcome.fetched === 'blocked', 'a fetch to another host went through');
      assert(outcome.geopfElsewhere === 'blocked', 'a fetch to another path of data.geopf.fr went through');
      assert(!outcome.inline, 'an inline script ran');
      assert(!outcome.evaluated, 'a string timer (eval) ran');
      assert(requested.length === before, `blocked requests reached the network: ${requested.slice(before).join(', ')}`);
      const seen = await waitFor('the violations reported', async () => {
        const v = await violations();
        return v.length >= 4 ? v : null;
      });
      const text = seen.join('; ');
      for (const expected of [
        'connect-src https://exemple.invalid/data.json',
        'connect-src https://data.geopf.fr/autre-service',
        'script-src-elem inline',
        'script-src eval',
      ])
        assert(text.includes(expected), `no "${expected}" among: ${text}`);
    });
  } finally {
    await context.close();
  }
}
