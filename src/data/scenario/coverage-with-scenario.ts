import { createCoverageScenarioEngine, type ScenarioResult } from '../../core/coverage/coverage-scenario.ts';
import type { CoverageInput, CoverageRule, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { scenarioTable } from '../../core/coverage/scenario-table.ts';
import type { Scenario } from '../../core/coverage/scenario-types.ts';
import type { BundleManifest } from '../bundle/bundle-types.ts';
import { coverageInputFromBundle, type CoverageLayerData } from '../coverage/coverage-input.ts';
import { parseScenarioGeoJson } from './parse-scenario.ts';

export interface CoverageWithScenario {
  /** The table with the scenario applied; its `scenario` member flags the hypothetical sites in every export. */
  table: CoverageTable;
  /** The bundle's input, without the scenario (its cantons are what the GeoJSON export needs). */
  input: CoverageInput;
  scenario: Scenario;
  result: ScenarioResult;
}

/**
 * What `coverage --dept NN --scenario FILE` computes: the bundle's coverage table with the
 * scenario file applied, the same table the app shows for that scenario. A bad file throws
 * a ScenarioFileError (file, feature, field, reason in French); the caller turns it into
 * exit code 2.
 *
 * @param scenarioText the scenario file's text (UTF-8, BOM allowed)
 * @param file its name, for the messages
 * @param input the coverage input to apply it to (the bundle's by default; the network as of a date with `--at`)
 */
export function coverageWithScenario(
  manifest: Pick<BundleManifest, 'departement' | 'layers'>,
  layers: Readonly<Record<string, CoverageLayerData | undefined>>,
  scenarioText: string,
  file: string,
  rule: CoverageRule,
  input: CoverageInput = coverageInputFromBundle(manifest, layers),
): CoverageWithScenario {
  const scenario = parseScenarioGeoJson(scenarioText, {
    file,
    siteIds: input.franceServices.map((s) => s.id),
    extent: manifest.departement.extent,
  });
  const result = createCoverageScenarioEngine(input).apply(scenario.operations);
  return { table: scenarioTable(result, rule, scenario.name), input, scenario, result };
}
