/**
 * GeoJSON `coordinates` read straight from the file's bytes into typed arrays, without the
 * millions of small `[x, y]` arrays `JSON.parse` makes: what lets a large GeoJSON file be read in
 * a fraction of the time and memory (src/data/parse/geojson-feature-stream.ts, `flatCoordinates`).
 */
export interface FlatCoordinates {
  readonly kind: 'flat-coordinates';
  /**
   * Nesting of the arrays: 1 for one position (`Point`), 2 for a list of positions (`MultiPoint`,
   * `LineString`), 3 for rings of positions (`Polygon`, `MultiLineString`), 4 for polygons of rings
   * (`MultiPolygon`).
   */
  depth: 1 | 2 | 3 | 4;
  /** x (longitude), y (latitude) of every position, in order; a third number (height) is dropped. */
  xy: Float64Array;
  /**
   * For depth 3: the end (exclusive, in positions) of each ring. For depth 4: `[polygon ends in
   * rings, ring ends in positions]`. Empty for depths 1 and 2.
   */
  ends: Uint32Array[];
}

/** The nesting of `coordinates` for each GeoJSON geometry type read flat. */
export const COORDINATE_DEPTH: Readonly<Record<string, 1 | 2 | 3 | 4>> = {
  Point: 1,
  MultiPoint: 2,
  LineString: 2,
  Polygon: 3,
  MultiLineString: 3,
  MultiPolygon: 4,
};

export function isFlatCoordinates(value: unknown): value is FlatCoordinates {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'flat-coordinates';
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const OPEN = 0x5b;
const CLOSE = 0x5d;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const EMPTY = new Uint8Array(0);

/** A growable Float64Array / Uint32Array. */
class Grow<T extends Float64Array | Uint32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** The parse under way (one module-level cursor, no closure made per call: this runs once per geometry of a large file). */
const at = {
  bytes: new Uint8Array(0) as Uint8Array,
  i: 0,
  depth: 1,
  xy: new Grow(new Float64Array(16), (n) => new Float64Array(n)),
  levels: [] as Grow<Uint32Array>[],
  /** counts[l]: elements closed so far at level l (l = 0 the outermost list), for the ends. */
  counts: new Uint32Array(5),
};

function skip(): number {
  const { bytes } = at;
  let i = at.i;
  let b = bytes[i];
  while (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) b = bytes[++i];
  at.i = i;
  return b;
}

/** One JSON number at i, or NaN when the bytes are not one. */
function number(): number {
  const { bytes } = at;
  const from = at.i;
  let i = from;
  let b = bytes[i];
  const negative = b === MINUS;
  if (negative) b = bytes[++i];
  if (b < ZERO || b > NINE) return Number.NaN;
  let mantissa = 0;
  let digits = 0;
  if (b === ZERO) b = bytes[++i];
  else {
    while (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      digits++;
      b = bytes[++i];
    }
  }
  let fraction = 0;
  if (b === DOT) {
    b = bytes[++i];
    if (b < ZERO || b > NINE) return Number.NaN;
    while (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      digits++;
      fraction++;
      b = bytes[++i];
    }
  }
  if (b === 0x65 || b === 0x45 || digits > 15) {
    // exponent or long mantissa: the exact reading of the text
    if (b === 0x65 || b === 0x45) {
      b = bytes[++i];
      if (b === 0x2b || b === MINUS) b = bytes[++i];
      if (b < ZERO || b > NINE) return Number.NaN;
      while (b >= ZERO && b <= NINE) b = bytes[++i];
    }
    at.i = i;
    let text = '';
    for (let k = from; k < i; k++) text += String.fromCharCode(bytes[k]);
    return Number(text);
  }
  at.i = i;
  const value = fraction ? mantissa / POW10[fraction] : mantissa;
  return negative ? -value : value;
}

/** Parses one array of level `level` (0 the outermost) at i; false on anything unexpected. */
function array(level: number): boolean {
  if (skip() !== OPEN) return false;
  at.i++;
  const innermost = level === at.depth - 1;
  let n = 0;
  if (skip() === CLOSE) at.i++;
  else {
    for (;;) {
      if (innermost) {
        skip();
        const v = number();
        if (Number.isNaN(v)) return false;
        if (n < 2) at.xy.push(v);
      } else if (!array(level + 1)) return false;
      n++;
      const b = skip();
      at.i++;
      if (b === CLOSE) break;
      if (b !== COMMA) return false;
    }
  }
  if (innermost && n < 2) return false; // a position has at least two numbers
  // this array is one more element of its level; a ring (or a polygon) records where it ends,
  // counted in the elements of the level below it: positions (or rings)
  at.counts[level]++;
  if (level >= 1 && level <= at.depth - 2) at.levels[level - 1].push(at.counts[level + 1]);
  return true;
}

/**
 * Parses the JSON array `bytes[start, end)` as GeoJSON coordinates of the given depth. Returns
 * null — and the caller falls back to `JSON.parse` and its own checks — for anything but arrays of
 * JSON numbers nested exactly `depth` deep with at least two numbers per position: a non-number,
 * a position of one number, an array where a number is expected or bad JSON. The numbers are the
 * ones `JSON.parse` gives: the decimal fast path (at most 15 significant digits, no exponent: one
 * exact integer divided by an exact power of ten, correctly rounded), `Number()` of the text otherwise.
 */
export function parseFlatCoordinates(bytes: Uint8Array, start: number, end: number, depth: 1 | 2 | 3 | 4): FlatCoordinates | null {
  at.bytes = bytes;
  at.i = start;
  at.depth = depth;
  at.xy = new Grow(new Float64Array(Math.max(16, (end - start) >> 3)), (n) => new Float64Array(n));
  at.levels = Array.from({ length: Math.max(0, depth - 2) }, () => new Grow(new Uint32Array(16), (n) => new Uint32Array(n)));
  at.counts.fill(0);
  const ok = array(0) && at.i === end;
  const { xy, levels } = at;
  at.bytes = EMPTY;
  if (!ok) return null;
  const flat: FlatCoordinates = { kind: 'flat-coordinates', depth, xy: xy.done(), ends: [] };
  if (depth === 3) flat.ends = [levels[0].done()];
  else if (depth === 4) flat.ends = [levels[0].done(), levels[1].done()];
  return flat;
}
