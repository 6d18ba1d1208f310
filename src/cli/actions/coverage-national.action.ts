import { computeCoverage } from '../../core/coverage/compute-coverage.ts';
import type { CoverageRule, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import type { BundleManifest } from '../../data/bundle/bundle-types.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { buildFrame } from '../../data/builders/build-frame.ts';
import { buildFranceServices } from '../../data/builders/build-points.ts';
import type { AdminReference, BuildInputs, RawFile } from '../../data/builders/build-types.ts';
import { defaultDepartementConfig, departementExtent } from '../../data/builders/default-departement.ts';
import { coverageInputFromBundle } from '../../data/coverage/coverage-input.ts';
import { Reporter, SourceFileError } from '../../data/report.ts';
import type { SourceDescription } from '../../data/sources/source-description.ts';
import { CliError } from '../cli-error.ts';
import { readRawFiles } from '../io/raw-files.ts';
import { defaultDataOptions, departementSlug, loadReference, loadSources } from './data.action.ts';

/** National files, read once for the whole country. */
const NATIONAL_SOURCES = [
  'insee-cog-communes-2025',
  'insee-cog-cantons-2025',
  'anct-densite-communes',
  'anct-qpv-communes-2024',
  'insee-illectronisme-epci',
  'anct-france-services-2024',
] as const;
/** Files of one département (2018 polygons), read in turn. */
const DEPARTEMENT_SOURCES = ['ign-communes-2018', 'ign-cantons-2018', 'ign-departement-2018'] as const;

export interface NationalCoverageOptions {
  rawFolders: string[];
  sourcesDir: string;
  /** The rule applied to every canton (default: the national criteria of a département without settings). */
  rule?: CoverageRule;
  /** Only these départements (tests, a quick look); default every metropolitan département. */
  only?: readonly string[];
  log: (line: string) => void;
}

export interface NationalCoverageResult {
  /** One table per metropolitan département, in code order. */
  tables: CoverageTable[];
  /** What the canton outlines could not follow, per département (from the builders' report): said in the metadata. */
  notes: string[];
  rule: CoverageRule;
  elapsedMs: number;
}

export function defaultNationalOptions(cwd = process.cwd()): NationalCoverageOptions {
  const d = defaultDataOptions(cwd);
  return { rawFolders: d.rawFolders, sourcesDir: d.sourcesDir, log: () => {} };
}

function readSources(
  sources: SourceDescription[],
  ids: readonly string[],
  folders: string[],
  dept: { code: string; slug: string },
): Map<string, RawFile[]> {
  const wanted = ids.map((id) => {
    const s = sources.find((x) => x.id === id);
    if (!s) throw new CliError(`description de source absente : data/sources/${id}.json`);
    return s;
  });
  const { files, missing } = readRawFiles(wanted, folders, dept);
  if (missing.length) {
    throw new CliError(
      `fichier(s) brut(s) manquant(s) pour la couverture nationale :\n  ${missing.map((m) => `${m.pattern} (source ${m.source})`).join('\n  ')}\ncherchés dans : ${folders.join(', ')}`,
      'voir ../shared/opendata/SOURCES.md',
    );
  }
  return files;
}

/**
 * One département's table from the national files: the frame and the France Services layers built by
 * the `data` builders themselves (COG-first canton rule, split communes cut by the 2018 cantons), then the
 * coverage engine, as `coverage --dept` does on a bundle. No population grid (it covers the north only):
 * access is measured from commune centroids everywhere, so that every row is measured alike.
 */
async function departementTable(
  code: string,
  reference: AdminReference,
  sources: SourceDescription[],
  national: Map<string, RawFile[]>,
  folders: string[],
  rule: CoverageRule,
): Promise<{ table: CoverageTable; notes: string[] }> {
  const name = reference.departements.find((d) => d.code === code)!.nom;
  const slug = departementSlug(name);
  const files = new Map([...national, ...readSources(sources, DEPARTEMENT_SOURCES, folders, { code, slug })]);
  const extentSource = sources.find((s) => s.id === 'ign-departement-2018')!;
  const dept = defaultDepartementConfig(code, reference, departementExtent(files.get('ign-departement-2018')![0], extentSource, code))!;
  const reporters: Reporter[] = [];
  const inputs: BuildInputs = {
    dept,
    deptSlug: slug,
    sources: new Map(sources.map((s) => [s.id, s])),
    files,
    reference,
    reporter: (layer, source) => {
      const r = new Reporter(layer, source);
      reporters.push(r);
      return r;
    },
  };
  const frame = await buildFrame(inputs);
  const layers = [...frame.layers, ...buildFranceServices(inputs, frame)];
  const manifest: Pick<BundleManifest, 'departement' | 'layers'> = {
    departement: { code, name, extent: dept.extent },
    layers: Object.fromEntries(layers.map((l) => [l.manifest.id, l.manifest])),
  };
  const input = coverageInputFromBundle(
    manifest,
    Object.fromEntries(layers.map((l) => [l.manifest.id, { features: l.data.features as never }])),
  );
  // what the canton outlines could not follow exactly (a commune cut approximately or not at all, a canton left without an outline)
  const notes = reporters
    .filter((r) => r.layer === CANTONS.id)
    .flatMap((r) => r.entries)
    .filter(
      (e) =>
        (e.action === 'disagreement' && /failed|meets no canton|not drawn/.test(e.reason)) ||
        (e.action === 'approximate' && /cut by the canton polygons approximately/.test(e.reason)),
    )
    .map((e) => `${code} : ${e.reason}`);
  return { table: computeCoverage(input, rule), notes };
}

/** The rule of a département without settings of its own (data/departements/README.md): the national criteria. */
export function nationalRule(reference: Pick<AdminReference, 'departements'>): CoverageRule {
  return defaultCoverageRule(defaultDepartementConfig('01', reference, [0, 0, 0, 0])!);
}

/**
 * `coverage --national`: the canton table of every metropolitan département (96; Paris as its one
 * pseudo-canton), from the national files, with one rule for all so that the rows compare.
 */
export async function runNationalCoverage(options: NationalCoverageOptions): Promise<NationalCoverageResult> {
  const started = performance.now();
  const reference = loadReference();
  const sources = loadSources(options.sourcesDir);
  const national = readSources(sources, NATIONAL_SOURCES, options.rawFolders, { code: '00', slug: '' });
  // each national file is parsed once and shared by the 96 départements (the builders only read it)
  for (const list of national.values()) for (const f of list) f.parsed = new Map();
  const rule = options.rule ?? nationalRule(reference);
  const codes = reference.departements
    .filter((d) => d.code.length === 2)
    .map((d) => d.code)
    .filter((c) => !options.only || options.only.includes(c))
    .sort();
  for (const c of options.only ?? []) {
    if (!codes.includes(c)) throw new CliError(`département ${c} absent de la couverture nationale (métropole seulement)`);
  }
  const tables: CoverageTable[] = [];
  const notes: string[] = [];
  for (const code of codes) {
    const t0 = performance.now();
    try {
      const built = await departementTable(code, reference, sources, national, options.rawFolders, rule);
      tables.push(built.table);
      notes.push(...built.notes);
      for (const n of built.notes) options.log(`note: ${n}`);
    } catch (e) {
      if (e instanceof SourceFileError) throw new CliError(`département ${code} : ${e.message}`, e.fix);
      throw e;
    }
    const t = tables[tables.length - 1];
    options.log(`${code} ${t.departement.name}: ${t.rows.length} cantons in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { tables, notes, rule, elapsedMs: performance.now() - started };
}
