import type { FeatureCollection, Geometry, Position } from 'geojson';
import { topology } from 'topojson-server';
import type { LayerData } from './bundle-types.ts';
import { decodeLayerTopology, type LayerTopologyFile, TOPOLOGY_OBJECT } from './layer-topology.ts';

/** Most decimals a coordinate may carry for the TopoJSON copy (1e-7° is about a centimetre). */
const MAX_DECIMALS = 7;

function eachPosition(g: Geometry, visit: (p: Position) => void): void {
  if (g.type === 'Polygon') for (const r of g.coordinates) for (const p of r) visit(p);
  else if (g.type === 'MultiPolygon') for (const poly of g.coordinates) for (const r of poly) for (const p of r) visit(p);
}

/** Fewest decimals (0…7) that write every coordinate exactly, or null when one needs more. */
function decimalsOf(data: LayerData): number | null {
  let decimals = 0;
  let factor = 1;
  let ok = true;
  for (const f of data.features) {
    eachPosition(f.geometry as Geometry, (p) => {
      for (const c of [p[0], p[1]]) {
        while (ok && Math.round(c * factor) / factor !== c) {
          if (decimals === MAX_DECIMALS) ok = false;
          else factor = 10 ** ++decimals;
        }
      }
    });
    if (!ok) return null;
  }
  return decimals;
}

/** True when two closed rings hold the same vertices in the same order, whatever the first. */
function sameRing(a: Position[], b: Position[]): boolean {
  if (a.length !== b.length) return false;
  const n = a.length - 1; // closed rings: the last vertex repeats the first
  if (n <= 0) return a.length === b.length;
  const start = b.findIndex((p, i) => i < n && p[0] === a[0][0] && p[1] === a[0][1]);
  if (start < 0) return false;
  for (let i = 0; i < n; i++) {
    const q = b[(start + i) % n];
    if (q[0] !== a[i][0] || q[1] !== a[i][1]) return false;
  }
  return true;
}

function sameGeometry(a: Geometry, b: Geometry | null): boolean {
  if (!b || a.type !== b.type) return false;
  if (a.type === 'Polygon' && b.type === 'Polygon')
    return a.coordinates.length === b.coordinates.length && a.coordinates.every((r, i) => sameRing(r, b.coordinates[i]));
  if (a.type === 'MultiPolygon' && b.type === 'MultiPolygon')
    return (
      a.coordinates.length === b.coordinates.length &&
      a.coordinates.every((poly, i) => poly.length === b.coordinates[i].length && poly.every((r, j) => sameRing(r, b.coordinates[i][j])))
    );
  return false;
}

/** True when the decoded copy gives back every feature: id, properties, geometry (rings up to their first vertex). */
function decodesBackTo(data: LayerData, file: LayerTopologyFile): boolean {
  const decoded = decodeLayerTopology(file);
  if (decoded.features.length !== data.features.length) return false;
  return data.features.every((f, i) => {
    const d = decoded.features[i];
    return (
      d.id === f.id && JSON.stringify(d.properties) === JSON.stringify(f.properties) && sameGeometry(f.geometry as Geometry, d.geometry)
    );
  });
}

/**
 * The TopoJSON copy of a polygon layer (see `./layer-topology.ts`), or null when the layer is not
 * one (no feature, a geometry other than Polygon/MultiPolygon, a FeatureCollection with members of
 * its own, coordinates finer than 1e-7°) or when the copy would not decode back to the very same
 * features: the app then reads the GeoJSON. The quantization grid is as fine as the coordinates'
 * own decimals on the longer side of the extent. The input is not modified.
 */
export function encodeLayerTopology(collection: FeatureCollection<Geometry | null>): LayerTopologyFile | null {
  const data = collection as LayerData;
  if (data.features.length === 0) return null;
  if (Object.keys(data).some((k) => k !== 'type' && k !== 'features')) return null;
  const polygons = data.features.every((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
  if (!polygons || data.features.some((f) => f.properties === null || typeof f.properties !== 'object')) return null;
  const decimals = decimalsOf(data);
  if (decimals === null) return null;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of data.features)
    eachPosition(f.geometry as Geometry, ([x, y]) => {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    });
  // one grid step per unit of the last decimal along the longer side (finer along the other)
  const quantization = Math.max(2, Math.ceil(Math.max(maxX - minX, maxY - minY) * 10 ** decimals) + 1);
  const topo = topology({ [TOPOLOGY_OBJECT]: data } as unknown as Parameters<typeof topology>[0], quantization);
  const file = { ...(topo as unknown as Omit<LayerTopologyFile, 'decimals'>), decimals } as LayerTopologyFile;
  // decoding rounds in place: check against a copy made from the JSON text that is written
  return decodesBackTo(data, JSON.parse(JSON.stringify(file)) as LayerTopologyFile) ? file : null;
}
