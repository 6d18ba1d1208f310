/**
 * The map tiles of a large import (src/data/import/imported-tiles.ts), decoded back and checked
 * against brute force on seeded fictional points: at every zoom each point is in exactly one tile
 * (single, or counted by one cluster), clusters' counts sum to the total, and from the last
 * cluster zoom on every point is single with its id and name.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import {
  IMPORTED_TILE_EXTENT,
  IMPORTED_TILE_LAYER,
  IMPORTED_TILE_MAX_ZOOM,
  createImportedTileIndex,
  type TilePoint,
} from '../../src/data/import/imported-tiles.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

const OPTIONS = { clusterRadiusPx: 42, clusterMaxZoom: 13 };

/** Fictional points: a dense town and scattered ones, over a box the size of a département. */
function points(n: number, seed: number): TilePoint[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const town = i % 3 === 0;
    return {
      lng: town ? uniform(random, 3.05, 3.1) : uniform(random, 2.0, 4.2),
      lat: town ? uniform(random, 50.6, 50.65) : uniform(random, 50.0, 51.1),
      id: `p${i}`,
      name: `Lieu fictif ${i}`,
    };
  });
}

const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return Math.floor((0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI) * 2 ** z);
};

interface Decoded {
  clusters: { count: number; expansionZoom: number }[];
  singles: { id: string; name: string }[];
}

/** The features of a tile that lie inside it (a tile also holds its neighbours' edge, its buffer). */
function decode(bytes: Uint8Array | null): Decoded {
  const out: Decoded = { clusters: [], singles: [] };
  if (!bytes) return out;
  const layer = new VectorTile(new PbfReader(bytes) as never).layers[IMPORTED_TILE_LAYER];
  expect(layer.extent).toBe(IMPORTED_TILE_EXTENT);
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    const [[p]] = f.loadGeometry();
    if (p.x < 0 || p.y < 0 || p.x >= IMPORTED_TILE_EXTENT || p.y >= IMPORTED_TILE_EXTENT) continue;
    const props = f.properties;
    if (props.cluster) out.clusters.push({ count: Number(props.point_count), expansionZoom: Number(props.expansion_zoom) });
    else out.singles.push({ id: String(props.id), name: String(props.name) });
  }
  return out;
}

/** Every tile at zoom z that may hold a point (the points' tile range, plus one around for clusters' centres). */
function tilesAt(pts: TilePoint[], z: number): [number, number][] {
  const xs = pts.map((p) => tileX(p.lng, z));
  const ys = pts.map((p) => tileY(p.lat, z));
  const tiles: [number, number][] = [];
  for (let x = Math.max(0, Math.min(...xs) - 1); x <= Math.min(2 ** z - 1, Math.max(...xs) + 1); x++)
    for (let y = Math.max(0, Math.min(...ys) - 1); y <= Math.min(2 ** z - 1, Math.max(...ys) + 1); y++) tiles.push([x, y]);
  return tiles;
}

describe('imported layer tiles', () => {
  const pts = points(3_000, 13);
  const index = createImportedTileIndex(pts, OPTIONS);

  it.each([0, 3, 6, 8, 10, 12])('counts every point exactly once at zoom %i (clusters and singles)', (z) => {
    let total = 0;
    const singles = new Set<string>();
    for (const [x, y] of tilesAt(pts, z)) {
      const d = decode(index.tile(z, x, y));
      for (const c of d.clusters) {
        expect(c.count).toBeGreaterThanOrEqual(2);
        expect(c.expansionZoom).toBeGreaterThan(z);
        total += c.count;
      }
      for (const s of d.singles) {
        expect(singles.has(s.id)).toBe(false);
        singles.add(s.id);
      }
      total += d.singles.length;
    }
    expect(total).toBe(pts.length);
  });

  it('leaves every point single, with its id and name, in the tile that holds it beyond the cluster zooms', () => {
    for (const z of [14, IMPORTED_TILE_MAX_ZOOM]) {
      const byTile = new Map<string, TilePoint[]>();
      for (const p of pts) {
        const key = `${tileX(p.lng, z)}/${tileY(p.lat, z)}`;
        byTile.set(key, [...(byTile.get(key) ?? []), p]);
      }
      let seen = 0;
      for (const [key, expected] of byTile) {
        const [x, y] = key.split('/').map(Number);
        const d = decode(index.tile(z, x, y));
        expect(d.clusters).toEqual([]);
        expect(d.singles.map((s) => s.id).sort()).toEqual(expected.map((p) => p.id).sort());
        for (const s of d.singles) expect(s.name).toBe(`Lieu fictif ${s.id.slice(1)}`);
        seen += d.singles.length;
      }
      expect(seen).toBe(pts.length);
    }
  });

  it('gives no tile outside the points, the zoom range or the tile range', () => {
    expect(index.tile(10, 0, 0)).toBeNull();
    expect(index.tile(IMPORTED_TILE_MAX_ZOOM + 1, 0, 0)).toBeNull();
    expect(index.tile(2, 4, 0)).toBeNull();
    expect(index.tile(2, -1, 0)).toBeNull();
    expect(index.tile(1.5, 0, 0)).toBeNull();
    expect(index.size).toBe(pts.length);
  });

  it('does not change the points it is given', () => {
    const input = points(50, 3);
    const copy = structuredClone(input);
    const small = createImportedTileIndex(input, OPTIONS);
    small.tile(0, 0, 0);
    expect(input).toEqual(copy);
  });
});
