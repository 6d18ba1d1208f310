/**
 * The common GeoJSON Point feature read straight from its bytes, without `JSON.parse` and the four
 * objects it makes per feature: what lets a file of a million points be read in a fraction of the
 * time. Only a feature this reader can vouch for is taken: valid JSON throughout (every member,
 * `properties` included, checked to the JSON grammar), a `geometry` member once, an object whose
 * `type` is "Point" and whose `coordinates` are JSON numbers `[lng, lat(, …)]` in degrees. Anything
 * else — a MultiPoint, a key with an escape, a non-ASCII byte, a duplicate member, a bad position,
 * bad JSON — is left to the caller's `JSON.parse` path, which keeps its exact answers and messages.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
/** Deeper values are left to JSON.parse. */
const MAX_DEPTH = 64;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const GEOMETRY = Array.from('geometry', (c) => c.charCodeAt(0));
const TYPE = Array.from('type', (c) => c.charCodeAt(0));
const COORDINATES = Array.from('coordinates', (c) => c.charCodeAt(0));
const POINT = Array.from('Point', (c) => c.charCodeAt(0));

/** The reader's position and findings (one module-level cursor: no allocation per feature). */
const at: { bytes: Uint8Array; i: number; end: number; escaped: boolean; lng: number; lat: number } = {
  bytes: new Uint8Array(0),
  i: 0,
  end: 0,
  escaped: false,
  lng: 0,
  lat: 0,
};

function space(): number {
  const { bytes, end } = at;
  let i = at.i;
  while (i < end) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break;
    i++;
  }
  at.i = i;
  return i < end ? bytes[i] : -1;
}

/** A JSON string at i (on its opening quote), ASCII only; `at.escaped` says whether it held an escape. */
function string(): boolean {
  const { bytes, end } = at;
  let i = at.i + 1;
  at.escaped = false;
  while (i < end) {
    const b = bytes[i++];
    if (b === QUOTE) {
      at.i = i;
      return true;
    }
    if (b < 0x20 || b >= 0x80) return false;
    if (b === BACKSLASH) {
      at.escaped = true;
      const e = bytes[i++];
      if (e === 0x75) {
        for (let k = 0; k < 4; k++, i++) {
          const h = bytes[i] | 0x20;
          if (!((h >= ZERO && h <= NINE) || (h >= 0x61 && h <= 0x66))) return false;
        }
      } else if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) {
        return false;
      }
    }
  }
  return false;
}

/** A JSON number at i, as JSON.parse reads it, or NaN when the bytes are not one. */
function number(): number {
  const { bytes, end } = at;
  const from = at.i;
  let i = from;
  const negative = bytes[i] === MINUS;
  if (negative) i++;
  let b = i < end ? bytes[i] : -1;
  if (b < ZERO || b > NINE) return Number.NaN;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  if (b === ZERO) b = ++i < end ? bytes[i] : -1;
  else {
    while (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      digits++;
      b = ++i < end ? bytes[i] : -1;
    }
  }
  if (b === 0x2e) {
    b = ++i < end ? bytes[i] : -1;
    if (b < ZERO || b > NINE) return Number.NaN;
    while (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      digits++;
      fraction++;
      b = ++i < end ? bytes[i] : -1;
    }
  }
  let exact = digits <= 15;
  if (b === 0x65 || b === 0x45) {
    exact = false;
    b = ++i < end ? bytes[i] : -1;
    if (b === 0x2b || b === MINUS) b = ++i < end ? bytes[i] : -1;
    if (b < ZERO || b > NINE) return Number.NaN;
    while (b >= ZERO && b <= NINE) b = ++i < end ? bytes[i] : -1;
  }
  at.i = i;
  if (!exact) {
    let text = '';
    for (let k = from; k < i; k++) text += String.fromCharCode(bytes[k]);
    return Number(text);
  }
  // at most 15 digits: an exact integer over an exact power of ten, correctly rounded, as JSON.parse
  const value = fraction ? mantissa / POW10[fraction] : mantissa;
  return negative ? -value : value;
}

function literal(word: string): boolean {
  const { bytes, end } = at;
  if (at.i + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (bytes[at.i + k] !== word.charCodeAt(k)) return false;
  at.i += word.length;
  return true;
}

/** Any JSON value at i (after spaces), checked and passed over. */
function value(depth: number): boolean {
  const b = space();
  if (b === QUOTE) return string();
  if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
    if (depth >= MAX_DEPTH) return false;
    const close = b === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
    at.i++;
    if (space() === close) {
      at.i++;
      return true;
    }
    for (;;) {
      if (b === OPEN_OBJECT) {
        if (space() !== QUOTE || !string() || space() !== COLON) return false;
        at.i++;
      }
      if (!value(depth + 1)) return false;
      const next = space();
      at.i++;
      if (next === close) return true;
      if (next !== COMMA) return false;
    }
  }
  if (b === 0x74) return literal('true');
  if (b === 0x66) return literal('false');
  if (b === 0x6e) return literal('null');
  return !Number.isNaN(number());
}

/** Whether the string just read, `bytes[start, end)` between its quotes, is `word`, without escapes. */
function keyIs(start: number, end: number, word: number[]): boolean {
  if (at.escaped || end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (at.bytes[start + k] !== word[k]) return false;
  return true;
}

/**
 * Members of an object at i (on its `{`), each handed to `member(keyStart, keyEnd)` when its value
 * is next (which reads the value, or returns false); false on anything unexpected.
 */
function members(member: (keyStart: number, keyEnd: number) => boolean): boolean {
  at.i++;
  if (space() === CLOSE_OBJECT) {
    at.i++;
    return true;
  }
  for (;;) {
    if (space() !== QUOTE) return false;
    const keyStart = at.i + 1;
    if (!string()) return false;
    const keyEnd = at.i - 1;
    if (space() !== COLON) return false;
    at.i++;
    if (!member(keyStart, keyEnd)) return false;
    const next = space();
    at.i++;
    if (next === CLOSE_OBJECT) return true;
    if (next !== COMMA) return false;
  }
}

let sawType = false;
let sawCoordinates = false;
let sawGeometry = false;

function geometryMember(keyStart: number, keyEnd: number): boolean {
  if (at.escaped) return false;
  if (keyIs(keyStart, keyEnd, TYPE)) {
    if (sawType || space() !== QUOTE) return false;
    sawType = true;
    const from = at.i + 1;
    return string() && keyIs(from, at.i - 1, POINT);
  }
  if (keyIs(keyStart, keyEnd, COORDINATES)) {
    if (sawCoordinates || space() !== OPEN_ARRAY) return false;
    sawCoordinates = true;
    at.i++;
    for (let n = 0; ; n++) {
      space();
      const v = number();
      if (Number.isNaN(v)) return false;
      if (n === 0) at.lng = v;
      else if (n === 1) at.lat = v;
      const next = space();
      at.i++;
      if (next === CLOSE_ARRAY) return n >= 1;
      if (next !== COMMA) return false;
    }
  }
  return value(3);
}

function featureMember(keyStart: number, keyEnd: number): boolean {
  if (at.escaped) return false;
  if (!keyIs(keyStart, keyEnd, GEOMETRY)) return value(2);
  if (sawGeometry || space() !== OPEN_OBJECT) return false;
  sawGeometry = true;
  sawType = false;
  sawCoordinates = false;
  return members(geometryMember) && sawType && sawCoordinates;
}

/**
 * Reads the feature `bytes[start, end)` (an object) when it is a plain Point feature with a
 * position in degrees (|lng| ≤ 180, |lat| ≤ 90); writes `[lng, lat]` into `out` and returns true.
 * Returns false — and nothing is decided — for anything else (see the module's note).
 */
export function readPointFeature(bytes: Uint8Array, start: number, end: number, out: Float64Array): boolean {
  at.bytes = bytes;
  at.i = start;
  at.end = end;
  sawGeometry = false;
  const ok = space() === OPEN_OBJECT && members(featureMember) && sawGeometry && space() === -1;
  if (!ok || !(Math.abs(at.lng) <= 180 && Math.abs(at.lat) <= 90)) return false;
  out[0] = at.lng;
  out[1] = at.lat;
  return true;
}

/**
 * The same reading from `bytes[start]` (a feature's `{`) to the end of its object, wherever that is
 * before `limit`: returns the index just after its `}` (and writes `[lng, lat]` into `out`), or -1 —
 * nothing decided — for anything {@link readPointFeature} would not take, or an object not closed
 * before `limit`. What lets the feature stream take a plain point without scanning its bytes first.
 */
export function readPointFeatureAt(bytes: Uint8Array, start: number, limit: number, out: Float64Array): number {
  at.bytes = bytes;
  at.i = start;
  at.end = limit;
  sawGeometry = false;
  const ok = space() === OPEN_OBJECT && members(featureMember) && sawGeometry;
  if (!ok || !(Math.abs(at.lng) <= 180 && Math.abs(at.lat) <= 90)) return -1;
  out[0] = at.lng;
  out[1] = at.lat;
  return at.i;
}
