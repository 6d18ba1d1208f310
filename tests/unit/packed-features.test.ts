/**
 * Imported features packed for the import worker's batches (src/data/import/packed-features.ts):
 * cloned as `postMessage` clones them and unpacked, they are the features given, keys in the same
 * order; anything that is not a plain point is carried whole at its place; the input is not changed;
 * a pack that does not hold together is refused with its reason. Fictional features only.
 */
import { describe, expect, it } from 'vitest';
import type { ImportedFeature } from '../../src/data/import/import-types.ts';
import { type PackedFeatures, packFeatures, packedTransferables, unpackFeatures } from '../../src/data/import/packed-features.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

const point = (lng: number, lat: number, properties: Record<string, unknown>): ImportedFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties,
});

/** As the page receives it: cloned with its buffers transferred. */
const roundTrip = (features: ImportedFeature[]) => {
  const packed = packFeatures(features);
  return unpackFeatures(structuredClone(packed, { transfer: packedTransferables(packed) }));
};

/** Every own key of every object, in order, all the way down. */
const keyOrder = (value: unknown): unknown =>
  value !== null && typeof value === 'object'
    ? Array.isArray(value)
      ? value.map(keyOrder)
      : Object.entries(value).map(([k, v]) => [k, keyOrder(v)])
    : value;

describe('packed features', () => {
  it('gives back plain points with their properties, values of every kind, keys in their order', () => {
    const features = [
      point(3.05, 50.63, { id: 'F1', name: 'Maison fictive', services: ['CAF', 'CPAM'], approximate: false, source_row: 2 }),
      point(-0, 50.1, { id: 'F2', name: 'Lieu « fictif »', services: [], approximate: true, source_row: 3, note: null }),
      point(2.5, 51, { name: 'Sans identifiant', extra: { horaires: 'lun. 9h', nested: [1, { a: null }] }, n: 1.5e-7, u: undefined }),
      point(3.1, 50.2, {}),
      point(3.2, 50.3, { b: 1, a: 2 }),
      point(3.3, 50.4, { a: 2, b: 1 }),
    ];
    const back = roundTrip(features);
    expect(back).toEqual(features);
    expect(keyOrder(back)).toEqual(keyOrder(features));
    expect(Object.is(back[1].geometry.type === 'Point' && back[1].geometry.coordinates[0], -0)).toBe(true);
    expect('u' in back[2].properties).toBe(true);
    // packed, not carried whole; each key list written once
    const packed = packFeatures(features);
    expect(packed.whole).toEqual([]);
    expect(packed.shapes.map((s) => s.join(','))).toEqual([
      'id,name,services,approximate,source_row',
      'id,name,services,approximate,source_row,note',
      'name,extra,n,u',
      '',
      'b,a',
      'a,b',
    ]);
  });

  it('carries whole, at their place, the features that are not plain points', () => {
    const others: ImportedFeature[] = [
      {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [3, 50],
              [3.1, 50],
              [3, 50.1],
              [3, 50],
            ],
          ],
        },
        properties: { name: 'Zone' },
      },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [3, 50, 12] }, properties: { name: 'Avec altitude' } },
      { type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [3, 50] }, properties: { name: 'Avec id' } },
      { type: 'Feature', bbox: [3, 50, 3, 50], geometry: { type: 'Point', coordinates: [3, 50] }, properties: { name: 'Avec bbox' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [3, 50] }, properties: null as unknown as Record<string, unknown> },
      { type: 'Feature', geometry: null as never, properties: { name: 'Sans géométrie' } },
      { type: 'Feature', properties: { name: 'Clés dans un autre ordre' }, geometry: { type: 'Point', coordinates: [3, 50] } },
      JSON.parse('{"type":"Feature","geometry":{"type":"Point","coordinates":[3,50]},"properties":{"__proto__":{"x":1},"name":"Proto"}}'),
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [3, 50] },
        properties: Object.assign(Object.create(null), { name: 'Sans prototype' }),
      },
    ];
    const features = others.flatMap((f, i) => [point(3 + i / 100, 50.5, { id: `P${i}`, name: `Point ${i}` }), f]);
    const packed = packFeatures(features);
    expect(packed.whole.map((w) => w.at)).toEqual(others.map((_, i) => 2 * i + 1));
    const back = roundTrip(features);
    expect(back).toEqual(structuredClone(features));
    expect(keyOrder(back)).toEqual(keyOrder(features));
    // the own __proto__ key stays a key, not the object's prototype
    expect(Object.hasOwn(back[15].properties, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(back[15].properties)).toBe(Object.prototype);
  });

  it('gives back seeded random batches exactly, and leaves its input unchanged', () => {
    const random = mulberry32(59);
    const keys = ['id', 'name', 'address', 'postcode', 'phone', 'kind', 'services', 'extra'];
    const value = (): unknown => {
      const r = random();
      if (r < 0.25) return null;
      if (r < 0.5) return `valeur ${Math.floor(random() * 1e6)}`;
      if (r < 0.6) return random() * 1e3;
      if (r < 0.7) return random() < 0.5;
      if (r < 0.8) return ['a', 'b'].slice(0, Math.floor(random() * 3));
      if (r < 0.9) return { colonne: `x${Math.floor(random() * 10)}` };
      return undefined;
    };
    for (let round = 0; round < 20; round++) {
      const features: ImportedFeature[] = [];
      const n = Math.floor(random() * 400);
      for (let i = 0; i < n; i++) {
        const properties: Record<string, unknown> = {};
        // a few key lists, sometimes shuffled, sometimes a feature carried whole
        const order = random() < 0.2 ? [...keys].sort(() => random() - 0.5) : keys;
        for (const k of order) if (random() < 0.8) properties[k] = value();
        if (random() < 0.02)
          features.push({
            type: 'Feature',
            geometry: {
              type: 'LineString',
              coordinates: [
                [3, 50],
                [3.2, 50.2],
              ],
            },
            properties,
          });
        else features.push(point(uniform(random, 2, 4.3), uniform(random, 50, 51.1), properties));
      }
      const before = structuredClone(features);
      const back = roundTrip(features);
      expect(features).toEqual(before);
      expect(back).toEqual(before);
      expect(keyOrder(back)).toEqual(keyOrder(before));
    }
  });

  it('refuses a pack that does not hold together, with its reason', () => {
    const good = () => packFeatures([point(3, 50, { name: 'A' }), point(3.1, 50.1, { name: 'B' })]);
    const broken = (change: (p: PackedFeatures) => void) => {
      const p = good();
      change(p);
      return () => unpackFeatures(p);
    };
    expect(broken((p) => (p.count = 3))).toThrow(/coordonnées en nombre inattendu/);
    expect(broken((p) => (p.count = -1))).toThrow(/nombre -1/);
    expect(broken((p) => (p.shapeOf = new Int32Array(1)))).toThrow(/champs en nombre inattendu/);
    expect(broken((p) => (p.shapeOf[1] = 4))).toThrow(/lieu 2, liste de champs 4 inconnue/);
    expect(broken((p) => p.values.pop())).toThrow(/valeurs manquantes au lieu 2/);
    expect(broken((p) => p.values.push('en trop'))).toThrow(/1 valeur\(s\) en trop/);
    expect(broken((p) => (p.shapeOf[0] = -1))).toThrow(/lieu 1 manquant/);
    expect(broken((p) => p.whole.push({ at: 5, feature: point(0, 0, {}) }))).toThrow(/1 lieu\(x\) en trop/);
    expect(broken((p) => (p.shapes = [['__proto__']]))).toThrow(/noms de champs/);
    expect(broken((p) => (p.shapes = [['name', 'name']]))).toThrow(/noms de champs/);
    // a key list with a hole
    expect(broken((p) => (p.shapes = [new Array<string>(1)]))).toThrow(/noms de champs/);
    expect(broken((p) => (p.shapes = [[1 as unknown as string]]))).toThrow(/noms de champs/);
    expect(() => unpackFeatures(null as unknown as PackedFeatures)).toThrow('lot de lieux illisible : pas un objet');
    expect(unpackFeatures(good())).toHaveLength(2);
  });
});
