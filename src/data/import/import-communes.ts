import type { ImportCommune } from './import-types.ts';

/**
 * The communes of a bundle's `communes` layer (code, name, space-separated postcodes,
 * centroid, former codes in `merged_from`) as the import needs them to place rows that
 * give only a commune. Features without a code, a name or a finite centroid are skipped.
 * No layer (not loaded, or failed to load) gives null, not an empty list: the rows placed by
 * commune are then rejected as "communes not loaded", not as unknown communes.
 */
export function importCommunesFromLayer(data: { features: readonly unknown[] }): ImportCommune[];
export function importCommunesFromLayer(data: { features: readonly unknown[] } | null | undefined): ImportCommune[] | null;
export function importCommunesFromLayer(data: { features: readonly unknown[] } | null | undefined): ImportCommune[] | null {
  if (!data) return null;
  const out: ImportCommune[] = [];
  for (const f of data.features as readonly ({ properties?: Record<string, unknown> | null } | null)[]) {
    const p = f?.properties;
    const lng = Number(p?.centroid_lng);
    const lat = Number(p?.centroid_lat);
    if (!p || typeof p.code !== 'string' || typeof p.name !== 'string' || !Number.isFinite(lng) || !Number.isFinite(lat)) continue;
    const list = (v: unknown) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : Array.isArray(v) ? v.map(String) : []);
    out.push({ code: p.code, name: p.name, postcodes: list(p.postcodes), centroid: [lng, lat], formerCodes: list(p.merged_from) });
  }
  return out;
}
