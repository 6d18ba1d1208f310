import type { NetworkSnapshot, SiteSnapshot } from '../../core/changes/network-changes.ts';
import { computeCoverage } from '../../core/coverage/compute-coverage.ts';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import type { BundleManifest } from '../bundle/bundle-types.ts';
import { coverageInputFromBundle, type CoverageLayerData } from '../coverage/coverage-input.ts';

/** The layer whose sites `data --update` compares. */
export const CHANGES_LAYER = 'france-services';

/** A bundle's France Services feature that cannot be compared (no id, no point): says which and why. */
export class SnapshotError extends Error {}

/** The France Services sites of a bundle layer, as the diff reads them (id, name, point, counting canton). */
export function sitesOf(layer: CoverageLayerData, location: string): SiteSnapshot[] {
  return layer.features.map((f, i) => {
    const p = f.properties ?? {};
    const id = typeof p.id === 'string' || typeof p.id === 'number' ? String(p.id) : null;
    const g = f.geometry;
    if (id === null) throw new SnapshotError(`${location} : site n° ${i + 1} sans identifiant (propriété « id »)`);
    if (g?.type !== 'Point' || !Number.isFinite(g.coordinates[0]) || !Number.isFinite(g.coordinates[1])) {
      throw new SnapshotError(`${location} : site « ${id} » sans point`);
    }
    return {
      id,
      name: typeof p.name === 'string' ? p.name : '',
      lngLat: [g.coordinates[0], g.coordinates[1]] as const,
      cantonCode: typeof p.canton_code === 'string' ? p.canton_code : null,
      communeName: typeof p.commune_name === 'string' ? p.commune_name : null,
    };
  });
}

/**
 * The network of one bundle: its France Services sites and each canton's status under the
 * département's default rule (the same engine and rule as the coverage table).
 */
export function networkSnapshot(
  manifest: BundleManifest,
  layers: Readonly<Record<string, CoverageLayerData | undefined>>,
  builtAt: string | null,
  location: string,
): NetworkSnapshot {
  const table = computeCoverage(coverageInputFromBundle(manifest, layers), defaultCoverageRule(manifest));
  const sites = layers[CHANGES_LAYER];
  return {
    builtAt,
    sites: sites ? sitesOf(sites, location) : [],
    cantons: table.rows.map((r) => ({
      code: r.cantonCode,
      name: r.cantonName,
      status: r.status,
      franceServices: r.franceServices,
      target: r.target,
    })),
  };
}
