import { toLngLat } from '../../core/geo/lng-lat.ts';
import type { Site } from '../../core/nearest/create-site-index.ts';

interface FeatureLike {
  geometry?: { type?: unknown; coordinates?: unknown } | null;
  properties?: Record<string, unknown> | null;
}

/**
 * The point sites of one bundle layer (a GeoJSON FeatureCollection as the CLI writes it), for
 * the nearest-site index. A site keeps its own `properties.id` (the source's identifier) and its
 * properties by reference. Features that are not points, or have no id or impossible
 * coordinates, are skipped and counted (the build has already reported them).
 */
export function sitesFromLayer(layer: string, data: { features: readonly unknown[] }): { sites: Site[]; skipped: number } {
  const sites: Site[] = [];
  let skipped = 0;
  for (const f of data.features as readonly (FeatureLike | null)[]) {
    const coords = f?.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    const props = f?.properties ?? null;
    const id = props?.id;
    if (!props || !Array.isArray(coords) || (typeof id !== 'string' && typeof id !== 'number')) {
      skipped++;
      continue;
    }
    try {
      sites.push({ layer, id: String(id), lngLat: toLngLat(Number(coords[0]), Number(coords[1])), properties: props });
    } catch {
      skipped++;
    }
  }
  return { sites, skipped };
}
