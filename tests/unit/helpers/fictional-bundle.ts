/** The fictional département of fictional-departement.ts written as a bundle (manifest and layers), as the data build writes one. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageInput } from '../../../src/core/coverage/coverage-types.ts';
import type { BundleManifest } from '../../../src/data/bundle/bundle-types.ts';
import type { CoverageLayerData } from '../../../src/data/coverage/coverage-input.ts';
import { fictionalManifest } from './fictional-manifest.ts';

/** The fictional input written as the bundle's layers, as the data build writes them. */
export function bundleOf(input: CoverageInput): { manifest: BundleManifest; layers: Record<string, CoverageLayerData> } {
  const feature = (geometry: unknown, properties: Record<string, unknown>) =>
    ({ type: 'Feature', geometry, properties }) as CoverageLayerData['features'][number];
  const layers: Record<string, CoverageLayerData> = {
    cantons: { features: input.cantons.map((c) => feature(c.geometry, c.properties)) },
    communes: {
      features: input.communes.map((c) =>
        feature(c.geometry, {
          code: c.code,
          name: c.name,
          population: c.population,
          canton_code: c.cantonCode,
          rural: c.rural,
          epci_code: c.epciCode,
          qpv_codes: c.qpvCodes.join(' '),
          centroid_lng: c.centroid[0],
          centroid_lat: c.centroid[1],
        }),
      ),
    },
    'france-services': {
      features: input.franceServices.map((s) =>
        feature({ type: 'Point', coordinates: s.lngLat }, { id: s.id, kind: s.kind, commune_code: s.communeCode }),
      ),
    },
    'france-services-nearby': {
      features: input.nearbyFranceServices.map((s) =>
        feature({ type: 'Point', coordinates: s.lngLat }, { id: s.id, kind: s.kind, commune_code: s.communeCode }),
      ),
    },
    'population-grid': {
      features: input.populationGrid!.map((c, i) =>
        feature({ type: 'Point', coordinates: c.lngLat }, { id: `c${i}`, population: c.population, in_departement: 1 }),
      ),
    },
  };
  const manifest = fictionalManifest(
    { ...input.departement, extent: [1, 45, 1.4, 45.3] },
    Object.fromEntries(Object.keys(layers).map((id) => [id, { file: `${id}.geojson` }])),
  ) as unknown as BundleManifest;
  return { manifest, layers };
}

/** Writes the bundle to `<dataDir>/<code>/` (manifest.json and one GeoJSON file per layer). */
export function writeBundle(dataDir: string, input: CoverageInput): void {
  const { manifest, layers } = bundleOf(input);
  const dir = join(dataDir, input.departement.code);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const [id, data] of Object.entries(layers))
    writeFileSync(join(dir, `${id}.geojson`), JSON.stringify({ type: 'FeatureCollection', ...data }));
}
