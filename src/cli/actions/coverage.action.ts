import type { BundleManifest } from '../../data/bundle/bundle-types.ts';
import { COVERAGE_OPTIONAL_LAYERS, COVERAGE_REQUIRED_LAYERS, type CoverageLayerData } from '../../data/coverage/coverage-input.ts';
import type { CoverageDriveTimeInput } from '../../core/coverage/drive-time-types.ts';
import { createDriveTimeEngine } from '../../core/roads/drive-time-engine.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';

/** Reads the bundle's manifest and the layers the coverage table needs. */
export async function readCoverageBundle(
  dataDir: string,
  dept: string,
): Promise<{ manifest: BundleManifest; layers: Record<string, CoverageLayerData> }> {
  const bundle = await openBundle(dataDir, dept);
  const layers: Record<string, CoverageLayerData> = {};
  for (const id of [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS]) {
    const data = await bundle.layer(id);
    if (data) layers[id] = { features: data.features };
  }
  return { manifest: bundle.manifest, layers };
}

/**
 * The road graph of drive times for the table (`--access`): `auto` the bundle's when `roads`
 * built one, `drive` the same but an error without one, `straight` none.
 */
export async function readCoverageDriveTime(
  dataDir: string,
  dept: string,
  access: 'auto' | 'drive' | 'straight',
): Promise<CoverageDriveTimeInput | null> {
  if (access === 'straight') return null;
  const roads = await (await openBundle(dataDir, dept)).roads();
  if (!roads) {
    if (access === 'auto') return null;
    throw new CliError(
      `le bundle du département ${dept} n'a pas de réseau routier : pas de temps en voiture`,
      `construisez-le depuis un fichier de routes : npm run -s cli -- roads --dept ${dept} --file FICHIER (docs/drive-time.md)`,
    );
  }
  return { engine: createDriveTimeEngine(roads.graph, roads.info.connector), network: roads.info };
}
