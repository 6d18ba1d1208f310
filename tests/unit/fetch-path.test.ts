import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runData, type DataOptions } from '../../src/cli/actions/data.action.ts';
import { CliError } from '../../src/cli/cli-error.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The shared mirror of the official files: every file except the one under test comes from there. */
const OPENDATA = resolve(ROOT, '../shared/opendata');
const FIXTURE = readFileSync(join(import.meta.dirname, '../fixtures/fetch/liste-fs-fictional.csv'));
/** A path that the mirror does not have, so the build must download it. */
const FICTIONAL_PATH = 'fictional/liste-fs-test.csv';
const FS_SOURCE = 'anct-france-services-2024';

let server: Server;
let base: string;
let tmp: string;
const requests: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'maillage-fetch-'));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/${FICTIONAL_PATH}`) {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
      res.end(FIXTURE);
    } else if (req.url === '/empty.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  // no idle connection kept between tests: a build takes longer than the default 5 s keep-alive, and a
  // connection the server closed meanwhile would be reused by the next fetch (ECONNRESET)
  server.keepAliveTimeout = 0;
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * A copy of data/sources/ in which the France Services 2024 source points to a
 * file absent from the mirror, downloadable from `url`.
 */
function sourcesDirWith(name: string, url: string): string {
  const dir = join(tmp, name, 'sources');
  mkdirSync(dir, { recursive: true });
  const real = join(ROOT, 'data/sources');
  for (const f of readdirSync(real).filter((n) => n.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(real, f), 'utf8'));
    if (s.id === FS_SOURCE) {
      s.files = [FICTIONAL_PATH];
      // three fictional rows: below the real file's minimum for the Nord
      s.expect.minRows = { default: 1 };
      s.download = { ...s.download, urls: [url] };
    }
    writeFileSync(join(dir, f), JSON.stringify(s, null, 2));
  }
  return dir;
}

function options(name: string, url: string, log: string[]): DataOptions {
  const raw = join(tmp, name, 'raw');
  mkdirSync(raw, { recursive: true });
  return {
    dept: '59',
    rawFolders: [raw, OPENDATA],
    outDir: join(tmp, name, 'out'),
    sourcesDir: sourcesDirWith(name, url),
    departementsDir: join(ROOT, 'data/departements'),
    fetch: true,
    log: (l) => log.push(l),
  };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected runData to reject');
}

describe('runData with fetch: true, against a local HTTP server', { timeout: 60_000 }, () => {
  it('downloads the missing file into the first raw folder and builds the layer from it', async () => {
    const url = `${base}/${FICTIONAL_PATH}`;
    const log: string[] = [];
    const opts = options('ok', url, log);
    const before = requests.length;
    const result = await runData(opts);

    // the file was fetched once, stored byte for byte, with no partial file left behind
    expect(requests.slice(before)).toEqual([`/${FICTIONAL_PATH}`]);
    const stored = join(opts.rawFolders[0], FICTIONAL_PATH);
    expect(readFileSync(stored).equals(FIXTURE)).toBe(true);
    expect(readdirSync(join(opts.rawFolders[0], 'fictional'))).toEqual(['liste-fs-test.csv']);
    expect(log.some((l) => l.includes(`fetched ${url}`) && l.includes(stored))).toBe(true);

    // the france-services layer holds exactly the three fictional sites
    const layer = result.bundle.layers.find((l) => l.manifest.id === 'france-services')!;
    const features = (layer.data as { features: { properties: Record<string, unknown> }[] }).features;
    expect(features.map((f) => f.properties.id)).toEqual(['TEST-1', 'TEST-2', 'TEST-3']);
    expect(features.map((f) => f.properties.name)).toEqual([
      'France services Testville',
      'France services Fictifbourg',
      'Bus France services Exempleville',
    ]);
    expect(features.map((f) => f.properties.commune_code)).toEqual(['59350', '59178', '59122']);
    expect(features.map((f) => f.properties.kind)).toEqual(['fixed', 'fixed', 'bus']);
    expect(features.every((f) => f.properties.approximate === false)).toBe(true);

    // manifest counts: 3 read, 3 kept, 0 rejected, and the file it came from
    const manifest = result.bundle.manifest.layers['france-services'];
    expect(manifest.features).toBe(3);
    expect(manifest.sources[0]).toMatchObject({ id: FS_SOURCE, files: [FICTIONAL_PATH], rows_read: 3, rows_kept: 3, rows_rejected: 0 });

    // the coordinates fall in the declared communes: no disagreement reported for these rows
    expect(result.bundle.report.filter((e) => e.layer === 'france-services' && e.action === 'disagreement')).toEqual([]);

    // and the same is on disk, in the temporary output folder
    const written = JSON.parse(readFileSync(join(opts.outDir, '59', 'france-services.geojson'), 'utf8'));
    expect(written.features).toHaveLength(3);
    const writtenManifest = JSON.parse(readFileSync(join(opts.outDir, '59', 'manifest.json'), 'utf8'));
    expect(writtenManifest.layers['france-services'].sources[0]).toMatchObject({ rows_read: 3, rows_kept: 3, rows_rejected: 0 });
  });

  it('does not download again a file already in the raw folder', async () => {
    const url = `${base}/${FICTIONAL_PATH}`;
    const opts = options('again', url, []);
    mkdirSync(join(opts.rawFolders[0], 'fictional'), { recursive: true });
    writeFileSync(join(opts.rawFolders[0], FICTIONAL_PATH), FIXTURE);
    const before = requests.length;
    const result = await runData(opts);
    expect(requests.length).toBe(before);
    expect(result.bundle.manifest.layers['france-services'].features).toBe(3);
  });

  it('rejects with an error naming the URL and "HTTP 404" when the server has no such file', async () => {
    const url = `${base}/fictional/absent.csv`;
    const opts = options('http-404', url, []);
    const error = await rejection(runData(opts));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain('1 fichier(s) n’ont pas pu être téléchargés');
    expect(error.message).toContain(FICTIONAL_PATH);
    expect(error.message).toContain(url);
    expect(error.message).toContain('HTTP 404');
    // nothing stored, nothing built
    expect(existsSync(join(opts.rawFolders[0], 'fictional'))).toBe(false);
    expect(existsSync(join(opts.outDir, '59'))).toBe(false);
  });

  it('rejects an empty response instead of storing an empty file', async () => {
    const url = `${base}/empty.csv`;
    const opts = options('empty', url, []);
    const error = await rejection(runData(opts));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain(url);
    expect(error.message).toContain('empty response');
    expect(existsSync(join(opts.rawFolders[0], FICTIONAL_PATH))).toBe(false);
  });

  it('rejects with an error naming the URL and the refused connection when nothing listens on the port', async () => {
    // take a free port, then close it, so that the connection is refused
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const url = `http://127.0.0.1:${port}/${FICTIONAL_PATH}`;
    const opts = options('refused', url, []);
    const error = await rejection(runData(opts));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain(url);
    expect(error.message).toContain('ECONNREFUSED');
    expect((error as CliError).fix).toMatch(/réseau|à la main/);
    expect(existsSync(join(opts.rawFolders[0], FICTIONAL_PATH))).toBe(false);
  });
});
