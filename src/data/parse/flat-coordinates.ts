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

// The parse writes into these module-level buffers (grown when needed, never shrunk), then copies
// out exactly what it read: no array per position, no growable wrapper per geometry, and monomorphic
// typed-array stores the optimising compiler keeps (this runs on every geometry of a large file).
let xyOut: Float64Array = new Float64Array(1 << 12);
/** Ends recorded when an array of level 1, and of level 2, closes (see `FlatCoordinates.ends`). */
let ends1: Uint32Array = new Uint32Array(64);
let ends2: Uint32Array = new Uint32Array(256);
/** Elements closed so far at each level (0 the outermost). */
const closed = new Uint32Array(5);
/** Where the last number read ended; how many xy, level-1 and level-2 ends were written. */
let numberEnd = 0;
let xyCount = 0;
let ends1Count = 0;
let ends2Count = 0;

function grownF64(a: Float64Array): Float64Array {
  const next = new Float64Array(a.length * 2);
  next.set(a);
  return next;
}

function grownU32(a: Uint32Array): Uint32Array {
  const next = new Uint32Array(a.length * 2);
  next.set(a);
  return next;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** One JSON number at bytes[i] (before `limit`), or NaN when the bytes are not one; its end in `numberEnd`. */
function number(bytes: Uint8Array, from: number, limit: number): number {
  let i = from;
  let b = i < limit ? bytes[i] : -1;
  const negative = b === MINUS;
  if (negative) b = ++i < limit ? bytes[i] : -1;
  if (b < ZERO || b > NINE) return Number.NaN;
  let mantissa = 0;
  let digits = 0;
  if (b === ZERO) b = ++i < limit ? bytes[i] : -1;
  else {
    while (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      digits++;
      b = ++i < limit ? bytes[i] : -1;
    }
  }
  let fraction = 0;
  if (b === DOT) {
    b = ++i < limit ? bytes[i] : -1;
    if (b < ZERO || b > NINE) return Number.NaN;
    while (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      digits++;
      fraction++;
      b = ++i < limit ? bytes[i] : -1;
    }
  }
  if (b === 0x65 || b === 0x45 || digits > 15) {
    // exponent or long mantissa: the exact reading of the text
    if (b === 0x65 || b === 0x45) {
      b = ++i < limit ? bytes[i] : -1;
      if (b === 0x2b || b === MINUS) b = ++i < limit ? bytes[i] : -1;
      if (b < ZERO || b > NINE) return Number.NaN;
      while (b >= ZERO && b <= NINE) b = ++i < limit ? bytes[i] : -1;
    }
    numberEnd = i;
    let text = '';
    for (let k = from; k < i; k++) text += String.fromCharCode(bytes[k]);
    return Number(text);
  }
  numberEnd = i;
  const value = fraction ? mantissa / POW10[fraction] : mantissa;
  return negative ? -value : value;
}

/**
 * Reads the arrays at bytes[start] (after spaces), nested `depth` deep with positions of at least two
 * numbers innermost, into the module buffers; returns the index after the outermost `]`, or -1 on
 * anything else or when `limit` comes first. One loop, no recursion: `level` is the array being read.
 */
function readArrays(bytes: Uint8Array, start: number, limit: number, depth: number): number {
  const innermost = depth - 1;
  xyCount = 0;
  ends1Count = 0;
  ends2Count = 0;
  closed.fill(0);
  let i = start;
  let level = -1;
  // the next thing expected: an array opening at level + 1
  for (;;) {
    while (i < limit && isSpace(bytes[i])) i++;
    if (i >= limit || bytes[i] !== OPEN) return -1;
    i++;
    level++;
    if (level < innermost) {
      while (i < limit && isSpace(bytes[i])) i++;
      if (i >= limit) return -1;
      if (bytes[i] !== CLOSE) continue; // its first element
      i++; // an empty list: closed below
    } else {
      // a position: numbers separated by commas, at least two, x and y kept
      let n = 0;
      for (;;) {
        while (i < limit && isSpace(bytes[i])) i++;
        const v = number(bytes, i, limit);
        if (Number.isNaN(v)) return -1;
        i = numberEnd;
        if (n < 2) {
          if (xyCount === xyOut.length) xyOut = grownF64(xyOut);
          xyOut[xyCount++] = v;
        }
        n++;
        while (i < limit && isSpace(bytes[i])) i++;
        if (i >= limit) return -1;
        const b = bytes[i++];
        if (b === CLOSE) break;
        if (b !== COMMA) return -1;
      }
      if (n < 2) return -1;
    }
    // the array of `level` just closed; then its parent's next element or its end
    for (;;) {
      closed[level]++;
      if (level === 1 && level <= depth - 2) {
        if (ends1Count === ends1.length) ends1 = grownU32(ends1);
        ends1[ends1Count++] = closed[2];
      } else if (level === 2 && level <= depth - 2) {
        if (ends2Count === ends2.length) ends2 = grownU32(ends2);
        ends2[ends2Count++] = closed[3];
      }
      level--;
      if (level < 0) return i;
      while (i < limit && isSpace(bytes[i])) i++;
      if (i >= limit) return -1;
      const b = bytes[i++];
      if (b === COMMA) break; // the next element: an array at level + 1
      if (b !== CLOSE) return -1;
    }
  }
}

/**
 * Memory for many geometries' coordinates: views on large blocks instead of small arrays of their own
 * (an allocation per geometry costs more than reading it), in shared memory when `memory` makes
 * SharedArrayBuffers (then posted to a worker thread without a copy). Blocks are never reused: the
 * views handed out stay valid.
 */
export class FlatArena {
  private f64: Float64Array = new Float64Array(0);
  private f64Used = 0;
  private u32: Uint32Array = new Uint32Array(0);
  private u32Used = 0;

  constructor(
    private readonly memory: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
    private readonly blockBytes = 1 << 22,
  ) {}

  /** The first `n` numbers of `from`, copied into the arena. */
  float64(from: Float64Array, n: number): Float64Array {
    if (this.f64Used + n > this.f64.length) {
      this.f64 = new Float64Array(this.memory(8 * Math.max(n, this.blockBytes >> 3)));
      this.f64Used = 0;
    }
    const view = this.f64.subarray(this.f64Used, this.f64Used + n);
    view.set(from.subarray(0, n));
    this.f64Used += n;
    return view;
  }

  /** The first `n` numbers of `from`, copied into the arena. */
  uint32(from: Uint32Array, n: number): Uint32Array {
    if (this.u32Used + n > this.u32.length) {
      this.u32 = new Uint32Array(this.memory(4 * Math.max(n, this.blockBytes >> 4)));
      this.u32Used = 0;
    }
    const view = this.u32.subarray(this.u32Used, this.u32Used + n);
    view.set(from.subarray(0, n));
    this.u32Used += n;
    return view;
  }
}

/** What readArrays left in the module buffers, copied out (into `arena` when given). */
function result(depth: 1 | 2 | 3 | 4, arena: FlatArena | undefined): FlatCoordinates {
  const xy = arena ? arena.float64(xyOut, xyCount) : xyOut.slice(0, xyCount);
  const first = () => (arena ? arena.uint32(ends1, ends1Count) : ends1.slice(0, ends1Count));
  const flat: FlatCoordinates = { kind: 'flat-coordinates', depth, xy, ends: [] };
  if (depth === 3) flat.ends = [first()];
  else if (depth === 4) flat.ends = [first(), arena ? arena.uint32(ends2, ends2Count) : ends2.slice(0, ends2Count)];
  return flat;
}

/**
 * Parses the JSON array `bytes[start, end)` as GeoJSON coordinates of the given depth. Returns
 * null — and the caller falls back to `JSON.parse` and its own checks — for anything but arrays of
 * JSON numbers nested exactly `depth` deep with at least two numbers per position: a non-number,
 * a position of one number, an array where a number is expected or bad JSON. The numbers are the
 * ones `JSON.parse` gives: the decimal fast path (at most 15 significant digits, no exponent: one
 * exact integer divided by an exact power of ten, correctly rounded), `Number()` of the text otherwise.
 */
export function parseFlatCoordinates(
  bytes: Uint8Array,
  start: number,
  end: number,
  depth: 1 | 2 | 3 | 4,
  arena?: FlatArena,
): FlatCoordinates | null {
  return readArrays(bytes, start, end, depth) === end ? result(depth, arena) : null;
}

/**
 * Reads the coordinates array starting at `bytes[start]` (its `[`) as {@link parseFlatCoordinates} would, its depth
 * taken from its opening brackets, and says where it ends: what lets the feature stream read a geometry's
 * coordinates while it scans them, in one pass over the bytes. Null when the array is not complete before
 * `limit`, is empty at its top, is deeper than 4, or is anything {@link parseFlatCoordinates} refuses.
 */
export function readFlatCoordinatesAt(
  bytes: Uint8Array,
  start: number,
  limit: number,
  arena?: FlatArena,
): { flat: FlatCoordinates; end: number } | null {
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const b = bytes[i];
    if (b === OPEN) depth++;
    else if (!isSpace(b)) break;
  }
  if (depth < 1 || depth > 4) return null;
  const end = readArrays(bytes, start, limit, depth);
  return end < 0 ? null : { flat: result(depth as 1 | 2 | 3 | 4, arena), end };
}
