import type { Point } from 'geojson';
import type { ImportedFeature } from './import-types.ts';

/**
 * Imported features packed for a structured clone (the import worker's batches to the page, the
 * chunks of the stored copy). A clone of feature objects writes every property's key again for
 * every feature and makes every object anew on the other side: at 200,000 rows that cost the import
 * worker about 0.8 s and the page about 1.4 s (docs/benchmarks.md, "Import, seventh round").
 * Packed, a plain point feature is two numbers in a typed array, the index of its properties' key
 * list (written once per batch) and its values in one flat array; the page rebuilds the same
 * objects, keys in the same order.
 *
 * A feature that is not a plain point (another geometry, a third coordinate, an `id` or `bbox`
 * member, null properties) is carried whole, at its place: nothing is dropped or changed. Unlike a
 * clone of the features themselves, an object shared by two features' members (their properties,
 * say) comes back as two copies; imports never share them.
 */
export interface PackedFeatures {
  count: number;
  /** `[lng, lat]` of each feature, in order (0, 0 for one carried whole). */
  coordinates: Float64Array;
  /** The properties' key lists, each once, in their keys' order. */
  shapes: string[][];
  /** For each feature, its key list's index in `shapes`; -1 for a feature carried whole. */
  shapeOf: Int32Array;
  /** The properties' values, feature after feature, each in its key list's order. */
  values: unknown[];
  /** The features carried whole, with their index. */
  whole: { at: number; feature: ImportedFeature }[];
}

const FEATURE_KEYS = ['type', 'geometry', 'properties'];
const POINT_KEYS = ['type', 'coordinates'];

/**
 * Whether `o`'s enumerable keys are exactly `keys`, in that order (`for…in` gives the own keys first,
 * in `Object.keys` order, then any inherited one, which makes the answer no).
 */
function hasKeys(o: object, keys: readonly string[]): boolean {
  let n = 0;
  for (const k in o) if (k !== keys[n++]) return false;
  return n === keys.length;
}

/** `{ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties: {…} }` and nothing else. */
function isPlainPoint(f: ImportedFeature): boolean {
  const g = f.geometry as { type?: unknown; coordinates?: unknown } | null;
  if (f.type !== 'Feature' || g === null || typeof g !== 'object' || g.type !== 'Point') return false;
  const c = g.coordinates;
  if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') return false;
  const p = f.properties;
  if (p === null || typeof p !== 'object' || Array.isArray(p) || Object.getPrototypeOf(p) !== Object.prototype) return false;
  return hasKeys(f, FEATURE_KEYS) && hasKeys(g, POINT_KEYS);
}

/** Packs `features` (not changed) for a structured clone; the buffers `packedTransferables` names can be transferred. */
export function packFeatures(features: readonly ImportedFeature[]): PackedFeatures {
  const count = features.length;
  const coordinates = new Float64Array(count * 2);
  const shapeOf = new Int32Array(count);
  const shapes: string[][] = [];
  /** Key list (as JSON) → its index in `shapes`. */
  const shapeIndex = new Map<string, number>();
  const values: unknown[] = [];
  const whole: PackedFeatures['whole'] = [];
  // the previous feature's key list: consecutive features of an import almost always share it
  let last: string[] | null = null;
  let lastIndex = -1;
  for (let i = 0; i < count; i++) {
    const f = features[i];
    if (!isPlainPoint(f)) {
      shapeOf[i] = -1;
      whole.push({ at: i, feature: f });
      continue;
    }
    const p = f.properties as Record<string, unknown>;
    if (last === null || !hasKeys(p, last)) {
      const keys = Object.keys(p);
      // an own `__proto__` key would become the prototype if assigned back: carried whole
      if (keys.includes('__proto__')) {
        shapeOf[i] = -1;
        whole.push({ at: i, feature: f });
        last = null;
        continue;
      }
      const joined = JSON.stringify(keys);
      let index = shapeIndex.get(joined);
      if (index === undefined) {
        index = shapes.length;
        shapes.push(keys);
        shapeIndex.set(joined, index);
      }
      lastIndex = index;
      last = keys;
    }
    shapeOf[i] = lastIndex;
    const [lng, lat] = (f.geometry as Point).coordinates;
    coordinates[2 * i] = lng;
    coordinates[2 * i + 1] = lat;
    for (let k = 0; k < last.length; k++) values.push(p[last[k]]);
  }
  return { count, coordinates, shapes, shapeOf, values, whole };
}

/** The buffers of a packed batch, to transfer rather than copy. */
export function packedTransferables(packed: PackedFeatures): ArrayBuffer[] {
  return [packed.coordinates.buffer as ArrayBuffer, packed.shapeOf.buffer as ArrayBuffer];
}

/** A list of distinct property names, with no hole and no `__proto__` (which `packFeatures` never writes). */
function validKeyList(keys: unknown): boolean {
  if (!Array.isArray(keys)) return false;
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    const k: unknown = keys[i];
    if (typeof k !== 'string' || k === '__proto__' || seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

/** The features `packFeatures` was given, rebuilt; throws (with the reason) if `packed` does not hold together. */
export function unpackFeatures(packed: PackedFeatures): ImportedFeature[] {
  if (packed === null || typeof packed !== 'object') throw new Error('lot de lieux illisible : pas un objet');
  const { count, coordinates, shapes, shapeOf, values, whole } = packed;
  if (!Number.isInteger(count) || count < 0) throw new Error(`lot de lieux illisible : nombre ${String(count)}`);
  if (!(coordinates instanceof Float64Array) || coordinates.length !== count * 2)
    throw new Error('lot de lieux illisible : coordonnées en nombre inattendu');
  if (!(shapeOf instanceof Int32Array) || shapeOf.length !== count) throw new Error('lot de lieux illisible : champs en nombre inattendu');
  if (!Array.isArray(shapes) || !Array.from(shapes, validKeyList).every(Boolean))
    throw new Error('lot de lieux illisible : noms de champs');
  if (!Array.isArray(values) || !Array.isArray(whole)) throw new Error('lot de lieux illisible : valeurs');
  const out = new Array<ImportedFeature>(count);
  let w = 0;
  let v = 0;
  for (let i = 0; i < count; i++) {
    const s = shapeOf[i];
    if (s === -1) {
      const entry = whole[w++];
      if (entry?.at !== i) throw new Error(`lot de lieux illisible : lieu ${i + 1} manquant`);
      out[i] = entry.feature;
      continue;
    }
    const keys = shapes[s];
    if (keys === undefined) throw new Error(`lot de lieux illisible : lieu ${i + 1}, liste de champs ${s} inconnue`);
    if (v + keys.length > values.length) throw new Error(`lot de lieux illisible : valeurs manquantes au lieu ${i + 1}`);
    const properties: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) properties[keys[k]] = values[v++];
    out[i] = { type: 'Feature', geometry: { type: 'Point', coordinates: [coordinates[2 * i], coordinates[2 * i + 1]] }, properties };
  }
  if (v !== values.length) throw new Error(`lot de lieux illisible : ${values.length - v} valeur(s) en trop`);
  if (w !== whole.length) throw new Error(`lot de lieux illisible : ${whole.length - w} lieu(x) en trop`);
  return out;
}
