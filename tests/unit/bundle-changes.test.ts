/**
 * The update report in the bundle (manifest `changes`, `changes.json` checked on read), the store's
 * changes slice (fetched once, only when the manifest names a report), the CLI's French summary, and
 * the reading of the data.gouv.fr dataset API. Fictional manifests, sites and resources.
 */
import { describe, expect, it } from 'vitest';
import { updateSummary } from '../../src/cli/actions/data-update-summary.ts';
import { diffNetworks, type NetworkSnapshot } from '../../src/core/changes/network-changes.ts';
import { parseBundleChanges, readBundleChanges, type BundleChangesFile } from '../../src/data/bundle/bundle-changes.ts';
import { BundleError } from '../../src/data/bundle/bundle-error.ts';
import type { BundleSource } from '../../src/data/bundle/bundle-source.ts';
import type { BundleManifestFile } from '../../src/data/bundle/bundle-types.ts';
import { parseBundleManifest } from '../../src/data/bundle/parse-manifest.ts';
import { checkDownload, looksLikeHtml } from '../../src/data/update/check-download.ts';
import { latestResource, parseDatagouvDataset, resourceFileName } from '../../src/data/update/datagouv-dataset.ts';
import { validateSourceDescription, type SourceDescription } from '../../src/data/sources/source-description.ts';
import { createAppStore } from '../../src/state/store.ts';
import { fictionalManifest } from './helpers/fictional-manifest.ts';

const MANIFEST = fictionalManifest({ code: '99', name: 'Département fictif', extent: [0, 0, 1, 1] }, {}) as unknown as BundleManifestFile;

const before: NetworkSnapshot = {
  builtAt: '2026-01-10T09:00:00.000Z',
  sites: [
    { id: 'X1', name: 'France services Fictiveville', lngLat: [1, 45], cantonCode: '9901', communeName: 'Fictiveville' },
    { id: 'X2', name: 'France services Imaginaire', lngLat: [1.2, 45], cantonCode: '9902', communeName: 'Imaginaire' },
  ],
  cantons: [
    { code: '9901', name: 'Canton-Fictif-1', status: 'met', franceServices: 1, target: 1 },
    { code: '9902', name: 'Canton-Fictif-2', status: 'met', franceServices: 1, target: 1 },
  ],
};
const after: NetworkSnapshot = {
  builtAt: '2026-02-10T09:00:00.000Z',
  sites: [{ id: 'X1', name: 'France services Fictiveville-Centre', lngLat: [1, 45], cantonCode: '9901', communeName: 'Fictiveville' }],
  cantons: [
    { code: '9901', name: 'Canton-Fictif-1', status: 'met', franceServices: 1, target: 1 },
    { code: '9902', name: 'Canton-Fictif-2', status: 'gap', franceServices: 0, target: 1 },
  ],
};
const SOURCE = {
  id: 'fictif-fs',
  dataset: 'jeu-fictif',
  resource_title: 'liste fictive',
  resource_url: 'http://127.0.0.1/fictif.csv',
  last_modified: '2026-02-01T00:00:00.000Z',
  checksum: null,
  bytes: 1234,
  rows: 1,
  file: 'datagouv/fictif-fs/fictif.csv',
};
const REPORT: BundleChangesFile = {
  format: 'maillage-changes',
  version: 1,
  departement: '99',
  layer: 'france-services',
  sources: [SOURCE],
  ...diffNetworks(before, after),
};

function source(files: Record<string, unknown>): BundleSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readJson(dept, file) {
      reads.push(`${dept}/${file}`);
      if (!(file in files)) throw new BundleError('missing', file, `absent : ${file}`);
      return structuredClone(files[file]);
    },
    async readBytes() {
      throw new Error('not used');
    },
    locate: (dept, file) => `mem://${dept}/${file}`,
  };
}

describe('changes.json in the bundle contract', () => {
  it('checks the manifest entry', () => {
    expect(parseBundleManifest({ ...MANIFEST, changes: null }, 'm.json').changes).toBeNull();
    const entry = { file: 'changes.json', previous_built_at: '2026-01-10T09:00:00.000Z', updated_at: '2026-02-10T09:00:00.000Z' };
    expect(parseBundleManifest({ ...MANIFEST, changes: entry }, 'm.json').changes).toEqual(entry);
    expect(() => parseBundleManifest({ ...MANIFEST, changes: { ...entry, file: '../x.json' } }, 'm.json')).toThrow(/changes\.file/);
    expect(() => parseBundleManifest({ ...MANIFEST, changes: { ...entry, updated_at: 3 } }, 'm.json')).toThrow(/changes\.updated_at/);
  });

  it('reads the report through its check: null without an entry, located errors for a bad file', async () => {
    const src = source({ 'changes.json': REPORT, 'bad.json': { ...REPORT, cantons: [{ ...REPORT.cantons[0], added: 'x' }] } });
    expect(await readBundleChanges(src, '99', {})).toBeNull();
    expect(src.reads).toEqual([]);
    const read = await readBundleChanges(src, '99', { changes: { file: 'changes.json', previous_built_at: null, updated_at: 'x' } });
    expect(read).toEqual(REPORT);
    await expect(readBundleChanges(src, '99', { changes: { file: 'bad.json', previous_built_at: null, updated_at: 'x' } })).rejects.toThrow(
      /mem:\/\/99\/bad\.json.*cantons\[0\]\.added/,
    );
    expect(() => parseBundleChanges({ ...REPORT, totals: { added: -1 } }, 'c.json')).toThrow(/totals/);
    expect(() => parseBundleChanges({ ...REPORT, format: 'autre' }, 'c.json')).toThrow(/format/);
  });
});

describe('changes slice', () => {
  function makeStore(changes: BundleManifestFile['changes'], loader?: (dept: string) => Promise<BundleChangesFile | null>) {
    const calls: string[] = [];
    const store = createAppStore({
      loader: {
        fetchManifest: async () => ({ ...MANIFEST, ...(changes !== undefined ? { changes } : {}) }),
        fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }),
      },
      changes: loader
        ? async (dept) => {
            calls.push(dept);
            return loader(dept);
          }
        : undefined,
    });
    return { store, calls };
  }

  it('fetches the report once, only when the manifest names one', async () => {
    const { store, calls } = makeStore({ file: 'changes.json', previous_built_at: null, updated_at: 'x' }, async () => REPORT);
    await store.getState().loadBundle('99');
    expect(store.getState().changesStatus).toBe('idle');
    await Promise.all([store.getState().loadChanges(), store.getState().loadChanges()]);
    await store.getState().loadChanges();
    expect(calls).toEqual(['99']);
    expect(store.getState().changes?.totals).toEqual({ added: 0, closed: 1, moved: 0, renamed: 1, statusChanged: 1 });

    const none = makeStore(undefined, async () => REPORT);
    await none.store.getState().loadBundle('99');
    await none.store.getState().loadChanges();
    expect(none.calls).toEqual([]);
    expect(none.store.getState()).toMatchObject({ changesStatus: 'loaded', changes: null });
  });

  it('says why a report could not be read', async () => {
    const { store } = makeStore({ file: 'changes.json', previous_built_at: null, updated_at: 'x' }, async () => {
      throw new Error('rapport illisible (fictif)');
    });
    await store.getState().loadBundle('99');
    await store.getState().loadChanges();
    expect(store.getState()).toMatchObject({ changesStatus: 'error', changesError: 'rapport illisible (fictif)' });
  });
});

describe('the French summary of data --update', () => {
  it('gives the resource, the totals and each canton’s changes', () => {
    const text = updateSummary([SOURCE], REPORT);
    expect(text).toContain('fictif-fs : « liste fictive », modifiée le 01/02/2026, 1\u202f234 octets, 1 ligne');
    expect(text).toContain('Nouveautés depuis la mise à jour du 10/01/2026 :');
    expect(text).toContain('0 ouverture, 1 fermeture, 0 déplacement (plus de 100 m), 1 changement de nom ; 1 canton change de statut');
    expect(text).toContain('Canton-Fictif-1 (9901) : renommé « France services Fictiveville » → « France services Fictiveville-Centre »');
    expect(text).toContain('Canton-Fictif-2 (9902) : − France services Imaginaire (Imaginaire) ; statut : règle tenue → écart');
    expect(updateSummary([SOURCE], { ...REPORT, ...diffNetworks(before, before) })).toContain('aucun changement');
    expect(updateSummary([SOURCE], null)).toContain('premier bundle');
  });
});

describe('the data.gouv.fr dataset answer and the downloaded file', () => {
  const answer = {
    id: 'd1',
    title: 'Jeu fictif',
    resources: [
      { title: 'ancienne', format: 'csv', url: 'https://example.invalid/a.csv', last_modified: '2025-01-01T00:00:00' },
      { title: 'récente', format: 'CSV', url: 'https://example.invalid/dir/Liste%20FS%202026.csv', last_modified: '2026-01-01T00:00:00Z' },
      { title: 'doc', format: 'pdf', url: 'https://example.invalid/doc.pdf', last_modified: '2027-01-01T00:00:00Z' },
      { title: 'sans adresse', format: 'csv', last_modified: '2028-01-01T00:00:00Z' },
      { title: 'locale', format: 'csv', url: 'file:///etc/passwd', last_modified: '2028-01-01T00:00:00Z' },
    ],
  };

  it('takes the latest resource of the format, skipping those without an http(s) address, and names the file safely', () => {
    const dataset = parseDatagouvDataset(answer);
    expect(dataset.skipped).toEqual([
      '« sans adresse » : adresse (url) absente ou non http(s)',
      '« locale » : adresse (url) absente ou non http(s)',
    ]);
    const latest = latestResource(dataset, { dataset: 'd1', resourceFormat: 'csv' })!;
    expect(latest.title).toBe('récente');
    expect(latestResource(dataset, { dataset: 'd1', resourceFormat: 'csv', titleContains: 'ANCIENNE' })!.title).toBe('ancienne');
    expect(latestResource(dataset, { dataset: 'd1', resourceFormat: 'xlsx' })).toBeNull();
    expect(resourceFileName(latest, 'fictif', 'csv')).toBe('Liste-FS-2026.csv');
    expect(resourceFileName({ ...latest, url: 'https://example.invalid/' }, 'fictif', 'csv')).toBe('fictif.csv');
    expect(() => parseDatagouvDataset({ data: [] })).toThrow(/resources/);
  });

  it('validates the datagouv field of a source description', () => {
    const desc = {
      id: 'fictif',
      title: 't',
      producer: 'p',
      licence: 'l',
      attribution: 'a',
      vintage: '2024',
      format: 'csv',
      delimiter: ',',
      files: ['f/x.csv'],
      expect: { columns: ['nom'], minRows: { default: 1 }, maxDropPercent: 20 },
    };
    expect(
      validateSourceDescription({ ...desc, datagouv: { dataset: 'jeu-fictif', resourceFormat: 'csv' } }, 's.json').datagouv?.dataset,
    ).toBe('jeu-fictif');
    expect(() => validateSourceDescription({ ...desc, datagouv: { dataset: '../x', resourceFormat: 'csv' } }, 's.json')).toThrow(
      /datagouv\.dataset/,
    );
    expect(() => validateSourceDescription({ ...desc, datagouv: { dataset: 'x', resourceFormat: 'csv', page: 1 } }, 's.json')).toThrow(
      /datagouv\.page/,
    );
    expect(() =>
      validateSourceDescription({ ...desc, files: ['a.csv', 'b.csv'], datagouv: { dataset: 'x', resourceFormat: 'csv' } }, 's.json'),
    ).toThrow(/un seul fichier/);
  });

  it('refuses an HTML page, an empty file, an unreadable or header-only file', () => {
    const desc = {
      id: 'fictif',
      format: 'csv',
      delimiter: ',',
      encoding: 'utf-8',
      files: ['x.csv'],
      expect: { columns: ['nom'], minRows: { default: 1 }, maxDropPercent: 20 },
    } as unknown as SourceDescription;
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(looksLikeHtml(bytes('\uFEFF  \n<!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml(bytes('<HTML lang="fr">'))).toBe(true);
    expect(looksLikeHtml(bytes('"nom"\n"<html>"'))).toBe(false);
    expect(checkDownload(bytes('"nom"\n"Fictif"\n'), 'text/csv', desc, 'x')).toEqual({ rows: 1 });
    expect(() => checkDownload(bytes(''), 'text/csv', desc, 'x')).toThrow(/réponse vide/);
    expect(() => checkDownload(bytes('"nom"\n'), 'text/csv', desc, 'x')).toThrow(/aucune ligne/);
    expect(() => checkDownload(bytes('"name"\n"Fictif"\n'), 'text/csv', desc, 'x')).toThrow(/« nom ».*« name » \(colonne renommée \?\)/);
    expect(() => checkDownload(bytes('<html></html>'), null, desc, 'x')).toThrow(/page web \(HTML\)/);
  });
});
