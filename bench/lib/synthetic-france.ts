import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gaussian, mulberry32, uniform } from './seeded-random.ts';

/** Metropolitan France's box `[minLng, minLat, maxLng, maxLat]`. */
export const FRANCE_BBOX: [number, number, number, number] = [-5, 41.3, 9.6, 51.1];

export interface SyntheticParams {
  seed: number;
  bbox: [number, number, number, number];
  /** Coarse areas ("cantons"): `areaCols × areaRows`. */
  areaCols: number;
  areaRows: number;
  /** Each area is split into `split[0] × split[1]` communes (the finer level, nested exactly). */
  split: [number, number];
  /** Vertices inserted along each commune edge that lies on an area border, and along the other edges. */
  borderEdgeVertices: number;
  innerEdgeVertices: number;
  points: number;
}

export interface SyntheticFiles {
  areasPath: string;
  communesPath: string;
  pointsPath: string;
  areas: number;
  communes: number;
  points: number;
  meanAreaVertices: number;
  meanCommuneVertices: number;
  megabytes: { areas: number; communes: number; points: number };
  /** True when the files of an earlier run with the same parameters were reused. */
  reused?: boolean;
}

type Coord = [number, number];

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Writes a seeded synthetic national-scale case as three GeoJSON files:
 * a jittered-grid tessellation of the box into areas, each made of communes,
 * whose edges are subdivided into many vertices with seeded noise. An edge is
 * computed once and reused by both polygons on either side, and by the area
 * containing it, so neighbours share exactly the same edge vertices (no gaps,
 * no overlaps), as in official boundary files. Points are 60 % clustered around
 * seeded "towns", 40 % uniform. Files are reused when the parameters did not change.
 */
export function writeSyntheticFrance(dir: string, params: SyntheticParams): SyntheticFiles {
  mkdirSync(dir, { recursive: true });
  const metaPath = join(dir, 'synthetic-meta.json');
  const key = JSON.stringify(params);
  if (existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { key: string; files: SyntheticFiles };
    if (meta.key === key && [meta.files.areasPath, meta.files.communesPath, meta.files.pointsPath].every((p) => existsSync(p))) {
      return { ...meta.files, reused: true };
    }
  }

  const random = mulberry32(params.seed);
  const [minLng, minLat, maxLng, maxLat] = params.bbox;
  const nx = params.areaCols * params.split[0];
  const ny = params.areaRows * params.split[1];
  const dx = (maxLng - minLng) / nx;
  const dy = (maxLat - minLat) / ny;

  // grid corners, jittered inside (the outer frame stays straight)
  const corner: Coord[] = new Array((nx + 1) * (ny + 1));
  const cornerAt = (i: number, j: number) => corner[j * (nx + 1) + i];
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const jx = i > 0 && i < nx ? uniform(random, -0.3, 0.3) : 0;
      const jy = j > 0 && j < ny ? uniform(random, -0.3, 0.3) : 0;
      corner[j * (nx + 1) + i] = [round6(minLng + (i + jx) * dx), round6(minLat + (j + jy) * dy)];
    }
  }

  // one noisy polyline per grid edge, endpoints included, computed once and shared
  const edge = (a: Coord, b: Coord, inner: number, onBorder: boolean): Coord[] => {
    const ux = b[0] - a[0];
    const uy = b[1] - a[1];
    const a1 = uniform(random, -0.06, 0.06);
    const f1 = 1 + Math.floor(random() * 2);
    const p1 = uniform(random, 0, 2 * Math.PI);
    const a2 = uniform(random, -0.025, 0.025);
    const f2 = 3 + Math.floor(random() * 4);
    const p2 = uniform(random, 0, 2 * Math.PI);
    const line: Coord[] = [a];
    for (let s = 1; s <= inner; s++) {
      const t = s / (inner + 1);
      const envelope = Math.sin(Math.PI * t);
      const wobble = onBorder ? uniform(random, -0.008, 0.008) : 0;
      const off = envelope * (a1 * Math.sin(2 * Math.PI * f1 * t + p1) + a2 * Math.sin(2 * Math.PI * f2 * t + p2) + wobble);
      line.push([round6(a[0] + t * ux - off * uy), round6(a[1] + t * uy + off * ux)]);
    }
    line.push(b);
    return line;
  };
  const [sx, sy] = params.split;
  const horizontal: Coord[][] = new Array(nx * (ny + 1)); // edge (i,j)→(i+1,j)
  const vertical: Coord[][] = new Array((nx + 1) * ny); // edge (i,j)→(i,j+1)
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i < nx; i++) {
      const border = j % sy === 0;
      horizontal[j * nx + i] = edge(
        cornerAt(i, j),
        cornerAt(i + 1, j),
        border ? params.borderEdgeVertices : params.innerEdgeVertices,
        border,
      );
    }
  }
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const border = i % sx === 0;
      vertical[j * (nx + 1) + i] = edge(
        cornerAt(i, j),
        cornerAt(i, j + 1),
        border ? params.borderEdgeVertices : params.innerEdgeVertices,
        border,
      );
    }
  }

  // counter-clockwise exterior ring of the cell block [i0, i1) × [j0, j1)
  const ring = (i0: number, j0: number, i1: number, j1: number): Coord[] => {
    const out: Coord[] = [];
    const append = (line: Coord[], reversed: boolean) => {
      const n = line.length;
      for (let s = 0; s < n - 1; s++) out.push(line[reversed ? n - 1 - s : s]);
    };
    for (let i = i0; i < i1; i++) append(horizontal[j0 * nx + i], false);
    for (let j = j0; j < j1; j++) append(vertical[j * (nx + 1) + i1], false);
    for (let i = i1 - 1; i >= i0; i--) append(horizontal[j1 * nx + i], true);
    for (let j = j1 - 1; j >= j0; j--) append(vertical[j * (nx + 1) + i0], true);
    out.push(out[0]);
    return out;
  };

  const areaFeatures: string[] = [];
  const communeFeatures: string[] = [];
  let areaVertices = 0;
  let communeVertices = 0;
  for (let aj = 0; aj < params.areaRows; aj++) {
    for (let ai = 0; ai < params.areaCols; ai++) {
      const areaCode = `A${String(aj * params.areaCols + ai).padStart(4, '0')}`;
      const r = ring(ai * sx, aj * sy, (ai + 1) * sx, (aj + 1) * sy);
      areaVertices += r.length - 1;
      areaFeatures.push(
        JSON.stringify({ type: 'Feature', properties: { code: areaCode }, geometry: { type: 'Polygon', coordinates: [r] } }),
      );
      for (let cj = 0; cj < sy; cj++) {
        for (let ci = 0; ci < sx; ci++) {
          const i = ai * sx + ci;
          const j = aj * sy + cj;
          const code = `C${String(j * nx + i).padStart(5, '0')}`;
          const cr = ring(i, j, i + 1, j + 1);
          communeVertices += cr.length - 1;
          communeFeatures.push(
            JSON.stringify({ type: 'Feature', properties: { code, area: areaCode }, geometry: { type: 'Polygon', coordinates: [cr] } }),
          );
        }
      }
    }
  }

  // points: clustered around seeded towns, plus a uniform background
  const towns = Array.from({ length: 400 }, () => ({
    lng: uniform(random, minLng, maxLng),
    lat: uniform(random, minLat, maxLat),
    sigma: uniform(random, 0.02, 0.25),
  }));
  const pointFeatures: string[] = [];
  while (pointFeatures.length < params.points) {
    let lng: number;
    let lat: number;
    if (random() < 0.6) {
      const t = towns[Math.floor(random() * towns.length)];
      lng = t.lng + gaussian(random) * t.sigma * 1.4;
      lat = t.lat + gaussian(random) * t.sigma;
    } else {
      lng = uniform(random, minLng, maxLng);
      lat = uniform(random, minLat, maxLat);
    }
    if (lng <= minLng || lng >= maxLng || lat <= minLat || lat >= maxLat) continue;
    pointFeatures.push(
      JSON.stringify({
        type: 'Feature',
        properties: { id: `P${pointFeatures.length}` },
        geometry: { type: 'Point', coordinates: [round6(lng), round6(lat)] },
      }),
    );
  }

  const write = (name: string, features: string[]) => {
    const path = join(dir, name);
    const text = `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
    writeFileSync(path, text);
    return { path, mb: Buffer.byteLength(text) / 1e6 };
  };
  const a = write('synthetic-areas.geojson', areaFeatures);
  const c = write('synthetic-communes.geojson', communeFeatures);
  const p = write('synthetic-points.geojson', pointFeatures);
  const files: SyntheticFiles = {
    areasPath: a.path,
    communesPath: c.path,
    pointsPath: p.path,
    areas: areaFeatures.length,
    communes: communeFeatures.length,
    points: pointFeatures.length,
    meanAreaVertices: Math.round(areaVertices / areaFeatures.length),
    meanCommuneVertices: Math.round(communeVertices / communeFeatures.length),
    megabytes: { areas: +a.mb.toFixed(1), communes: +c.mb.toFixed(1), points: +p.mb.toFixed(1) },
  };
  writeFileSync(metaPath, JSON.stringify({ key, files }, null, 1));
  return files;
}
