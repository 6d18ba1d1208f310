import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeocoderError, geocodeAddress } from '../../src/data/geocode/geocode-address.ts';
import { parseGeocoderResponse } from '../../src/data/geocode/parse-geocoder-response.ts';

/** The shape the Géoplateforme answers with (GeoCodeJSON), trimmed to two features. */
const ANSWER = {
  type: 'FeatureCollection',
  version: 'draft',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [3.972, 50.2775] },
      properties: {
        label: 'Place Vauban 59600 Maubeuge',
        score: 0.71,
        id: '59392_7420',
        name: 'Place Vauban',
        postcode: '59600',
        citycode: '59392',
        x: 766021.88,
        y: 7024183.72,
        city: 'Maubeuge',
        context: '59, Nord, Hauts-de-France',
        type: 'street',
        importance: 0.62,
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [3.0574, 50.6366] },
      properties: {
        label: 'Rue de Maubeuge 59000 Lille',
        score: 0.93,
        postcode: '59000',
        citycode: '59350',
        city: 'Lille',
        type: 'street',
      },
    },
  ],
  attribution: 'BAN',
  licence: 'ETALAB-2.0',
  query: 'maubeuge',
  limit: 5,
};

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A fetch stand-in that records the URLs asked for. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const urls: string[] = [];
  const f = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return answer();
  }) as typeof fetch;
  return { fetch: f, urls };
}

async function failure(p: Promise<unknown>): Promise<GeocoderError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(GeocoderError);
    return err as GeocoderError;
  }
  throw new Error('expected a GeocoderError');
}

describe('parseGeocoderResponse', () => {
  it('reads label, score, point and commune of each feature, best score first', () => {
    const { addresses, skipped } = parseGeocoderResponse(ANSWER);
    expect(skipped).toBe(0);
    expect(addresses.map((a) => a.label)).toEqual(['Rue de Maubeuge 59000 Lille', 'Place Vauban 59600 Maubeuge']);
    expect(addresses[1]).toEqual({
      label: 'Place Vauban 59600 Maubeuge',
      score: 0.71,
      lngLat: [3.972, 50.2775],
      type: 'street',
      postcode: '59600',
      city: 'Maubeuge',
      citycode: '59392',
      context: '59, Nord, Hauts-de-France',
    });
  });

  it('skips features without a label or with impossible coordinates, and counts them', () => {
    const { addresses, skipped } = parseGeocoderResponse({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [3.9, 50.2] }, properties: {} },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [350, 50.2] }, properties: { label: 'x' } },
        { type: 'Feature', geometry: null, properties: { label: 'y' } },
        null,
        ANSWER.features[0],
      ],
    });
    expect(addresses).toHaveLength(1);
    expect(skipped).toBe(4);
  });

  it('accepts an empty answer', () => {
    expect(parseGeocoderResponse({ type: 'FeatureCollection', features: [] })).toEqual({ addresses: [], skipped: 0 });
  });

  it('rejects anything that is not a FeatureCollection', () => {
    for (const body of [
      null,
      'ok',
      { type: 'Feature' },
      { type: 'FeatureCollection' },
      { code: 400, message: 'q: must contain between 3 and 200 chars' },
    ]) {
      expect(() => parseGeocoderResponse(body)).toThrow(/FeatureCollection/);
    }
  });
});

describe('geocodeAddress (mocked fetch)', () => {
  it('asks data.geopf.fr/geocodage/search with q and limit, near the département when given', async () => {
    const fake = fakeFetch(() => jsonResponse(ANSWER));
    const got = await geocodeAddress('  place  Vauban Maubeuge ', { fetch: fake.fetch, near: [3.15, 50.525] });
    expect(got[0].label).toBe('Rue de Maubeuge 59000 Lille');
    expect(fake.urls).toEqual(['https://data.geopf.fr/geocodage/search?q=place+Vauban+Maubeuge&limit=5&lon=3.15000&lat=50.52500']);
  });

  it('refuses a query too short to geocode, without asking the service', async () => {
    const fake = fakeFetch(() => jsonResponse(ANSWER));
    for (const q of ['', 'ab', '  ', '---']) {
      const err = await failure(geocodeAddress(q, { fetch: fake.fetch }));
      expect(err.kind).toBe('bad-request');
      expect(err.message).toMatch(/au moins 3 caractères/);
    }
    expect(fake.urls).toEqual([]);
  });

  it('says "hors ligne" without any request when the device is offline', async () => {
    const fake = fakeFetch(() => jsonResponse(ANSWER));
    const err = await failure(geocodeAddress('place Vauban', { fetch: fake.fetch, isOnline: () => false }));
    expect(err.kind).toBe('offline');
    expect(err.message).toMatch(/hors ligne/);
    expect(err.message).toMatch(/commune ou code postal/);
    expect(fake.urls).toEqual([]);
  });

  it('turns a network failure (blocked, DNS, no route) into the offline message', async () => {
    const fake = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const err = await failure(geocodeAddress('place Vauban', { fetch: fake.fetch }));
    expect(err.kind).toBe('offline');
    expect(err.message).toMatch(/pas de connexion au service d’adresses de l’IGN/);
  });

  it('reads 429 as "too many requests" with the Retry-After delay', async () => {
    const err = await failure(
      geocodeAddress('place Vauban', { fetch: fakeFetch(() => jsonResponse({}, 429, { 'retry-after': '4' })).fetch }),
    );
    expect(err.kind).toBe('rate-limited');
    expect(err.retryAfterS).toBe(4);
    expect(err.message).toMatch(/trop de demandes.*4 secondes/);
  });

  it('says 5 seconds (the documented block) when a 429 has no Retry-After', async () => {
    const err = await failure(
      geocodeAddress('place Vauban', { fetch: fakeFetch(() => new Response('Too Many Requests', { status: 429 })).fetch }),
    );
    expect(err.retryAfterS).toBeNull();
    expect(err.message).toMatch(/5 secondes/);
  });

  it('reads a 5xx as a server error, naming the status', async () => {
    const err = await failure(
      geocodeAddress('place Vauban', { fetch: fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 })).fetch }),
    );
    expect(err.kind).toBe('server');
    expect(err.message).toMatch(/erreur 502/);
  });

  it('reads a 400 as a refused query', async () => {
    const err = await failure(geocodeAddress('place Vauban', { fetch: fakeFetch(() => jsonResponse({ code: 400 }, 400)).fetch }));
    expect(err.kind).toBe('bad-request');
  });

  it('reports a body that is not JSON, or not a FeatureCollection, as an unexpected answer', async () => {
    let err = await failure(
      geocodeAddress('place Vauban', { fetch: fakeFetch(() => new Response('<html>portail captif</html>', { status: 200 })).fetch }),
    );
    expect(err.kind).toBe('invalid-response');
    err = await failure(geocodeAddress('place Vauban', { fetch: fakeFetch(() => jsonResponse({ hello: 'world' })).fetch }));
    expect(err.kind).toBe('invalid-response');
  });

  it('gives up after the timeout with its own message', async () => {
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const err = await failure(geocodeAddress('place Vauban', { fetch: hanging, timeoutMs: 30 }));
    expect(err.kind).toBe('timeout');
  });

  it('lets a caller cancel without showing an error', async () => {
    const controller = new AbortController();
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    const p = geocodeAddress('place Vauban', { fetch: hanging, signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('geocodeAddress against a local HTTP server', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const q = new URL(req.url ?? '/', 'http://x').searchParams.get('q');
      if (q === 'busy street') {
        res.writeHead(429, { 'retry-after': '2', 'content-type': 'text/plain' });
        res.end('Too Many Requests');
      } else if (q === 'broken street') {
        res.writeHead(503);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ANSWER));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/geocodage/search`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('gets and parses the answer with the real fetch', async () => {
    const got = await geocodeAddress('place Vauban', { baseUrl: base, limit: 3 });
    expect(got.map((a) => a.city)).toEqual(['Lille', 'Maubeuge']);
    expect(seen.at(-1)).toBe('/geocodage/search?q=place+Vauban&limit=3');
  });

  it('reports 429 and 503 from the server', async () => {
    expect((await failure(geocodeAddress('busy street', { baseUrl: base }))).retryAfterS).toBe(2);
    expect((await failure(geocodeAddress('broken street', { baseUrl: base }))).kind).toBe('server');
  });

  it('reports a closed port as offline', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect((await failure(geocodeAddress('place Vauban', { baseUrl: `http://127.0.0.1:${port}/search` }))).kind).toBe('offline');
  });
});
