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
import type { CoverageDriveTimeInput } from '../../src/core/coverage/drive-time-types.ts';
import { DEFAULT_CONNECTOR } from '../../src/core/roads/attach-points.ts';
import { buildRoadGraph } from '../../src/core/roads/build-road-graph.ts';
import { createDriveTimeEngine } from '../../src/core/roads/drive-time-engine.ts';
import { roadClassIndex, type RoadClass } from '../../src/core/roads/road-classes.ts';
import type { RoadNetworkInfo } from '../../src/core/roads/road-network-info.ts';
import { createRoadWaysBuilder } from '../../src/core/roads/road-ways.ts';

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
  /** A hand-written road network for the drive-time columns: its file name and date, and its lines. */
  roads?: {
    file: string;
    date: string;
    lines: { class: RoadClass; oneway?: -1 | 0 | 1; coords: [number, number][] }[];
  };
}

/** The case's road graph as the table's drive-time input (the default connector), or null. */
function driveTimeOf(roads: GoldenCase['roads']): CoverageDriveTimeInput | null {
  if (!roads) return null;
  const b = createRoadWaysBuilder();
  for (const l of roads.lines) {
    b.addWay(
      l.coords.map(([x, y]) => b.vertexAt(x, y)),
      { roadClass: roadClassIndex(l.class), oneway: l.oneway ?? 0 },
    );
  }
  const { graph } = buildRoadGraph(b.finish());
  const network: RoadNetworkInfo = {
    sourceFile: roads.file,
    sourceDate: roads.date,
    sourceFormat: 'geojson',
    builtAt: `${roads.date}T00:00:00.000Z`,
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    connector: { ...DEFAULT_CONNECTOR },
  };
  return { engine: createDriveTimeEngine(graph), network };
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
    const { input, rule, generatedAt, roads } = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as GoldenCase;
    const table = computeCoverage({ ...input, driveTime: driveTimeOf(roads) }, rule);

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
