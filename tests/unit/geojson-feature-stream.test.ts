import { describe, expect, it } from 'vitest';
import { createFeatureStream } from '../../src/data/parse/geojson-feature-stream.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const DOC = {
  type: 'FeatureCollection',
  name: 'routes "test" {pas une accolade}',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
  features: [
    {
      type: 'Feature',
      properties: { nom: 'Rue des { et des ]', note: 'guillemet " et \\\\ barre', vide: null },
      geometry: {
        type: 'LineString',
        coordinates: [
          [3, 50],
          [3.1, 50.1],
        ],
      },
    },
    { type: 'Feature', properties: { nom: 'Chemin de l’Étang — été' }, geometry: null },
    {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 2],
            [3, 4],
          ],
          [
            [5, 6],
            [7, 8],
          ],
        ],
      },
    },
  ],
  bbox: [1, 2, 7, 8],
};

function run(chunks: Uint8Array[]) {
  const members: Record<string, unknown> = {};
  const features: unknown[] = [];
  const stream = createFeatureStream({ onMember: (k, v) => (members[k] = v), onFeature: (f) => features.push(f) });
  for (const c of chunks) stream.write(c);
  stream.end();
  return { members, features };
}

describe('createFeatureStream', () => {
  const bytes = new TextEncoder().encode(JSON.stringify(DOC, null, 1));

  it('gives every feature and the members asked for, whole', () => {
    const { members, features } = run([bytes]);
    expect(features).toEqual(DOC.features);
    expect(members).toEqual({ type: 'FeatureCollection', crs: DOC.crs });
  });

  it('gives the same result whatever the chunk boundaries (every cut, and seeded random cuts)', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(run([bytes.subarray(0, cut), bytes.subarray(cut)]).features, `cut at ${cut}`).toEqual(DOC.features);
    }
    const random = mulberry32(5);
    for (let t = 0; t < 50; t++) {
      const chunks: Uint8Array[] = [];
      let at = 0;
      while (at < bytes.length) {
        const n = 1 + Math.floor(random() * 20);
        chunks.push(bytes.subarray(at, at + n));
        at += n;
      }
      const r = run(chunks);
      expect(r.features).toEqual(DOC.features);
      expect(r.members.crs).toEqual(DOC.crs);
    }
  });

  it('reads members written after the features', () => {
    const text = '{"features": [{"a": 1}], "type": "FeatureCollection"}';
    expect(run([new TextEncoder().encode(text)]).members.type).toBe('FeatureCollection');
  });

  it('reports unclosed documents, bad features and non-objects with their offset', () => {
    const err = (text: string) => {
      try {
        run([new TextEncoder().encode(text)]);
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(err('{"type": "FeatureCollection", "features": [{"type": ')).toMatch(/tronqué/);
    expect(err('{"features": [{"type": tru}]}')).toMatch(/entité 1 : JSON illisible/);
    expect(err('{"features": [1, 2]}')).toMatch(/élément 1 de « features » n’est pas un objet/);
    expect(err('{"features": {"a": 1}}')).toMatch(/n’est pas une liste/);
    expect(err('[1, 2]')).toMatch(/ne commence pas par un objet/);
    expect(err('{"features": []} {}')).toMatch(/après la fin/);
    expect(err('')).toMatch(/vide/);
  });
});
