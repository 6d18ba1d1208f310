import { describe, expect, it } from 'vitest';
import {
  FlatArena,
  isFlatCoordinates,
  parseFlatCoordinates,
  readFlatCoordinatesAt,
  type FlatCoordinates,
} from '../../src/data/parse/flat-coordinates.ts';
import { createFeatureStream } from '../../src/data/parse/geojson-feature-stream.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const enc = (text: string) => new TextEncoder().encode(text);

function flatOf(text: string, depth: 1 | 2 | 3 | 4): FlatCoordinates | null {
  const bytes = enc(text);
  return parseFlatCoordinates(bytes, 0, bytes.length, depth);
}

/** The nested arrays a flat reading stands for (x, y only). */
function nested(f: FlatCoordinates): unknown {
  const pos = (k: number) => [f.xy[2 * k], f.xy[2 * k + 1]];
  const positions = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => pos(from + k));
  const rings = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, r) => positions(r + from === 0 ? 0 : f.ends.at(-1)![r + from - 1], f.ends.at(-1)![r + from]));
  if (f.depth === 1) return pos(0);
  if (f.depth === 2) return positions(0, f.xy.length / 2);
  if (f.depth === 3) return rings(0, f.ends[0].length);
  return Array.from({ length: f.ends[0].length }, (_, p) => rings(p === 0 ? 0 : f.ends[0][p - 1], f.ends[0][p]));
}

/** A number written the many ways JSON allows. */
function numberText(random: () => number): string {
  const r = random();
  const v = (random() - 0.5) * 400;
  if (r < 0.3) return v.toFixed(Math.floor(random() * 9));
  if (r < 0.4) return String(Math.round(v));
  if (r < 0.5) return v.toExponential(Math.floor(random() * 6)).replace('e+', random() < 0.5 ? 'e' : 'E+');
  if (r < 0.6) return String(v); // up to 17 significant digits
  if (r < 0.65) return random() < 0.5 ? '-0' : '0';
  if (r < 0.7) return `${v.toFixed(3)}00000000000000000001`;
  if (r < 0.75) return (v / 1e9).toFixed(20);
  return v.toFixed(6);
}

function randomCoordinates(random: () => number, depth: number): string {
  const space = () => (random() < 0.2 ? ' \n\t'.charAt(Math.floor(random() * 3)) : '');
  const level = (d: number): string => {
    if (d === 1) {
      const n = 2 + (random() < 0.2 ? 1 : 0);
      return `[${space()}${Array.from({ length: n }, () => numberText(random)).join(`${space()},${space()}`)}${space()}]`;
    }
    const n = random() < 0.1 ? 0 : 1 + Math.floor(random() * 4);
    return `[${space()}${Array.from({ length: n }, () => level(d - 1)).join(`,${space()}`)}${space()}]`;
  };
  return level(depth);
}

/** Positions cut to x, y (what a flat reading keeps), -0 kept. */
const xyOnly = (v: unknown): unknown => (Array.isArray(v) ? (typeof v[0] === 'number' ? v.slice(0, 2) : v.map(xyOnly)) : v);

describe('parseFlatCoordinates', () => {
  it('reads the same numbers (-0 included) and nesting as JSON.parse, on 2,000 seeded coordinate arrays of every depth', () => {
    const random = mulberry32(41);
    for (let t = 0; t < 2000; t++) {
      const depth = (1 + (t % 4)) as 1 | 2 | 3 | 4;
      const text = randomCoordinates(random, depth);
      const flat = flatOf(text, depth);
      expect(flat, text).not.toBeNull();
      const expected = xyOnly(JSON.parse(text));
      expect(nested(flat!), text).toEqual(expected);
    }
  });

  it('refuses what is not an array of numbers nested exactly as deep as the type says', () => {
    for (const [text, depth] of [
      ['[1]', 1],
      ['[]', 1],
      ['[1, "2"]', 1],
      ['[1, null]', 1],
      ['[1, 2,]', 1],
      ['[1 2]', 1],
      ['[01, 2]', 1],
      ['[1., 2]', 1],
      ['[.5, 2]', 1],
      ['[+1, 2]', 1],
      ['[1e, 2]', 1],
      ['[NaN, 2]', 1],
      ['[[1, 2]]', 1],
      ['[1, 2]', 2],
      ['[[1, 2], 3]', 2],
      ['[[[1, 2]], [1, 2]]', 3],
    ] as const) {
      expect(flatOf(text, depth), text).toBeNull();
    }
  });

  it('reads an array where it starts, its depth from its brackets, as parseFlatCoordinates does, and says where it ends', () => {
    const random = mulberry32(42);
    for (let t = 0; t < 1000; t++) {
      const depth = (1 + (t % 4)) as 1 | 2 | 3 | 4;
      const text = randomCoordinates(random, depth);
      const bytes = enc(`{"coordinates": ${text}, "type": "x"}`);
      const start = bytes.indexOf(0x5b);
      const got = readFlatCoordinatesAt(bytes, start, bytes.length);
      const expected = flatOf(text, depth);
      // an empty list on top gives no depth: left to the caller (as is a list whose first element is empty)
      if (!expected || !/^\[\s*\[?\s*\[?\s*\[?\s*[-\d]/.test(text)) continue;
      expect(got, text).not.toBeNull();
      expect(got!.end).toBe(start + enc(text).length);
      expect(got!.flat).toEqual(expected);
    }
  });

  it('reads nothing from an array cut short, deeper than 4, or not made of numbers', () => {
    for (const text of ['[[1, 2], [3, 4]', '[[1, 2], [3', '[[[[[1, 2]]]]]', '[[1, 2], ["3", 4]]', '[]', '[1, 2']) {
      const bytes = enc(text);
      expect(readFlatCoordinatesAt(bytes, 0, bytes.length), text).toBeNull();
    }
    // the limit counts, not the end of the bytes
    const bytes = enc('[[1, 2], [3, 4]] ');
    expect(readFlatCoordinatesAt(bytes, 0, 10)).toBeNull();
    expect(readFlatCoordinatesAt(bytes, 0, 16)?.end).toBe(16);
  });

  it('keeps empty lists above positions and the ends of rings and polygons', () => {
    expect(nested(flatOf('[]', 4)!)).toEqual([]);
    const f = flatOf('[[[[0,0],[1,0],[0,1],[0,0]]],[],[[[5,5],[6,5],[5,6],[5,5]],[]]]', 4)!;
    expect([...f.ends[0]]).toEqual([1, 1, 3]);
    expect([...f.ends[1]]).toEqual([4, 8, 8]);
  });
});

describe('createFeatureStream with flatCoordinates', () => {
  function read(text: string, chunk = 7, flatArena?: FlatArena): unknown[] {
    const features: unknown[] = [];
    const stream = createFeatureStream({ onMember: () => undefined, onFeature: (f) => features.push(f) }, ['type'], {
      flatCoordinates: true,
      flatArena,
    });
    const bytes = enc(text);
    for (let at = 0; at < bytes.length; at += chunk) stream.write(bytes.subarray(at, at + chunk));
    stream.end();
    return features;
  }
  const plain = (f: unknown): unknown => {
    const g = (f as { geometry?: { coordinates?: unknown } }).geometry;
    if (g && isFlatCoordinates(g.coordinates)) return { ...(f as object), geometry: { ...g, coordinates: nested(g.coordinates) } };
    return f;
  };

  it('gives the features JSON.parse gives, geometry read flat, whatever the chunk boundaries', () => {
    const random = mulberry32(3);
    const types = ['Point', 'MultiPoint', 'LineString', 'Polygon', 'MultiLineString', 'MultiPolygon'];
    const depth = [1, 2, 2, 3, 3, 4];
    const features: string[] = [];
    for (let i = 0; i < 60; i++) {
      const t = i % types.length;
      const coords = randomCoordinates(random, depth[t]);
      // members in any order, a "coordinates" in the properties, a bbox after the coordinates
      features.push(
        i % 3 === 0
          ? `{"geometry": {"coordinates": ${coords}, "type": "${types[t]}", "bbox": [0, 0, 1, 1]}, "type": "Feature", "properties": {"coordinates": [9, 9], "n": ${i}}}`
          : `{"type":"Feature","properties":{"name":"a \\"geometry\\" {[","n":${i}},"geometry":{"type":"${types[t]}","coordinates":${coords}}}`,
      );
    }
    const text = `{"type": "FeatureCollection", "features": [\n${features.join(',\n')}\n]}`;
    const expected = JSON.parse(text).features.map((f: { geometry: { coordinates: unknown } }) => ({
      ...f,
      geometry: {
        ...f.geometry,
        coordinates: xyOnly(f.geometry.coordinates),
      },
    }));
    for (const [chunk, arena] of [
      [3, undefined],
      [64, undefined],
      [1 << 20, undefined],
      // views on shared blocks of 64 bytes: a new block every few positions, the earlier views kept
      [64, new FlatArena((bytes) => new SharedArrayBuffer(bytes), 64)],
      [1 << 20, new FlatArena(undefined, 64)],
    ] as const) {
      const got = read(text, chunk, arena);
      expect(got.every((f) => isFlatCoordinates((f as { geometry: { coordinates: unknown } }).geometry.coordinates))).toBe(true);
      expect(got.map(plain)).toEqual(expected);
    }
  });

  it('keeps nested arrays for a geometry it does not read flat, and JSON.parse’s last member for duplicates', () => {
    const text =
      '{"type":"FeatureCollection","features":[' +
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[1,"x"]}},' +
      '{"type":"Feature","geometry":{"type":"Curve","coordinates":[[1,2]]}},' +
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2],"coordinates":[3,4]}},' +
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"geometry":null},' +
      '{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}}]}';
    const got = read(text).map(plain);
    expect(got).toEqual(JSON.parse(text).features);
  });

  it('names the feature whose coordinates are not JSON', () => {
    const text =
      '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}},{"type":"Feature","geometry":{"type":"Point","coordinates":[1,tru]}}]}';
    expect(() => read(text, 1 << 20)).toThrow(/entité 2 : JSON illisible/);
  });
});
