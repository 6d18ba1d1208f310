/**
 * The import corpus: every file of tests/fixtures/import/in is imported into the layer its name
 * starts with (`<layer>__<case>.<ext>`, options in `<file>.options.json`), and the outcome — the
 * report and a digest of the features, or the error — must equal tests/fixtures/import/out/<file>.json.
 * UPDATE_GOLDEN=1 rewrites the expected files (read the diff before committing it).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/data/import/import-file.ts';
import { ImportFileError, ImportMappingNeeded, type ImportCommune, type ImportLimits } from '../../src/data/import/import-types.ts';

const DIR = join(import.meta.dirname, '../fixtures/import');
const { communes, extent } = JSON.parse(readFileSync(join(DIR, 'communes.json'), 'utf8')) as {
  communes: ImportCommune[];
  extent: [number, number, number, number];
};
const files = readdirSync(join(DIR, 'in'))
  .filter((f) => !f.endsWith('.options.json'))
  .sort();

interface CaseOptions {
  mapping?: Record<string, string>;
  limits?: ImportLimits;
  noCommunes?: boolean;
}

function outcomeOf(file: string): unknown {
  const layer = file.split('__')[0];
  const optionsFile = join(DIR, 'in', `${file}.options.json`);
  const o: CaseOptions = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  try {
    const { report, features } = importFile(new Uint8Array(readFileSync(join(DIR, 'in', file))), {
      fileName: file,
      layer,
      mapping: o.mapping,
      limits: o.limits,
      communes: o.noCommunes ? null : communes,
      extent,
    });
    expect(report.accepted + report.rejected.length).toBe(report.rows_read);
    expect(features).toHaveLength(report.accepted);
    return {
      report,
      features: features.map((f) => ({
        id: f.properties.id,
        name: f.properties.name ?? null,
        geometry: f.geometry.type === 'Point' ? f.geometry.coordinates : f.geometry.type,
        approximate: f.properties.approximate,
        commune_code: f.properties.commune_code ?? null,
      })),
    };
  } catch (err) {
    if (err instanceof ImportMappingNeeded)
      return { error: 'mapping-needed', message: err.message, unknown: err.unknown, missing: err.missing, recognised: err.recognised };
    if (err instanceof ImportFileError) return { error: 'file', message: err.message, location: err.location };
    throw err;
  }
}

const UPDATE_HINT = 'run UPDATE_GOLDEN=1 npx vitest run tests/unit/import-corpus.test.ts, then check the new file by eye';

/**
 * Compares an outcome with its expected file. Only `update` (UPDATE_GOLDEN=1) writes it: a missing
 * expected file fails, so a new case is never passed by the very output it should check.
 */
function checkGolden(expectedFile: string, actual: string, update: boolean): void {
  if (update) writeFileSync(expectedFile, actual);
  expect(existsSync(expectedFile), `${expectedFile} is missing: ${UPDATE_HINT}`).toBe(true);
  expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
}

describe('import corpus (golden reports)', () => {
  it.each(files)('%s gives its expected report', (file) => {
    const actual = `${JSON.stringify(outcomeOf(file), null, 2)}\n`;
    checkGolden(join(DIR, 'out', `${file}.json`), actual, process.env.UPDATE_GOLDEN === '1');
  });

  it('fails on a missing expected file (without UPDATE_GOLDEN=1) rather than writing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-golden-'));
    try {
      const missing = join(dir, 'new-case.csv.json');
      expect(() => checkGolden(missing, '{}\n', false)).toThrow(/is missing: run UPDATE_GOLDEN=1/);
      expect(existsSync(missing)).toBe(false);
      checkGolden(missing, '{}\n', true);
      expect(readFileSync(missing, 'utf8')).toBe('{}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds at least 40 malformed files, each refused with a message or with located rejections', () => {
    const malformed = files.filter((f) => {
      const o = outcomeOf(f) as { error?: string; report?: { rejected: unknown[] } };
      return o.error !== undefined || (o.report?.rejected.length ?? 0) > 0;
    });
    expect(malformed.length).toBeGreaterThanOrEqual(40);
  });

  it('has no expected file left without its input', () => {
    const orphans = readdirSync(join(DIR, 'out')).filter((f) => !files.includes(f.replace(/\.json$/, '')));
    expect(orphans).toEqual([]);
  });
});
