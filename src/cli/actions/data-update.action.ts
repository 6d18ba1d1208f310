import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffNetworks, NetworkChangesError, type NetworkChanges } from '../../core/changes/network-changes.ts';
import type { BundleChangesFile, UpdatedSource } from '../../data/bundle/bundle-changes.ts';
import type { BundleManifestFile } from '../../data/bundle/bundle-types.ts';
import { COVERAGE_OPTIONAL_LAYERS, COVERAGE_REQUIRED_LAYERS, type CoverageLayerData } from '../../data/coverage/coverage-input.ts';
import { describeDownloadedFile, type SourceDescription } from '../../data/sources/source-description.ts';
import { checkDownload, DownloadCheckError } from '../../data/update/check-download.ts';
import {
  DatagouvAnswerError,
  latestResource,
  parseDatagouvDataset,
  resourceFileName,
  type DatagouvResource,
} from '../../data/update/datagouv-dataset.ts';
import { CHANGES_LAYER, networkSnapshot, SnapshotError } from '../../data/update/network-snapshot.ts';
import { CliError } from '../cli-error.ts';
import { download, DownloadError, type DownloadLimits } from '../io/http-download.ts';
import { say } from '../io/output.ts';
import { forTerminal } from '../terminal-text.ts';
import { updateSummary } from './data-update-summary.ts';
import { readCoverageBundle } from './coverage.action.ts';
import { loadSources, runData, UPDATE_DOWNLOADS, type BundleExtension, type DataOptions, type DataResult } from './data.action.ts';

/**
 * `data --dept NN --update` (docs/update.md): for each source whose description names a
 * data.gouv.fr dataset (`datagouv`), asks the dataset API for its latest resource, downloads it
 * (bounded in size and time), checks it against the description, stores it in the raw folder,
 * rebuilds the bundle from it and writes `changes.json` (what changed against the bundle replaced).
 * Any failure stops before the new bundle is published: the previous one stays in place.
 */

/** The API's address, unless MAILLAGE_DATAGOUV_API says otherwise (tests point it at a local server). */
export const DATAGOUV_API = 'https://www.data.gouv.fr/api/1';
export const CHANGES_FILE = 'changes.json';
/** Folder of the raw folder where downloaded resources are kept, one sub-folder per source. */
export const UPDATE_FOLDER = UPDATE_DOWNLOADS;

export interface UpdateOptions extends DataOptions {
  apiBase: string;
  limits: DownloadLimits;
}

export interface UpdateResult {
  data: DataResult;
  sources: UpdatedSource[];
  /** Null on a first build (no previous bundle to compare with). */
  changes: BundleChangesFile | null;
}

export function updateOptionsFrom(options: DataOptions, env: NodeJS.ProcessEnv = process.env): UpdateOptions {
  const apiBase = (env.MAILLAGE_DATAGOUV_API ?? DATAGOUV_API).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiBase)) {
    throw new CliError(`MAILLAGE_DATAGOUV_API doit être une adresse http(s), pas ${JSON.stringify(apiBase)}`);
  }
  return { ...options, apiBase, limits: { timeoutMs: 60_000, maxBytes: 50 * 1024 * 1024 } };
}

/** One resource fetched and checked, not yet stored. */
interface Fetched {
  desc: SourceDescription;
  resource: DatagouvResource;
  bytes: Uint8Array;
  rows: number;
  name: string;
}

function failure(desc: SourceDescription, url: string, reason: string): CliError {
  return new CliError(
    `mise à jour de la source ${desc.id} impossible : ${url} : ${reason}\nle bundle précédent est gardé, rien n’a été reconstruit`,
    'réessayez plus tard ; si le format a changé, mettez à jour data/sources/' + `${desc.id}.json (docs/update.md)`,
  );
}

function verifyChecksum(bytes: Uint8Array, resource: DatagouvResource): string | null {
  if (!resource.checksum) return null;
  const actual = createHash(resource.checksum.type).update(bytes).digest('hex');
  if (actual !== resource.checksum.value) {
    throw new DownloadCheckError(
      `empreinte ${resource.checksum.type} différente de celle annoncée par l’API (${actual.slice(0, 12)}… au lieu de ${resource.checksum.value.slice(0, 12)}…) : téléchargement incomplet ou fichier remplacé entre-temps`,
    );
  }
  return `${resource.checksum.type}:${actual}`;
}

/** Asks the API for the source's dataset, downloads its latest resource and checks it. */
async function fetchLatest(desc: SourceDescription, options: UpdateOptions): Promise<Fetched & { checksum: string | null }> {
  const spec = desc.datagouv!;
  const apiUrl = `${options.apiBase}/datasets/${encodeURIComponent(spec.dataset)}/`;
  let resource: DatagouvResource | null;
  try {
    const answer = await download(apiUrl, options.limits, 'application/json');
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8').decode(answer.bytes));
    } catch {
      throw new DatagouvAnswerError(
        `la réponse n’est pas du JSON${answer.contentType ? ` (type ${answer.contentType.split(';')[0]})` : ''}`,
      );
    }
    const dataset = parseDatagouvDataset(json);
    resource = latestResource(dataset, spec);
    if (!resource) {
      const skipped = dataset.skipped.length ? ` ; écartées : ${dataset.skipped.slice(0, 3).join(' ; ')}` : '';
      throw new DatagouvAnswerError(
        `aucune ressource au format ${spec.resourceFormat}${spec.titleContains ? ` dont le titre contient « ${spec.titleContains} »` : ''} parmi ${dataset.resources.length} ressource(s)${skipped}`,
      );
    }
  } catch (e) {
    if (e instanceof DownloadError) throw failure(desc, e.url, e.reason);
    if (e instanceof DatagouvAnswerError) throw failure(desc, apiUrl, e.message);
    throw e;
  }
  try {
    const got = await download(resource.url, options.limits);
    const name = resourceFileName(resource, desc.id, desc.format);
    const { rows } = checkDownload(got.bytes, got.contentType, desc, `${resource.url} (ressource « ${resource.title} »)`);
    const checksum = verifyChecksum(got.bytes, resource);
    return { desc, resource, bytes: got.bytes, rows, name, checksum };
  } catch (e) {
    if (e instanceof DownloadError) throw failure(desc, e.url, e.reason);
    if (e instanceof DownloadCheckError) throw failure(desc, resource.url, e.reason);
    throw e;
  }
}

/** The source's description for this build: the downloaded file, its date as the vintage, its address. */
function updatedDescription(desc: SourceDescription, file: string, resource: DatagouvResource): SourceDescription {
  return describeDownloadedFile(desc, file, resource.lastModified.slice(0, 10), resource.url);
}

/** Stores the checked file in `<raw>/datagouv/<source>/`, through a temporary name. */
function store(into: string, fetched: Fetched): string {
  const rel = `${UPDATE_FOLDER}/${fetched.desc.id}/${fetched.name}`;
  const target = join(into, rel);
  mkdirSync(join(into, UPDATE_FOLDER, fetched.desc.id), { recursive: true });
  writeFileSync(`${target}.part`, fetched.bytes);
  renameSync(`${target}.part`, target);
  return rel;
}

/** Removes the source's earlier downloads once a bundle is built from the new one. */
function pruneDownloads(into: string, sourceId: string, keep: string): void {
  const dir = join(into, UPDATE_FOLDER, sourceId);
  for (const name of readdirSync(dir)) if (name !== keep) rmSync(join(dir, name), { force: true });
}

function layersOf(built: { layers: { manifest: { id: string }; data: unknown }[] }): Record<string, CoverageLayerData> {
  const wanted = new Set([...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS]);
  const out: Record<string, CoverageLayerData> = {};
  for (const l of built.layers) if (wanted.has(l.manifest.id)) out[l.manifest.id] = l.data as CoverageLayerData;
  return out;
}

/** The `extend` hook of the build: compares the new bundle with the one it replaces and adds `changes.json`. */
function changesExtension(options: UpdateOptions, sources: UpdatedSource[], keep: { changes: BundleChangesFile | null }) {
  const log = options.log ?? ((l: string) => process.stderr.write(`${forTerminal(l)}\n`));
  return async ({ bundle, manifest, previousDir }: Parameters<NonNullable<DataOptions['extend']>>[0]): Promise<BundleExtension> => {
    if (!previousDir) {
      log('note: no previous bundle: nothing to compare, no changes.json');
      return { files: {}, manifest: { changes: null } };
    }
    let changes: NetworkChanges;
    try {
      const previous = await readCoverageBundle(options.outDir, manifest.departement.code);
      const before = networkSnapshot(
        previous.manifest,
        previous.layers,
        (previous.manifest as BundleManifestFile).built_at ?? null,
        previousDir,
      );
      const after = networkSnapshot(bundle.manifest, layersOf(bundle), manifest.built_at ?? null, 'nouveau bundle');
      changes = diffNetworks(before, after);
    } catch (e) {
      if (!(e instanceof CliError || e instanceof SnapshotError || e instanceof NetworkChangesError)) throw e;
      throw new CliError(
        `le bundle précédent (${previousDir}) ne peut pas être comparé au nouveau : ${e.message}\nle bundle précédent est gardé`,
        'reconstruisez-le d’abord avec `npm run -s cli -- data`, puis relancez --update',
      );
    }
    const file: BundleChangesFile = {
      format: 'maillage-changes',
      version: 1,
      departement: manifest.departement.code,
      layer: CHANGES_LAYER,
      sources,
      ...changes,
    };
    keep.changes = file;
    return {
      files: { [CHANGES_FILE]: JSON.stringify(file, null, 1) },
      manifest: {
        changes: {
          file: CHANGES_FILE,
          previous_built_at: changes.previousBuiltAt,
          updated_at: manifest.built_at ?? new Date().toISOString(),
        },
      },
    };
  };
}

/** Runs the update (see the file comment). Throws a CliError (exit 2) naming the source, the address and the reason. */
export async function runDataUpdate(options: UpdateOptions): Promise<UpdateResult> {
  const targets = loadSources(options.sourcesDir).filter((s) => s.datagouv);
  if (!targets.length)
    throw new CliError(`aucune source de ${options.sourcesDir} ne nomme de jeu de données data.gouv.fr (champ « datagouv »)`);
  // every source is fetched and checked before anything is stored or built
  const fetched: (Fetched & { checksum: string | null })[] = [];
  for (const desc of targets) fetched.push(await fetchLatest(desc, options));
  const into = options.fetchInto ?? options.rawFolders[0];
  const sources: UpdatedSource[] = [];
  const overrides: SourceDescription[] = [];
  for (const f of fetched) {
    const rel = store(into, f);
    overrides.push(updatedDescription(f.desc, rel, f.resource));
    sources.push({
      id: f.desc.id,
      dataset: f.desc.datagouv!.dataset,
      resource_title: f.resource.title,
      resource_url: f.resource.url,
      last_modified: f.resource.lastModified,
      checksum: f.checksum,
      bytes: f.bytes.length,
      rows: f.rows,
      file: rel,
    });
  }
  const keep: { changes: BundleChangesFile | null } = { changes: null };
  const data = await runData({
    ...options,
    rawFolders: [into, ...options.rawFolders.filter((r) => r !== into)],
    sourceOverrides: overrides,
    extend: changesExtension(options, sources, keep),
  });
  for (const f of fetched) pruneDownloads(into, f.desc.id, f.name);
  return { data, sources, changes: keep.changes };
}

/** `data --update` from the command line: runs it and prints the French summary; exit 0. */
export async function runUpdateCommand(options: DataOptions): Promise<number> {
  const result = await runDataUpdate(updateOptionsFrom(options));
  const m = result.data.bundle.manifest;
  say(
    `${updateSummary(result.sources, result.changes)}\nconstruit : ${m.departement.name} (${m.departement.code}) en ${(result.data.elapsedMs / 1000).toFixed(1)} s → ${result.data.outDir}`,
  );
  return 0;
}
