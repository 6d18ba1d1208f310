import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { comparisonFor, type NationalComparison, type NationalSummaryFile } from '../../core/national/national-comparison.ts';
import type { Bundle } from '../../data/builders/build-bundle.ts';
import type { BundleNationalEntry } from '../../data/bundle/bundle-types.ts';
import { NationalFileError, parseNationalSummary } from '../../data/national/parse-national.ts';
import type { SourceDescription } from '../../data/sources/source-description.ts';
import { NEIGHBOURS } from '../../layers/neighbours.ts';

/** The national summary kept by `coverage --national`: `data/build/national/summary.json`, beside the bundles' builds. */
export function nationalSummaryPath(sourcesDir: string): string {
  return join(dirname(sourcesDir), 'build', 'national', 'summary.json');
}

/** Writes the summary (atomically: a reader sees the old file or the new one). */
export function writeNationalSummary(path: string, summary: NationalSummaryFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.part`, `${JSON.stringify(summary)}\n`);
  renameSync(`${path}.part`, path);
}

/**
 * The comparison a `data` build copies into the bundle: the kept national summary, with this
 * département's neighbours (the bundle's neighbours layer), ranks and quartiles. Null, said in the
 * log, when there is no summary (run `coverage --national`), when it is unreadable, when it was made
 * from another France Services list than this build's, or when it has no row for the département.
 */
export function nationalForBundle(
  sourcesDir: string,
  dept: string,
  bundle: Pick<Bundle, 'layers'>,
  sources: readonly SourceDescription[],
  log: (line: string) => void,
): NationalComparison | null {
  const path = nationalSummaryPath(sourcesDir);
  if (!existsSync(path)) {
    log('note: no national comparison in the bundle (run "coverage --national" once to make it)');
    return null;
  }
  let summary: NationalSummaryFile;
  try {
    summary = parseNationalSummary(JSON.parse(readFileSync(path, 'utf8')), path);
  } catch (e) {
    log(
      `note: the national summary cannot be read, no comparison in the bundle: ${e instanceof NationalFileError ? e.message : (e as Error).message.slice(0, 200)}`,
    );
    return null;
  }
  const list = sources.find((s) => s.id === 'anct-france-services-2024');
  const used = list ? summary.sources.find((s) => s.title === list.title) : undefined;
  if (list && used && used.vintage !== list.vintage) {
    log(
      `note: the national summary is of the France Services list ${used.vintage}, this build of ${list.vintage}: run "coverage --national" again`,
    );
    return null;
  }
  const neighbours = bundle.layers.find((l) => l.manifest.id === NEIGHBOURS.id)?.data.features ?? [];
  const codes = neighbours.flatMap((f) => {
    const code = (f.properties as Record<string, unknown> | null)?.code;
    return typeof code === 'string' ? [code] : [];
  });
  const comparison = comparisonFor(summary, dept, codes);
  if (!comparison)
    log(`note: the national summary has no row for département ${dept} (metropolitan France only): no comparison in the bundle`);
  return comparison;
}

/** The bundle's file of the comparison. */
const NATIONAL_FILE = 'national.json';

/** Writes the comparison into the bundle's folder and returns its manifest entry (null: none). */
export function writeBundleNational(dir: string, comparison: NationalComparison | null): BundleNationalEntry | null {
  if (!comparison) return null;
  writeFileSync(join(dir, NATIONAL_FILE), JSON.stringify(comparison));
  return { file: NATIONAL_FILE, built_at: comparison.built_at };
}
