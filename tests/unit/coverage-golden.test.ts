/**
 * Golden in -> out fixtures of the coverage table: each folder of
 * tests/fixtures/coverage holds a hand-made `input.json` ({ input: CoverageInput,
 * rule, generatedAt }) and the exact expected exports:
 *   expected.csv (RFC 4180), expected-fr.csv (Excel FR), expected.geojson, expected.json.
 *
 * To regenerate the expected files after an intended change of the output, run
 *   UPDATE_GOLDEN=1 npx vitest run tests/unit/coverage-golden.test.ts
 * then read the diff (`git diff tests/fixtures/coverage`) and check every changed
 * figure by eye before committing: the goldens are only as right as that review.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../src/core/coverage/compute-coverage.ts';
import { exportCoverage, type CoverageFormat } from '../../src/core/coverage/coverage-export.ts';
import type { CoverageInput, CoverageRule } from '../../src/core/coverage/coverage-types.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/coverage');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const OUTPUTS: [CoverageFormat, string][] = [
  ['csv', 'expected.csv'],
  ['csv-fr', 'expected-fr.csv'],
  ['geojson', 'expected.geojson'],
  ['json', 'expected.json'],
];

interface GoldenCase {
  input: CoverageInput;
  rule: CoverageRule;
  generatedAt: string;
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'input.json')))
  .map((d) => d.name)
  .sort();

describe('coverage golden fixtures', () => {
  it('has golden cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(cases)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const { input, rule, generatedAt } = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as GoldenCase;
    const table = computeCoverage(input, rule);

    it.each(OUTPUTS)('writes %s exactly as %s', (format, file) => {
      const actual = exportCoverage(table, format, input.cantons, new Date(generatedAt));
      const path = join(dir, file);
      if (UPDATE) writeFileSync(path, actual);
      expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/coverage-golden.test.ts`).toBe(true);
      expect(actual).toBe(readFileSync(path, 'utf8'));
    });

    it('keeps the expected GeoJSON and JSON parseable, with the date of the fixture', () => {
      const geojson = JSON.parse(readFileSync(join(dir, 'expected.geojson'), 'utf8'));
      expect(geojson.type).toBe('FeatureCollection');
      expect(geojson.features).toHaveLength(input.cantons.length);
      expect(geojson.metadata.generated_at).toBe(generatedAt);
      const json = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      expect(json.rows).toHaveLength(input.cantons.length);
      expect(json.metadata.rule).toEqual(rule);
    });
  });
});
