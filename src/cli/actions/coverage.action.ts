import type { BundleManifest } from '../../data/bundle/bundle-types.ts';
import { COVERAGE_OPTIONAL_LAYERS, COVERAGE_REQUIRED_LAYERS, type CoverageLayerData } from '../../data/coverage/coverage-input.ts';
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
