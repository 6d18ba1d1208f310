import type { Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { LayerData } from './bundle-types.ts';

/**
 * The TopoJSON copy of a polygon layer (`<layer>.topojson`, named by `manifest.layers[id].topology`):
 * what the app fetches instead of the GeoJSON (shared borders written once, quantized integer
 * deltas: the communes are half the bytes). Lossless by construction: the build writes it only
 * when every coordinate sits on a decimal grid (`decimals`, e.g. 5 for 1e-5°) no coarser than the
 * quantization step, so rounding the decoded numbers to `decimals` gives back the exact GeoJSON
 * coordinates (rings may start at another vertex: TopoJSON rotates rings to a junction). The
 * GeoJSON file stays in the bundle for the CLI and the exports. Encoded by `encodeLayerTopology`
 * (`./encode-layer-topology.ts`, the build only), decoded by `decodeLayerTopology` (topojson-client).
 */
export const TOPOLOGY_OBJECT = 'layer';

/** The TopoJSON file as the build writes it: one object, `layer`, and the decimals of the source coordinates. */
export interface LayerTopologyFile {
  type: 'Topology';
  /** Decimals of the GeoJSON coordinates (0…7): decoded numbers are rounded to them. */
  decimals: number;
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: number[][][];
  objects: Record<string, unknown>;
}

/** True when a parsed file has the shape `encodeLayerTopology` writes. */
export function isLayerTopologyFile(value: unknown): value is LayerTopologyFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<LayerTopologyFile>;
  return (
    v.type === 'Topology' &&
    Number.isInteger(v.decimals) &&
    (v.decimals as number) >= 0 &&
    (v.decimals as number) <= 7 &&
    typeof v.transform === 'object' &&
    v.transform !== null &&
    Array.isArray(v.arcs) &&
    typeof v.objects === 'object' &&
    v.objects !== null &&
    TOPOLOGY_OBJECT in v.objects
  );
}

type Ring = Position[];

function roundRing(ring: Ring, factor: number): Ring {
  for (const p of ring) {
    p[0] = Math.round(p[0] * factor) / factor;
    p[1] = Math.round(p[1] * factor) / factor;
  }
  return ring;
}

function roundGeometry(g: Geometry | null, factor: number): void {
  if (!g) return;
  if (g.type === 'Polygon') for (const r of g.coordinates) roundRing(r, factor);
  else if (g.type === 'MultiPolygon') for (const poly of g.coordinates) for (const r of poly) roundRing(r, factor);
  else if (g.type === 'LineString') roundRing(g.coordinates, factor);
  else if (g.type === 'MultiLineString') for (const r of g.coordinates) roundRing(r, factor);
  else if (g.type === 'Point') roundRing([g.coordinates], factor);
  else if (g.type === 'MultiPoint') roundRing(g.coordinates, factor);
  else if (g.type === 'GeometryCollection') for (const c of g.geometries) roundGeometry(c, factor);
}

/** The layer's FeatureCollection from its TopoJSON copy, coordinates rounded back to the source's decimals. */
export function decodeLayerTopology(t: LayerTopologyFile): LayerData {
  const decoded = feature(t as unknown as Topology, t.objects[TOPOLOGY_OBJECT] as GeometryCollection) as unknown as LayerData;
  const factor = 10 ** t.decimals;
  for (const f of decoded.features) roundGeometry(f.geometry, factor);
  return decoded;
}
