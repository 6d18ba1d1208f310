import { describe, expect, it } from 'vitest';
import { readPointFeature } from '../../src/data/parse/fast-point-feature.ts';
import { createFeatureStream } from '../../src/data/parse/geojson-feature-stream.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const encode = (text: string) => new TextEncoder().encode(text);

/** What the JSON.parse path makes of a feature: its Point position in degrees, or null (another shape, or an error). */
function reference(text: string): [number, number] | null {
  let f: { geometry?: { type?: unknown; coordinates?: unknown } | null } | null;
  try {
    f = JSON.parse(text);
  } catch {
    return null;
  }
  const g = f && typeof f === 'object' ? f.geometry : null;
  const c = g?.type === 'Point' ? g.coordinates : null;
  if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') return null;
  if (!(Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90)) return null;
  if (c.slice(2).some((x) => typeof x !== 'number')) return null;
  return [c[0], c[1]];
}

function fast(text: string): [number, number] | null {
  const out = new Float64Array(2);
  const bytes = encode(`  ${text} `);
  // read from inside a larger buffer, as the stream does
  return readPointFeature(bytes, 2, bytes.length - 1, out) ? [out[0], out[1]] : null;
}

/** A seeded fictional Point feature: varied members, values, numbers and spacing, always valid ASCII JSON. */
function randomFeature(random: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const sp = () => pick(['', '', ' ', '\n', '\t ']);
  const num = () =>
    pick([
      () => (random() * 360 - 180).toFixed(Math.floor(random() * 9)),
      () => String(Math.round(random() * 100 - 50)),
      () => `${(random() * 9).toFixed(3)}e${pick(['', '+', '-'])}${Math.floor(random() * 2)}`,
      () => (random() * 180 - 90).toPrecision(17),
      () => '-0',
    ])();
  const str = () => JSON.stringify(pick(['P1', 'a "quoted" name', 'tab\there', 'slash\\back', 'x/y', 'u\u0001', '']));
  const val = (depth: number): string =>
    depth > 2
      ? pick([num, str, () => 'true', () => 'null'])()
      : pick([
          num,
          str,
          () => 'false',
          () => `[${sp()}${Array.from({ length: Math.floor(random() * 3) }, () => val(depth + 1)).join(`,${sp()}`)}]`,
          () => `{${Array.from({ length: Math.floor(random() * 3) }, (_, k) => `"k${k}"${sp()}:${sp()}${val(depth + 1)}`).join(',')}}`,
        ])();
  const lng = (random() * 360 - 180).toFixed(6);
  const lat = (random() * 180 - 90).toFixed(Math.floor(random() * 7));
  const coords = `[${sp()}${lng},${sp()}${lat}${random() < 0.2 ? `,${num()}` : ''}${sp()}]`;
  const geometry = pick([
    () => `{"type":${sp()}"Point",${sp()}"coordinates":${coords}}`,
    () => `{${sp()}"coordinates":${coords},"bbox":[1,2,3,4],"type":"Point"${sp()}}`,
  ])();
  const members = [`"type":"Feature"`, `"properties":${val(0)}`, `"geometry":${sp()}${geometry}`];
  if (random() < 0.3) members.push(`"id":${val(1)}`);
  members.sort(() => random() - 0.5);
  return `{${sp()}${members.join(`,${sp()}`)}${sp()}}`;
}

describe('readPointFeature: plain Point features straight from their bytes', () => {
  it('reads 2,000 seeded features as JSON.parse does (same numbers, bit for bit)', () => {
    const random = mulberry32(2026);
    for (let n = 0; n < 2000; n++) {
      const text = randomFeature(random);
      const expected = reference(text);
      expect(expected, text).not.toBeNull();
      const got = fast(text);
      expect(got, text).not.toBeNull();
      expect(Object.is(got?.[0], expected?.[0]) && Object.is(got?.[1], expected?.[1]), `${text}: ${got} vs ${expected}`).toBe(true);
    }
  });

  it('never takes what JSON.parse rejects: 20,000 seeded one-byte corruptions of valid features', () => {
    const random = mulberry32(7);
    const bytes = '{}[]",:.-+eE0123456789 \\tnulfasx/\u00e9'.split('');
    let rejected = 0;
    for (let n = 0; n < 20_000; n++) {
      const text = randomFeature(random);
      const at = Math.floor(random() * text.length);
      const mode = random();
      const c = bytes[Math.floor(random() * bytes.length)];
      const broken =
        mode < 0.4
          ? text.slice(0, at) + c + text.slice(at + 1)
          : mode < 0.7
            ? text.slice(0, at) + c + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1);
      const got = fast(broken);
      const expected = reference(broken);
      if (got === null) {
        rejected++;
        continue;
      }
      // taken: JSON.parse reads it too, to the same position
      expect(expected, broken).not.toBeNull();
      expect(Object.is(got[0], expected?.[0]) && Object.is(got[1], expected?.[1]), broken).toBe(true);
    }
    expect(rejected).toBeGreaterThan(5000);
  });

  it.each([
    ['a MultiPoint', '{"geometry":{"type":"MultiPoint","coordinates":[[1,2]]}}'],
    ['a null geometry', '{"geometry":null}'],
    ['no geometry', '{"type":"Feature","properties":{}}'],
    [
      'two geometry members (JSON.parse keeps the last)',
      '{"geometry":{"type":"Point","coordinates":[1,2]},"geometry":{"type":"Point","coordinates":[3,4]}}',
    ],
    ['two type members', '{"geometry":{"type":"Point","type":"Point","coordinates":[1,2]}}'],
    ['an escaped key', '{"geometr\\u0079":{"type":"Point","coordinates":[1,2]}}'],
    ['an escaped type', '{"geometry":{"type":"Poin\\u0074","coordinates":[1,2]}}'],
    ['a non-ASCII property', '{"properties":{"nom":"Lille-Fives é"},"geometry":{"type":"Point","coordinates":[1,2]}}'],
    ['a one-number position', '{"geometry":{"type":"Point","coordinates":[1]}}'],
    ['a string in the position', '{"geometry":{"type":"Point","coordinates":["1",2]}}'],
    ['a longitude beyond 180', '{"geometry":{"type":"Point","coordinates":[181,2]}}'],
    ['a huge exponent', '{"geometry":{"type":"Point","coordinates":[1e400,2]}}'],
    ['a leading zero', '{"geometry":{"type":"Point","coordinates":[01,2]}}'],
    ['a bare dot', '{"geometry":{"type":"Point","coordinates":[1.,2]}}'],
    ['a trailing comma', '{"properties":{"a":1,},"geometry":{"type":"Point","coordinates":[1,2]}}'],
    ['a control character in a string', '{"properties":{"a":"x\u0001"},"geometry":{"type":"Point","coordinates":[1,2]}}'],
    ['a bad escape', '{"properties":{"a":"\\x"},"geometry":{"type":"Point","coordinates":[1,2]}}'],
    ['content after the object', '{"geometry":{"type":"Point","coordinates":[1,2]}} 1'],
    ['nesting deeper than 64', `{"properties":${'['.repeat(70)}${']'.repeat(70)},"geometry":{"type":"Point","coordinates":[1,2]}}`],
  ])('leaves %s to the JSON.parse path', (_, text) => {
    expect(fast(text)).toBeNull();
  });

  it('gives a stream the same features, in the same order, with or without it', () => {
    const texts = [
      '{"type":"Feature","properties":{"id":1},"geometry":{"type":"Point","coordinates":[1.5,2.25]}}',
      '{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[3,4],[5,6]]}}',
      '{"type":"Feature","properties":{"nom":"é"},"geometry":{"type":"Point","coordinates":[7,8]}}',
      '{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[-9,-10.5]}}',
    ];
    const file = encode(`{"type":"FeatureCollection","features":[${texts.join(',\n')}]}`);
    const run = (fastPoints: boolean) => {
      const seen: string[] = [];
      const stream = createFeatureStream(
        {
          onMember() {},
          onFeature: (f, i) => {
            const g = (f as { geometry: { coordinates: unknown } }).geometry;
            seen.push(`${i}:${JSON.stringify(g.coordinates)}`);
          },
        },
        ['type'],
        { strictUtf8: true, onPoint: fastPoints ? (lng, lat, i) => seen.push(`${i}:${JSON.stringify([lng, lat])}`) : undefined },
      );
      // cut in small chunks: features across chunk ends
      for (let k = 0; k < file.length; k += 37) stream.write(file.subarray(k, k + 37));
      stream.end();
      return seen;
    };
    expect(run(true)).toEqual(run(false));
    expect(run(true)).toEqual(['0:[1.5,2.25]', '1:[[3,4],[5,6]]', '2:[7,8]', '3:[-9,-10.5]']);
  });

  it('takes seeded plain points in a stream at once, whatever the chunk ends, in order, as JSON.parse reads them', () => {
    const random = mulberry32(77);
    const texts = Array.from({ length: 300 }, () => randomFeature(random));
    // a MultiPoint and a non-ASCII name among them: left to JSON.parse, in their places
    texts[50] = '{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[1,2]]}}';
    texts[51] = '{"type":"Feature","properties":{"nom":"Fictiveville-lès-Test"},"geometry":{"type":"Point","coordinates":[3,4]}}';
    const file = encode(`{"type":"FeatureCollection","features":[${texts.join(',\n')}]}`);
    for (const chunk of [1 << 20, 61, 7]) {
      const seen: string[] = [];
      const stream = createFeatureStream({ onMember() {}, onFeature: (_f, i) => seen.push(`${i}:parsed`) }, ['type'], {
        strictUtf8: true,
        onPoint: (lng, lat, i) => seen.push(`${i}:${JSON.stringify([lng, lat])}`),
      });
      for (let k = 0; k < file.length; k += chunk) stream.write(file.subarray(k, k + chunk));
      stream.end();
      expect(seen).toEqual(texts.map((t, i) => (i === 50 || i === 51 ? `${i}:parsed` : `${i}:${JSON.stringify(reference(t))}`)));
    }
  });
});
