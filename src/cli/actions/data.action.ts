import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { buildBundle, type Bundle } from '../../data/builders/build-bundle.ts';
import type { AdminReference, DepartementConfig, RawFile } from '../../data/builders/build-types.ts';
import { defaultDepartementConfig, departementExtent } from '../../data/builders/default-departement.ts';
import { describeDownloadedFile, validateSourceDescription, type SourceDescription } from '../../data/sources/source-description.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import { readRawFiles, type MissingFile } from '../io/raw-files.ts';
import { writeBundleIndex } from '../io/bundle-index-file.ts';
import { CliError } from '../cli-error.ts';
import type { BundleManifestFile } from '../../data/bundle/bundle-types.ts';
import { parseBundleManifest } from '../../data/bundle/parse-manifest.ts';
import { checkBuildCounts } from '../../data/gates/check-build-counts.ts';
import { checkRawFiles, type GateFailure } from '../../data/gates/check-raw-files.ts';
import { currentBundleDir, discardVersion, newVersionDir, publishVersion, withBuildLock } from '../io/bundle-store.ts';
import { carryRoads, previousRoads } from '../io/bundle-roads.ts';
import { nationalForBundle, writeBundleNational } from '../io/national-summary-store.ts';
import { forTerminal } from '../terminal-text.ts';
import { isDepartementCode } from '../../data/bundle/bundle-source.ts';
import { parseJsonText } from '../../data/parse/decode-text.ts';
import { SourceFileError } from '../../data/report.ts';
import { PlanSeedError, parsePlanSeed } from '../../data/plan/plan-seed.ts';
import { quoteForTerminal } from '../terminal-text.ts';
import { encodeLayerTopology } from '../../data/bundle/encode-layer-topology.ts';

export interface DataOptions {
  dept: string;
  rawFolders: string[];
  outDir: string;
  sourcesDir: string;
  departementsDir: string;
  fetch: boolean;
  /** Folder where fetched files are stored (the first raw folder by default). */
  fetchInto?: string;
  /** A person confirms that fewer rows than in the previous bundle is a real change (written in the manifest). */
  acceptDrop?: boolean;
  /**
   * Where the versions of each bundle are kept: default `<outDir>/.versions`; the CLI keeps those of
   * public/data in data/build/bundles, outside the folder Vite copies into the site. Never shared by two outDirs.
   */
  versionsDir?: string;
  /** How long to wait for another build of the same département (ms, default 10 minutes). */
  lockWaitMs?: number;
  log?: (line: string) => void;
  /** `data --update`: descriptions replacing those of `sourcesDir` with the same id, for this build (the resources just downloaded). */
  sourceOverrides?: readonly SourceDescription[];
  /** `data --update`: files added to the new bundle and manifest fields, given the folder of the bundle it replaces (run under the build lock, before publishing). */
  extend?: (built: { bundle: Bundle; manifest: BundleManifestFile; previousDir: string | null }) => Promise<BundleExtension>;
}

/** What `extend` adds to a bundle: files (name → text), written before the manifest, and manifest fields. */
export interface BundleExtension {
  files: Record<string, string>;
  manifest: Partial<BundleManifestFile>;
}

export function defaultDataOptions(cwd = process.cwd()): DataOptions {
  return {
    dept: '59',
    rawFolders: [resolve(cwd, 'data/raw'), resolve(cwd, '../shared/opendata')],
    outDir: resolve(cwd, 'public/data'),
    sourcesDir: resolve(cwd, 'data/sources'),
    departementsDir: resolve(cwd, 'data/departements'),
    fetch: false,
  };
}

export function loadDepartementConfig(dir: string, code: string): DepartementConfig {
  if (!isDepartementCode(code)) {
    throw new CliError(
      `${quoteForTerminal(code)} n’est pas un code de département`,
      'donnez un code INSEE de département, par exemple 59 ou 62',
    );
  }
  const file = join(dir, `${code}.json`);
  if (!existsSync(file)) {
    const known = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /^\w+\.json$/.test(f))
          .map((f) => f.replace('.json', ''))
      : [];
    throw new CliError(
      `département ${code} inconnu : ${file} est absent`,
      `ajoutez son fichier de configuration (voir data/departements/README.md) ; départements configurés : ${known.join(', ') || 'aucun'}`,
    );
  }
  let cfg: DepartementConfig;
  try {
    cfg = parseJsonText(readFileSync(file, 'utf8'), file) as DepartementConfig;
  } catch (e) {
    if (e instanceof SourceFileError) throw new CliError(e.message, 'corrigez la syntaxe JSON');
    throw e;
  }
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) throw new CliError(`${file} : un objet JSON est attendu`);
  if (cfg.code !== code) throw new CliError(`${file} : le champ « code » vaut ${quoteForTerminal(String(cfg.code))}, ${code} attendu`);
  for (const k of ['name', 'extent', 'coverage', 'priorityTerritories'] as const) {
    if (!Object.hasOwn(cfg, k) || cfg[k] === undefined) throw new CliError(`${file} : le champ « ${k} » manque`);
  }
  return cfg;
}

/**
 * The département's settings file when it has one; else its name from the reference package, the
 * default settings being made once its polygon file is found (`defaultConfig`). An unknown code is
 * an error that lists the départements.
 */
function configuredDepartement(dir: string, code: string, reference: AdminReference): { config: DepartementConfig | null; name: string } {
  if (!isDepartementCode(code) || existsSync(join(dir, `${code}.json`))) {
    const config = loadDepartementConfig(dir, code);
    return { config, name: config.name };
  }
  const known = reference.departements.find((d) => d.code === code);
  if (!known) {
    throw new CliError(
      `département ${code} inconnu : ni fichier ${join(dir, `${code}.json`)}, ni département ${code} dans @etalab/decoupage-administratif ${reference.version}`,
      `donnez un code de département existant (01 … 95, 2A, 2B, 971 …) ; départements connus : ${reference.departements.map((d) => d.code).join(', ')}`,
    );
  }
  return { config: null, name: known.nom };
}

/** The stated default settings of a département without its own file, its extent taken from its outline. */
function defaultConfig(
  code: string,
  reference: AdminReference,
  sources: SourceDescription[],
  files: Map<string, RawFile[]>,
): DepartementConfig {
  const desc = sources.find((s) => s.id === 'ign-departement-2018');
  const file = files.get('ign-departement-2018')?.[0];
  if (!desc || !file) throw new CliError(`pas de fichier de contour pour le département ${code} (source ign-departement-2018)`);
  try {
    const config = defaultDepartementConfig(code, reference, departementExtent(file, desc, code));
    if (!config) throw new CliError(`département ${code} inconnu de @etalab/decoupage-administratif ${reference.version}`);
    return config;
  } catch (e) {
    if (e instanceof SourceFileError) throw new CliError(e.message, e.fix);
    throw e;
  }
}

export function loadSources(dir: string): SourceDescription[] {
  if (!existsSync(dir)) throw new CliError(`dossier des descriptions de sources introuvable : ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const value = parseJsonText(readFileSync(file, 'utf8'), file);
      return validateSourceDescription(value, file);
    });
}

export function loadReference(): AdminReference {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@etalab/decoupage-administratif/package.json'));
  const read = (name: string) => JSON.parse(readFileSync(join(pkgDir, 'data', name), 'utf8'));
  return {
    version: JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version,
    communes: read('communes.json'),
    epci: read('epci.json'),
    arrondissements: read('arrondissements.json'),
    departements: read('departements.json'),
  };
}

export function departementSlug(name: string): string {
  return normalizeText(name).replace(/ /g, '-');
}

/** Downloads missing files from their declared URLs into `into`. Returns the files it could not get, with reasons. */
async function fetchMissing(missing: MissingFile[], into: string, slug: string, log: (l: string) => void): Promise<string[]> {
  const failures: string[] = [];
  for (const m of missing) {
    if (!m.url) {
      if (!m.optional) failures.push(`${m.pattern} : aucune adresse de téléchargement dans data/sources/${m.source}.json`);
      continue;
    }
    const target = join(into, m.pattern.replace('*', slug));
    try {
      const res = await fetch(m.url, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.length === 0) throw new Error('empty response');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(`${target}.part`, bytes);
      renameSync(`${target}.part`, target);
      log(`fetched ${m.url} → ${target} (${bytes.length} bytes)`);
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      failures.push(`${m.pattern} : le téléchargement depuis ${m.url} a échoué : ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
    }
  }
  return failures;
}

export interface DataResult {
  bundle: Bundle;
  outDir: string;
  elapsedMs: number;
  sizes: Record<string, number>;
}

/** What a recursion that ran out of stack looks like (V8: "Maximum call stack size exceeded"). */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** The gate failures as one CliError: every file and expectation, and the previous bundle kept. */
function gateError(dept: string, failures: GateFailure[]): CliError {
  const lines = failures.map(
    (f) => `  - ${f.file ?? `source ${f.source}`}${f.file ? ` (source ${f.source})` : ''}, attente « ${f.expectation} » : ${f.message}`,
  );
  const drop = failures.some((f) => f.expectation === 'maxDropPercent');
  return new CliError(
    `construction du département ${dept} arrêtée, ${failures.length} attente(s) non tenue(s) ; le bundle précédent est gardé :\n${lines.join('\n')}`,
    `vérifiez ces fichiers (copie tronquée ou vide ? mauvais fichier ?)${drop ? ' ; si la baisse est réelle, relancez avec --accept-drop (elle sera inscrite dans le manifeste)' : ''} ; les attentes sont dans data/sources/<source>.json, champ « expect »`,
  );
}

/** The manifest of the bundle being replaced, or null (none, or unreadable: then no drop can be measured, and the log says so). */
function previousManifest(outDir: string, dept: string, log: (l: string) => void): BundleManifestFile | null {
  const dir = currentBundleDir(outDir, dept);
  if (!dir || !existsSync(join(dir, 'manifest.json'))) return null;
  try {
    return parseBundleManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), join(dir, 'manifest.json'));
  } catch (e) {
    log(`note: the previous bundle's manifest cannot be read (${(e as Error).message.slice(0, 200)}): drops in rows are not checked`);
    return null;
  }
}

/** Builds the bundle from raw files already checked, turning a structure too deep for the builders into a located error. */
async function build(inputs: Parameters<typeof buildBundle>[0]): Promise<Bundle> {
  try {
    return await buildBundle(inputs);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    throw new CliError(
      'un fichier brut contient une structure imbriquée trop profondément pour être lue (des milliers de niveaux)',
      'vérifiez les fichiers ajoutés dans vos dossiers --raw : une copie intacte des fichiers officiels n’a pas cette forme',
    );
  }
}

/** File of the bundle that holds the département's SDAASP plan (the seed's JSON, checked). */
const PLAN_FILE = 'plan.json';

/**
 * The département's SDAASP seed (`seed` of its config, relative to the project folder that holds
 * data/departements), read and checked before the build so that a bad seed stops it with a
 * located error; null when the département has none. The bundle carries it as `plan.json`.
 */
function loadPlanSeed(departementsDir: string, dept: DepartementConfig): { seed: string; json: unknown } | null {
  if (dept.seed === null || dept.seed === undefined) return null;
  if (typeof dept.seed !== 'string')
    throw new CliError(`data/departements/${dept.code}.json : « seed » doit être un chemin de fichier ou null`);
  const file = resolve(departementsDir, '..', '..', dept.seed);
  if (!existsSync(file)) throw new CliError(`graine SDAASP introuvable : ${file} (champ « seed » de data/departements/${dept.code}.json)`);
  try {
    const json = parseJsonText(readFileSync(file, 'utf8'), file);
    parsePlanSeed(json, file);
    return { seed: dept.seed, json };
  } catch (e) {
    if (e instanceof PlanSeedError || e instanceof SourceFileError)
      throw new CliError(e.message, 'corrigez la graine (ses champs : docs/plan.md)');
    throw e;
  }
}

/** Writes every file of the bundle into `dir` and returns the layers' sizes in bytes. */
function writeBundle(
  dir: string,
  bundle: Bundle,
  manifest: BundleManifestFile,
  dept: string,
  plan: { json: unknown } | null,
): Record<string, number> {
  const sizes: Record<string, number> = {};
  if (plan) writeFileSync(join(dir, PLAN_FILE), JSON.stringify(plan.json));
  try {
    for (const layer of bundle.layers) {
      const text = JSON.stringify(layer.data);
      writeFileSync(join(dir, layer.manifest.file), text);
      sizes[layer.manifest.file] = Buffer.byteLength(text);
      // polygon layers: the lighter copy the app fetches (src/data/bundle/layer-topology.ts)
      const topology = layer.manifest.status === 'ok' ? encodeLayerTopology(layer.data) : null;
      if (topology) {
        const file = layer.manifest.file.replace(/\.geojson$/, '.topojson');
        writeFileSync(join(dir, file), JSON.stringify(topology));
        layer.manifest.topology = file;
        manifest.layers[layer.manifest.id].topology = file;
      }
    }
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    throw new CliError('une valeur d’un fichier brut est imbriquée trop profondément pour être écrite en JSON');
  }
  writeFileSync(join(dir, 'report.json'), JSON.stringify({ departement: dept, entries: bundle.report }, null, 1));
  // the manifest last: a version folder with a manifest is complete
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return sizes;
}

/**
 * The sources the current bundle was built from a `data --update` download (`datagouv/<source>/…` in its
 * manifest) whose file is still in a raw folder: a plain rebuild keeps building from it, with its date,
 * rather than going back to the declared (older) file. A download that is gone is said, and the declared
 * file is used.
 */
function keptDownloads(
  declared: readonly SourceDescription[],
  overrides: ReadonlyMap<string, SourceDescription>,
  options: DataOptions,
  log: (line: string) => void,
): SourceDescription[] {
  const updatable = declared.filter((s) => s.datagouv && !overrides.has(s.id));
  if (!updatable.length) return [];
  const previous = previousManifest(options.outDir, options.dept, () => {});
  if (!previous) return [];
  const used = Object.values(previous.layers).flatMap((l) => l.sources);
  const kept: SourceDescription[] = [];
  for (const desc of updatable) {
    const entry = used.find((u) => u.id === desc.id && u.files?.length === 1 && u.files[0].startsWith(`${UPDATE_DOWNLOADS}/`));
    if (!entry?.files) continue;
    const file = entry.files[0];
    if (options.rawFolders.some((folder) => existsSync(join(folder, file)))) {
      log(`source ${desc.id}: built from the list taken by data --update (${file}, ${entry.vintage}), as the bundle it replaces`);
      kept.push(describeDownloadedFile(desc, file, entry.vintage));
    } else {
      log(
        `note: source ${desc.id}: the bundle it replaces was built from ${file}, no longer in the raw folders: built from the declared file`,
      );
    }
  }
  return kept;
}

/** Folder of the raw folders where `data --update` keeps its downloads (`<raw>/datagouv/<source>/<file>`). */
export const UPDATE_DOWNLOADS = 'datagouv';

/**
 * `data --dept NN`: builds the bundle of a département and publishes it atomically to `<out>/<dept>`.
 * Gates stop the build with exit 2 and keep the previous bundle: raw files without their expected
 * columns or without any row, too few rows for the département, or a fall against the previous
 * bundle beyond `maxDropPercent` (unless `acceptDrop`; the accepted drops go into the manifest).
 */
export async function runData(options: DataOptions): Promise<DataResult> {
  const log = options.log ?? ((l: string) => process.stderr.write(`${forTerminal(l)}\n`));
  const started = performance.now();
  const reference = loadReference();
  const configured = configuredDepartement(options.departementsDir, options.dept, reference);
  const slug = departementSlug(configured.name);
  const overrides = new Map((options.sourceOverrides ?? []).map((s) => [s.id, s]));
  const declared = loadSources(options.sourcesDir);
  for (const kept of keptDownloads(declared, overrides, options, log)) overrides.set(kept.id, kept);
  const sources = declared.map((s) => overrides.get(s.id) ?? s);
  let found = readRawFiles(sources, options.rawFolders, { code: options.dept, slug });
  if (options.fetch && found.missing.length) {
    const failures = await fetchMissing(found.missing, options.fetchInto ?? options.rawFolders[0], slug, log);
    if (failures.length) {
      throw new CliError(
        `${failures.length} fichier(s) n’ont pas pu être téléchargés :\n  ${failures.join('\n  ')}`,
        'vérifiez le réseau, ou placez les fichiers à la main dans data/raw/ (même arborescence que ../shared/opendata)',
      );
    }
    found = readRawFiles(sources, options.rawFolders, { code: options.dept, slug });
  }
  const required = found.missing.filter((m) => !m.optional);
  if (required.length) {
    throw new CliError(
      `fichier(s) brut(s) manquant(s) pour le département ${options.dept} :\n  ${required.map((m) => `${m.pattern} (source ${m.source})`).join('\n  ')}\ncherchés dans : ${options.rawFolders.join(', ')}`,
      'placez-y les fichiers officiels (voir ../shared/opendata/SOURCES.md et data/sources/*.json), ou relancez avec --fetch pour les télécharger',
    );
  }
  const dept = configured.config ?? defaultConfig(options.dept, reference, sources, found.files);
  const rawFailures = checkRawFiles(sources, found.files, dept.code);
  const plan = loadPlanSeed(options.departementsDir, dept);
  if (rawFailures.length) throw gateError(dept.code, rawFailures);
  const versionsDir = options.versionsDir ?? join(options.outDir, '.versions');
  const lockLog = (l: string) => log(l);
  return withBuildLock(versionsDir, dept.code, { waitMs: options.lockWaitMs ?? 600_000, log: lockLog }, async () => {
    const previous = previousManifest(options.outDir, dept.code, log);
    // the road graph of the bundle being replaced is kept (docs/drive-time.md): the zones are drawn again on it
    const roads = await previousRoads(options.outDir, dept.code, previous, log);
    const bundle = await build({
      roads: roads ? { graph: roads.roads.graph, info: roads.roads.info, manifest: roads.roads.manifest } : null,
      dept,
      deptSlug: slug,
      sources: new Map(sources.map((s) => [s.id, s])),
      files: found.files,
      reference,
    });
    const counts = checkBuildCounts(bundle.manifest, previous, sources, dept.code, options.acceptDrop === true);
    if (counts.failures.length) throw gateError(dept.code, counts.failures);
    const builtAt = new Date().toISOString();
    const manifest: BundleManifestFile = {
      ...bundle.manifest,
      built_at: builtAt,
      raw_folders: options.rawFolders.map((f) => resolve(f)),
      plan: plan ? { file: PLAN_FILE, seed: plan.seed } : null,
      ...(counts.acceptedDrops.length
        ? { accepted_drops: { accepted_at: builtAt, previous_built_at: previous?.built_at ?? null, drops: counts.acceptedDrops } }
        : {}),
    };
    for (const d of counts.acceptedDrops) {
      log(`accepted drop: ${d.layer} ← ${d.source}: ${d.previous} → ${d.now} rows (−${d.drop_percent} %), written in the manifest`);
    }
    const extension = options.extend
      ? await options.extend({ bundle, manifest, previousDir: currentBundleDir(options.outDir, dept.code) })
      : null;
    if (extension) Object.assign(manifest, extension.manifest);
    const versionDir = newVersionDir(versionsDir, dept.code);
    let sizes: Record<string, number>;
    try {
      if (roads) {
        manifest.roads = carryRoads(roads, versionDir, previous?.built_at ?? null);
        log(
          `kept the road graph built from ${roads.roads.entry.source.file} on ${roads.roads.entry.built_at} (drive-time zones drawn again)`,
        );
      }
      for (const [name, text] of Object.entries(extension?.files ?? {})) writeFileSync(join(versionDir, name), text);
      manifest.national = writeBundleNational(versionDir, nationalForBundle(options.sourcesDir, dept.code, bundle, sources, log));
      sizes = writeBundle(versionDir, bundle, manifest, dept.code, plan);
      publishVersion(options.outDir, versionsDir, dept.code, versionDir);
    } catch (e) {
      discardVersion(versionDir);
      throw e;
    }
    // the list of built départements the app offers (public/data/index.json)
    writeBundleIndex(options.outDir, log);
    return { bundle, outDir: join(options.outDir, dept.code), elapsedMs: performance.now() - started, sizes };
  });
}

/** True when a usable bundle exists for the département. */
export function hasBundle(outDir: string, dept: string): boolean {
  const m = join(outDir, dept, 'manifest.json');
  if (!existsSync(m) || statSync(m).size === 0) return false;
  try {
    const manifest = JSON.parse(readFileSync(m, 'utf8'));
    return manifest.format === 'maillage-bundle' && manifest.version === 1;
  } catch {
    return false;
  }
}
