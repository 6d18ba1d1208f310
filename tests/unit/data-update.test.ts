import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDataUpdate, type UpdateOptions } from '../../src/cli/actions/data-update.action.ts';
import { runData } from '../../src/cli/actions/data.action.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { parseBundleChanges } from '../../src/data/bundle/bundle-changes.ts';
import { parseBundleManifest } from '../../src/data/bundle/parse-manifest.ts';
import { expectCleanExit, runCli } from './helpers/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OPENDATA = resolve(ROOT, '../shared/opendata');
const FIXTURES = join(import.meta.dirname, '../fixtures/update');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const FS_SOURCE = 'anct-france-services-2024';
const DATASET = 'liste-des-structures-france-services';

/** What the mock API answers for the dataset: one CSV resource, served at `path`, and an older one that must be ignored. */
let resource: { path: string; modified: string; checksum?: string } = { path: '/files/liste-fs-v1.csv', modified: '2026-01-15T10:00:00Z' };
/** Files the mock serves, by path. */
const FILES: Record<string, { type: string; body: Buffer }> = {
  '/files/liste-fs-v1.csv': { type: 'text/csv', body: fixture('liste-fs-v1.csv') },
  '/files/liste-fs-v2.csv': { type: 'text/csv', body: fixture('liste-fs-v2.csv') },
  '/files/liste-fs-renamed.csv': { type: 'text/csv', body: fixture('liste-fs-renamed-column.csv') },
  '/files/maintenance.csv': { type: 'text/html; charset=utf-8', body: fixture('maintenance.html') },
  '/files/maintenance-as-csv.csv': { type: 'text/csv', body: fixture('maintenance.html') },
};
let apiStatus = 200;

let server: Server;
let base: string;
let tmp: string;
const requests: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'maillage-update-'));
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    if (url === `/api/1/datasets/${DATASET}/`) {
      if (apiStatus !== 200) {
        res.writeHead(apiStatus, { 'content-type': 'text/plain' });
        res.end('erreur fictive');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'fictif-0001',
          title: 'Liste des structures France Services (réponse fictive)',
          resources: [
            { id: 'r-old', title: 'liste ancienne', format: 'csv', url: `${base}/files/absent.csv`, last_modified: '2020-01-01T00:00:00Z' },
            { id: 'r-doc', title: 'documentation', format: 'pdf', url: `${base}/files/doc.pdf`, last_modified: '2030-01-01T00:00:00Z' },
            {
              id: 'r-new',
              title: 'liste des France Services',
              format: 'CSV',
              url: `${base}${resource.path}`,
              last_modified: resource.modified,
              ...(resource.checksum ? { checksum: { type: 'sha1', value: resource.checksum } } : {}),
            },
          ],
        }),
      );
    } else if (url === '/files/error.csv') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('erreur interne fictive');
    } else if (url === '/files/slow.csv') {
      // never answers: the update must give up on its own
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('"id_fs",');
    } else if (FILES[url]) {
      res.writeHead(200, { 'content-type': FILES[url].type });
      res.end(FILES[url].body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  // idle connections stay open between tests (a build takes longer than the default 5 s keep-alive)
  server.keepAliveTimeout = 0;
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
  rmSync(tmp, { recursive: true, force: true });
});

/** A copy of data/sources/ where the France Services minimum allows five fictional rows. */
function sourcesDir(): string {
  const dir = join(tmp, 'sources');
  if (existsSync(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  const real = join(ROOT, 'data/sources');
  for (const f of readdirSync(real).filter((n) => n.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(real, f), 'utf8'));
    if (s.id === FS_SOURCE) s.expect.minRows = { default: 1 };
    writeFileSync(join(dir, f), JSON.stringify(s, null, 2));
  }
  return dir;
}

/**
 * A copy of the Nord's settings where every canton wants one France Services (a priority canton
 * too), so that one fictional site more or less changes a canton's status; no SDAASP seed.
 */
function departementsDir(): string {
  const dir = join(tmp, 'departements');
  if (existsSync(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  const nord = JSON.parse(readFileSync(join(ROOT, 'data/departements/59.json'), 'utf8'));
  nord.coverage.priorityTarget = 1;
  nord.seed = null;
  writeFileSync(join(dir, '59.json'), JSON.stringify(nord));
  return dir;
}

const RAW = () => join(tmp, 'raw');
const OUT = () => join(tmp, 'out');

function options(log: string[] = [], timeoutMs = 20_000): UpdateOptions {
  mkdirSync(RAW(), { recursive: true });
  return {
    dept: '59',
    rawFolders: [RAW(), OPENDATA],
    outDir: OUT(),
    versionsDir: join(tmp, 'versions'),
    sourcesDir: sourcesDir(),
    departementsDir: departementsDir(),
    fetch: false,
    log: (l) => log.push(l),
    apiBase: `${base}/api/1`,
    limits: { timeoutMs, maxBytes: 1024 * 1024 },
  };
}

async function rejection(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error('expected the update to fail');
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
const current = () => realpathSync(join(OUT(), '59'));
const manifestNow = () => parseBundleManifest(JSON.parse(readFileSync(join(OUT(), '59', 'manifest.json'), 'utf8')), 'manifest.json');
const downloads = () => readdirSync(join(RAW(), 'datagouv', FS_SOURCE)).sort();

describe('data --update against a local server that mimics the data.gouv.fr API', { timeout: 300_000 }, () => {
  it('first update: takes the latest CSV resource, checks its checksum, builds from it; nothing to compare yet', async () => {
    resource = { path: '/files/liste-fs-v1.csv', modified: '2026-01-15T10:00:00Z', checksum: sha1(FILES['/files/liste-fs-v1.csv'].body) };
    const result = await runDataUpdate(options());
    expect(result.changes).toBeNull();
    expect(result.sources).toEqual([
      {
        id: FS_SOURCE,
        dataset: DATASET,
        resource_title: 'liste des France Services',
        resource_url: `${base}/files/liste-fs-v1.csv`,
        last_modified: '2026-01-15T10:00:00.000Z',
        checksum: `sha1:${resource.checksum}`,
        bytes: FILES['/files/liste-fs-v1.csv'].body.length,
        rows: 5,
        file: `datagouv/${FS_SOURCE}/liste-fs-v1.csv`,
      },
    ]);
    expect(readFileSync(join(RAW(), 'datagouv', FS_SOURCE, 'liste-fs-v1.csv')).equals(FILES['/files/liste-fs-v1.csv'].body)).toBe(true);
    const m = manifestNow();
    expect(m.changes).toBeNull();
    const fs = m.layers['france-services'];
    expect(fs.features).toBe(5);
    expect(fs.sources[0]).toMatchObject({
      id: FS_SOURCE,
      vintage: '2026-01-15',
      files: [`datagouv/${FS_SOURCE}/liste-fs-v1.csv`],
      // the credit names the downloaded list's date, not the declared list's (1er août 2024)
      attribution: 'ANCT – liste des France Services au 15 janvier 2026',
    });
    expect(existsSync(join(OUT(), '59', 'changes.json'))).toBe(false);
  });

  it('the same list again: changes.json says nothing changed', async () => {
    resource = { path: '/files/liste-fs-v1.csv', modified: '2026-01-15T10:00:00Z' };
    const previousBuiltAt = manifestNow().built_at;
    const result = await runDataUpdate(options());
    expect(result.changes?.totals).toEqual({ added: 0, closed: 0, moved: 0, renamed: 0, statusChanged: 0 });
    expect(result.changes?.cantons).toEqual([]);
    const m = manifestNow();
    expect(m.changes).toEqual({ file: 'changes.json', previous_built_at: previousBuiltAt, updated_at: m.built_at });
    const written = parseBundleChanges(JSON.parse(readFileSync(join(OUT(), '59', 'changes.json'), 'utf8')), 'changes.json');
    expect(written.previousBuiltAt).toBe(previousBuiltAt);
    expect(written.sources[0].last_modified).toBe('2026-01-15T10:00:00.000Z');
  });

  it('a changed list: one added, one closed, one moved 500 m, one renamed, and the cantons whose status changed', async () => {
    resource = { path: '/files/liste-fs-v2.csv', modified: '2026-03-01T08:00:00Z' };
    const result = await runDataUpdate(options());
    const changes = result.changes!;
    expect(changes.totals).toEqual({ added: 1, closed: 1, moved: 1, renamed: 1, statusChanged: 2 });
    const all = (k: 'added' | 'closed' | 'moved' | 'renamed') =>
      changes.cantons.flatMap((c) => c[k].map((s) => ({ canton: c.cantonName, ...s })));
    expect(all('added')).toMatchObject([{ id: 'TEST-6', name: 'France services Inventé', communeName: 'Armentières' }]);
    expect(all('closed')).toMatchObject([{ id: 'TEST-4', name: 'France services Maquetteville' }]);
    expect(all('moved')).toHaveLength(1);
    expect(all('moved')[0].id).toBe('TEST-2');
    expect(Math.abs(all('moved')[0].movedM! - 500)).toBeLessThan(5);
    expect(all('renamed')).toMatchObject([
      { id: 'TEST-3', name: 'France services Exempleville-Nouvelle', previousName: 'France services Exempleville' },
    ]);
    // the canton that lost its only site now has a gap; the one that gained Armentières's meets the rule
    const statuses = changes.cantons.filter((c) => c.status).map((c) => [c.cantonName, c.status!.before, c.status!.after]);
    expect(statuses).toHaveLength(2);
    const closedCanton = changes.cantons.find((c) => c.closed.length)!;
    const addedCanton = changes.cantons.find((c) => c.added.length)!;
    expect(closedCanton.status).toMatchObject({ before: 'met', after: 'gap', franceServicesBefore: 1, franceServicesAfter: 0 });
    expect(addedCanton.status).toMatchObject({ before: 'gap', after: 'met', franceServicesBefore: 0, franceServicesAfter: 1 });
    // the earlier download is removed once the new bundle is built from the new one
    expect(downloads()).toEqual(['liste-fs-v2.csv']);
    expect(manifestNow().layers['france-services'].sources[0].vintage).toBe('2026-03-01');
  });

  it('a plain data build afterwards keeps building from the list the update took, and says so; without it, from the declared file', async () => {
    const log: string[] = [];
    const { apiBase: _a, limits: _l, ...plain } = options(log);
    void [_a, _l];
    await runData(plain);
    const fs = manifestNow().layers['france-services'];
    expect(fs.sources[0]).toMatchObject({
      vintage: '2026-03-01',
      files: [`datagouv/${FS_SOURCE}/liste-fs-v2.csv`],
      attribution: 'ANCT – liste des France Services au 1er mars 2026',
    });
    expect(fs.features).toBe(5);
    expect(log.some((l) => l.includes('built from the list taken by data --update'))).toBe(true);
    // the download gone: the declared file again (the Nord's 52 rows), said in the log
    const file = join(RAW(), 'datagouv', FS_SOURCE, 'liste-fs-v2.csv');
    renameSync(file, `${file}.away`);
    try {
      const again: string[] = [];
      await runData({ ...plain, log: (l) => again.push(l) });
      expect(manifestNow().layers['france-services'].sources[0].files).toEqual(['france-services-anct/liste-fs-20240801.csv']);
      expect(manifestNow().layers['france-services'].features).toBe(52);
      expect(again.some((l) => /no longer in the raw folders: built from the declared file/.test(l))).toBe(true);
    } finally {
      renameSync(`${file}.away`, file);
    }
  });

  /** Each failure: exit-2 error naming the source, the address and the reason; the bundle and the raw folder untouched. */
  async function failsCleanly(setup: () => void, url: () => string, reason: RegExp, timeoutMs?: number): Promise<CliError> {
    const before = current();
    const stored = downloads();
    setup();
    const error = await rejection(runDataUpdate(options([], timeoutMs)));
    expect(error.message).toContain(FS_SOURCE);
    expect(error.message).toContain(url());
    expect(error.message).toMatch(reason);
    expect(error.message).toContain('le bundle précédent est gardé');
    expect(current()).toBe(before);
    expect(downloads()).toEqual(stored);
    return error;
  }

  it('a renamed column: names the missing column, the new one and the header line', async () => {
    const error = await failsCleanly(
      () => (resource = { path: '/files/liste-fs-renamed.csv', modified: '2026-04-01T00:00:00Z' }),
      () => `${base}/files/liste-fs-renamed.csv`,
      /ligne 1 \(en-tête\) : colonne\(s\) attendue\(s\) absente\(s\) : « lib_fs » ; colonne\(s\) inattendue\(s\) : « nom_fs » \(colonne renommée \?\)/,
    );
    expect(error.fix).toContain(`data/sources/${FS_SOURCE}.json`);
  });

  it('an HTML error page served with status 200 (as text/html, or disguised as text/csv)', async () => {
    await failsCleanly(
      () => (resource = { path: '/files/maintenance.csv', modified: '2026-04-01T00:00:00Z' }),
      () => `${base}/files/maintenance.csv`,
      /page web \(HTML, type text\/html\)/,
    );
    await failsCleanly(
      () => (resource = { path: '/files/maintenance-as-csv.csv', modified: '2026-04-01T00:00:00Z' }),
      () => `${base}/files/maintenance-as-csv.csv`,
      /page web \(HTML, type text\/csv\)/,
    );
  });

  it('a resource answering 500, and a dataset API answering 500', async () => {
    await failsCleanly(
      () => (resource = { path: '/files/error.csv', modified: '2026-04-01T00:00:00Z' }),
      () => `${base}/files/error.csv`,
      /HTTP 500 Internal Server Error/,
    );
    try {
      await failsCleanly(
        () => (apiStatus = 500),
        () => `${base}/api/1/datasets/${DATASET}/`,
        /HTTP 500/,
      );
    } finally {
      apiStatus = 200;
    }
  });

  it('a resource that never finishes: gives up after the time limit', async () => {
    await failsCleanly(
      () => (resource = { path: '/files/slow.csv', modified: '2026-04-01T00:00:00Z' }),
      () => `${base}/files/slow.csv`,
      /pas de réponse complète en 0,3 s \(délai dépassé\)/,
      300,
    );
  });

  it('a download that does not match the checksum the API gives', async () => {
    await failsCleanly(
      () => (resource = { path: '/files/liste-fs-v1.csv', modified: '2026-04-01T00:00:00Z', checksum: 'ab'.repeat(20) }),
      () => `${base}/files/liste-fs-v1.csv`,
      /empreinte sha1 différente/,
    );
  });

  it('the compiled CLI: MAILLAGE_DATAGOUV_API points it at the server; a failure exits 2 with a French message', async () => {
    resource = { path: '/files/error.csv', modified: '2026-04-01T00:00:00Z' };
    const before = current();
    const args = [
      'data',
      '--dept',
      '59',
      '--update',
      '--out',
      OUT(),
      '--raw',
      RAW(),
      '--raw',
      OPENDATA,
      '--sources',
      sourcesDir(),
      '--departements',
      departementsDir(),
    ];
    const run = await runCliWithEnv(args, { MAILLAGE_DATAGOUV_API: `${base}/api/1` });
    expectCleanExit(run);
    expect(run.stderr).toContain(`mise à jour de la source ${FS_SOURCE} impossible : ${base}/files/error.csv : HTTP 500`);
    expect(current()).toBe(before);
  });
});

/** runCli with extra environment variables (the helper passes the test's own environment through). */
async function runCliWithEnv(args: string[], env: Record<string, string>) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await runCli(args);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
