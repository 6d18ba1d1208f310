import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { buildBundle, type Bundle } from '../../data/builders/build-bundle.ts';
import type { AdminReference, DepartementConfig } from '../../data/builders/build-types.ts';
import { validateSourceDescription, type SourceDescription } from '../../data/sources/source-description.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import { readRawFiles, type MissingFile } from '../io/raw-files.ts';
import { CliError } from '../cli-error.ts';

export interface DataOptions {
  dept: string;
  rawFolders: string[];
  outDir: string;
  sourcesDir: string;
  departementsDir: string;
  fetch: boolean;
  /** Folder where fetched files are stored (the first raw folder by default). */
  fetchInto?: string;
  log?: (line: string) => void;
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
  if (!/^(\d{2,3}|2[AB])$/.test(code))
    throw new CliError(`invalid département code "${code}"`, 'give an INSEE département code such as 59 or 62');
  const file = join(dir, `${code}.json`);
  if (!existsSync(file)) {
    const known = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => /^\w+\.json$/.test(f))
          .map((f) => f.replace('.json', ''))
      : [];
    throw new CliError(
      `unknown département "${code}": no ${file}`,
      `add a configuration file for it (see data/departements/README.md); configured: ${known.join(', ') || 'none'}`,
    );
  }
  let cfg: DepartementConfig;
  try {
    cfg = JSON.parse(readFileSync(file, 'utf8')) as DepartementConfig;
  } catch (e) {
    throw new CliError(`${file}: malformed JSON: ${(e as Error).message}`, 'fix the JSON syntax');
  }
  if (cfg.code !== code) throw new CliError(`${file}: field "code" is "${cfg.code}", expected "${code}"`);
  for (const k of ['name', 'extent', 'coverage', 'priorityTerritories'] as const) {
    if (cfg[k] === undefined) throw new CliError(`${file}: field "${k}" is missing`);
  }
  return cfg;
}

export function loadSources(dir: string): SourceDescription[] {
  if (!existsSync(dir)) throw new CliError(`source mappings folder not found: ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new CliError(`${file}: malformed JSON: ${(e as Error).message}`);
      }
      try {
        return validateSourceDescription(value, file);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
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
      if (!m.optional) failures.push(`${m.pattern}: no download URL declared in data/sources/${m.source}.json`);
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
      failures.push(`${m.pattern}: download from ${m.url} failed: ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
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

/** `data --dept NN`: builds the bundle and writes it atomically to `<out>/<dept>/`. */
export async function runData(options: DataOptions): Promise<DataResult> {
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const started = performance.now();
  const dept = loadDepartementConfig(options.departementsDir, options.dept);
  const slug = departementSlug(dept.name);
  const sources = loadSources(options.sourcesDir);
  let found = readRawFiles(sources, options.rawFolders, { code: dept.code, slug });
  if (options.fetch && found.missing.length) {
    const failures = await fetchMissing(found.missing, options.fetchInto ?? options.rawFolders[0], slug, log);
    if (failures.length) {
      throw new CliError(
        `could not download ${failures.length} file(s):\n  ${failures.join('\n  ')}`,
        'check the network, or place the files by hand in data/raw/ (same layout as ../shared/opendata)',
      );
    }
    found = readRawFiles(sources, options.rawFolders, { code: dept.code, slug });
  }
  const required = found.missing.filter((m) => !m.optional);
  if (required.length) {
    throw new CliError(
      `missing raw file(s) for département ${dept.code}:\n  ${required.map((m) => `${m.pattern} (source ${m.source})`).join('\n  ')}\nsearched in: ${options.rawFolders.join(', ')}`,
      'put the official files there (see ../shared/opendata/SOURCES.md and data/sources/*.json), or run again with --fetch to download them',
    );
  }
  const bundle = await buildBundle({
    dept,
    deptSlug: slug,
    sources: new Map(sources.map((s) => [s.id, s])),
    files: found.files,
    reference: loadReference(),
  });
  // write to a temporary folder, then swap it in: never a half-written bundle
  mkdirSync(options.outDir, { recursive: true });
  const finalDir = join(options.outDir, dept.code);
  const tmpDir = join(options.outDir, `.tmp-${dept.code}-${process.pid}-${Date.now()}`);
  mkdirSync(tmpDir);
  const sizes: Record<string, number> = {};
  try {
    for (const layer of bundle.layers) {
      const text = JSON.stringify(layer.data);
      writeFileSync(join(tmpDir, layer.manifest.file), text);
      sizes[layer.manifest.file] = Buffer.byteLength(text);
    }
    const manifest = { ...bundle.manifest, built_at: new Date().toISOString(), raw_folders: options.rawFolders.map((f) => resolve(f)) };
    writeFileSync(join(tmpDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(tmpDir, 'report.json'), JSON.stringify({ departement: dept.code, entries: bundle.report }, null, 1));
    const oldDir = `${finalDir}.old-${process.pid}`;
    if (existsSync(finalDir)) renameSync(finalDir, oldDir);
    renameSync(tmpDir, finalDir);
    if (existsSync(oldDir)) rmSync(oldDir, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw e;
  }
  return { bundle, outDir: finalDir, elapsedMs: performance.now() - started, sizes };
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
