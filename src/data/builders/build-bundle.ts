import { Reporter, type ReportEntry } from '../report.ts';
import { buildFrame } from './build-frame.ts';
import { buildNeighbours } from './build-neighbours.ts';
import { buildEmptyMsp, buildFranceServices, buildSiilabLayers } from './build-points.ts';
import { buildDigitalInclusion } from './build-digital-inclusion.ts';
import { buildIsochrones } from './build-isochrones.ts';
import { buildHealthMediators, buildPopulationGrid, buildPriorityZones, buildQpv } from './build-zones.ts';
import type { BuildInputs, BuiltLayer } from './build-types.ts';
import type { BundleManifest } from '../bundle/bundle-types.ts';
import { BUNDLE_LAYERS } from '../../layers/layer-registry.ts';

export interface Bundle {
  manifest: BundleManifest;
  layers: BuiltLayer[];
  report: ReportEntry[];
}

/**
 * Builds every layer of a département's bundle from raw files already read
 * into memory (no I/O here: the CLI or a test supplies the bytes).
 */
export async function buildBundle(inputs: Omit<BuildInputs, 'reporter'>): Promise<Bundle> {
  const reporters: Reporter[] = [];
  const full: BuildInputs = {
    ...inputs,
    reporter(layer, source) {
      const r = new Reporter(layer, source);
      reporters.push(r);
      return r;
    },
  };
  const frame = await buildFrame(full);
  const layers: BuiltLayer[] = [
    ...buildFranceServices(full, frame),
    ...buildSiilabLayers(full, frame),
    buildEmptyMsp(),
    buildDigitalInclusion(full, frame),
    buildHealthMediators(full, frame),
    buildQpv(full, frame),
    buildPriorityZones(full, frame),
    await buildPopulationGrid(full, frame),
    ...frame.layers,
    buildNeighbours(full, frame),
  ];
  const dataOf = (id: string) => layers.find((l) => l.manifest.id === id && l.manifest.status === 'ok')?.data ?? null;
  layers.push(
    buildIsochrones({
      roads: inputs.roads ?? null,
      grid: dataOf('population-grid'),
      franceServices: dataOf('france-services'),
      nearby: dataOf('france-services-nearby'),
    }),
  );
  const report = reporters.flatMap((r) => r.entries);
  const byAction: Record<string, number> = {};
  for (const e of report) byAction[e.action] = (byAction[e.action] ?? 0) + 1;
  const manifest: BundleManifest = {
    format: 'maillage-bundle',
    version: 1,
    departement: { code: inputs.dept.code, name: inputs.dept.name, extent: inputs.dept.extent },
    reference: { package: '@etalab/decoupage-administratif', version: inputs.reference.version },
    coverage: inputs.dept.coverage,
    layers: Object.fromEntries(layers.map((l) => [l.manifest.id, l.manifest])),
    report: { entries: report.length, by_action: byAction },
  };
  for (const { id } of BUNDLE_LAYERS) if (!manifest.layers[id]) throw new Error(`internal: layer ${id} was not built`);
  return { manifest, layers, report };
}
