import { topology } from 'topojson-server';
import { merge } from 'topojson-client';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

/**
 * Dissolves polygons into one geometry per group, removing the borders they
 * share. Works on exact shared coordinates (a topology is built without
 * quantization), which holds for commune layers cut from one national map.
 * Inputs are not modified. Groups keep the order of first appearance.
 */
export function dissolvePolygons<P>(
  features: readonly Feature<Polygon | MultiPolygon, P>[],
  groupOf: (feature: Feature<Polygon | MultiPolygon, P>) => string | null,
): Map<string, MultiPolygon> {
  // topojson-server's typings expect its own object map; a FeatureCollection is what it reads
  const topo = topology({
    areas: { type: 'FeatureCollection', features: [...features] } as unknown as Parameters<typeof topology>[0][string],
  });
  const objects = (topo.objects.areas as unknown as { geometries: unknown[] }).geometries;
  const groups = new Map<string, unknown[]>();
  features.forEach((f, i) => {
    const key = groupOf(f);
    if (key === null) return;
    const list = groups.get(key) ?? [];
    list.push(objects[i]);
    groups.set(key, list);
  });
  const out = new Map<string, MultiPolygon>();
  for (const [key, geoms] of groups) {
    out.set(key, merge(topo, geoms as Parameters<typeof merge>[1]) as MultiPolygon);
  }
  return out;
}

/**
 * Dissolves the same polygons along several groupings at once (one topology for all): for each
 * named grouping, one geometry per group, as {@link dissolvePolygons} gives for that grouping alone.
 */
export function dissolvePolygonsBy<P, K extends string>(
  features: readonly Feature<Polygon | MultiPolygon, P>[],
  groupings: Record<K, (feature: Feature<Polygon | MultiPolygon, P>) => string | null>,
): Record<K, Map<string, MultiPolygon>> {
  const topo = topology({
    areas: { type: 'FeatureCollection', features: [...features] } as unknown as Parameters<typeof topology>[0][string],
  });
  const objects = (topo.objects.areas as unknown as { geometries: unknown[] }).geometries;
  const out = {} as Record<K, Map<string, MultiPolygon>>;
  for (const name of Object.keys(groupings) as K[]) {
    const groups = new Map<string, unknown[]>();
    features.forEach((f, i) => {
      const key = groupings[name](f);
      if (key === null) return;
      const list = groups.get(key) ?? [];
      list.push(objects[i]);
      groups.set(key, list);
    });
    const merged = new Map<string, MultiPolygon>();
    for (const [key, geoms] of groups) merged.set(key, merge(topo, geoms as Parameters<typeof merge>[1]) as MultiPolygon);
    out[name] = merged;
  }
  return out;
}
