import { toLngLat } from '../../core/geo/lng-lat.ts';
import type { PlaceItem } from '../../core/search/create-place-finder.ts';

/** A commune of the bundle as a findable place. */
export interface CommunePlace extends PlaceItem {
  kind: 'commune';
}

/**
 * The communes layer of the bundle (`code`, `name`, `postcodes` space-separated, `population`,
 * `centroid_lng`/`centroid_lat`) as places for the commune finder. A commune without a code, a
 * name or a valid centroid is skipped and counted.
 */
export function placesFromCommunes(data: { features: readonly unknown[] }): { places: CommunePlace[]; skipped: number } {
  const places: CommunePlace[] = [];
  let skipped = 0;
  for (const f of data.features as readonly ({ properties?: Record<string, unknown> | null } | null)[]) {
    const p = f?.properties;
    const code = p?.code;
    const name = p?.name;
    if (!p || typeof code !== 'string' || typeof name !== 'string' || name.trim() === '') {
      skipped++;
      continue;
    }
    let lngLat: ReturnType<typeof toLngLat>;
    try {
      lngLat = toLngLat(Number(p.centroid_lng), Number(p.centroid_lat));
    } catch {
      skipped++;
      continue;
    }
    const postcodes =
      typeof p.postcodes === 'string'
        ? p.postcodes.split(/[\s,;]+/).filter((s) => /^\d{5}$/.test(s))
        : Array.isArray(p.postcodes)
          ? p.postcodes.map(String)
          : [];
    const population = typeof p.population === 'number' && Number.isFinite(p.population) ? p.population : null;
    places.push({ kind: 'commune', code, name: name.trim(), postcodes, population, lngLat });
  }
  return { places, skipped };
}
