import { readPointFeature, readPointFeatureAt } from './fast-point-feature.ts';
import { COORDINATE_DEPTH, type FlatArena, type FlatCoordinates, parseFlatCoordinates, readFlatCoordinatesAt } from './flat-coordinates.ts';

/**
 * Splits a GeoJSON FeatureCollection arriving in byte chunks into its features, one at a time,
 * without holding the file: a byte scanner tracks nesting and strings, cuts each element of the
 * top-level `features` array and hands it to `JSON.parse` (native, fast). Other top-level members
 * named in `members` (`type`, `crs`) are parsed the same way. Invalid JSON inside a feature is
 * `JSON.parse`'s error, located by the feature's number; an unclosed document is reported by `end()`.
 *
 * The features completed in one chunk are parsed together, by one `JSON.parse` of `[f1,f2,…]`
 * (the scanner has checked that only commas and spaces separate them): one native call per chunk
 * instead of one per feature. When that parse fails, the chunk's features are parsed one by one to
 * name the bad one. Memory stays at one chunk plus the feature still open.
 */
export interface FeatureStream {
  write(chunk: Uint8Array): void;
  /** Checks that the document is complete. */
  end(): void;
  /** Bytes consumed so far. */
  readonly offset: number;
  /** Whether the document had a top-level `features` list (seen so far). */
  readonly hasFeatureList: boolean;
}

export interface FeatureStreamOptions {
  /** Invalid UTF-8 inside a feature or member is an error (else it becomes U+FFFD, as browsers decode). */
  strictUtf8?: boolean;
  /**
   * Each feature's `geometry.coordinates` is read straight into typed arrays
   * ({@link FlatCoordinates}) instead of nested arrays: several times faster and smaller on large
   * files. A geometry the fast reader does not take (an unknown type, a non-number in a position…)
   * keeps the nested arrays `JSON.parse` gives, for the caller's own checks.
   */
  flatCoordinates?: boolean;
  /** Where flat coordinates are kept (views on large blocks, see FlatArena); else each geometry's arrays are its own. */
  flatArena?: FlatArena;
  /**
   * A plain Point feature with a position in degrees, read straight from its bytes
   * (src/data/parse/fast-point-feature.ts), is handed here as `(lng, lat, index)` instead of being
   * parsed and given to `onFeature`; every other feature still goes to `onFeature`, in order.
   */
  onPoint?: (lng: number, lat: number, index: number) => void;
}

export interface FeatureStreamHandlers {
  /** A top-level member listed in `members`, parsed. */
  onMember(key: string, value: unknown): void;
  /** One element of the top-level `features` array, parsed, with its 0-based index. */
  onFeature(feature: unknown, index: number): void;
}

const GEOMETRY = new TextEncoder().encode('geometry');
const COORDINATES = new TextEncoder().encode('coordinates');
/** `0`: what the coordinates of a flat-read geometry are replaced with before `JSON.parse`. */
const PLACEHOLDER = 0x30;

function sameBytes(buf: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[start + k] !== word[k]) return false;
  return true;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** A JSON syntax problem at a byte offset of the file (before any feature could be parsed). */
export class FeatureStreamError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'FeatureStreamError';
  }
}

/** Scanner state kept between chunks (copied to locals while a chunk is scanned). */
interface ScanState {
  depth: number;
  inString: boolean;
  escaped: boolean;
  started: boolean;
  expectKey: boolean;
  keyStart: number;
  key: string;
  expectValue: boolean;
  /** A member value being captured, or -1. */
  captureStart: number;
  captureKey: string;
  inFeatures: boolean;
  featureStart: number;
  featureIndex: number;
  done: boolean;
  // flat coordinates: where the current feature's `geometry.coordinates` array lies
  /** The next string at depth 3 (the feature's members), or 4 in the geometry, is a member name. */
  memberNameNext: boolean;
  memberNameStart: number;
  /** The member whose value comes next: 'geometry' (depth 3), 'coordinates' (depth 4), or ''. */
  valueOf: '' | 'geometry' | 'coordinates';
  inGeometry: boolean;
  coordsStart: number;
  coordsEnd: number;
  /** The coordinates at [coordsStart, coordsEnd), when they were read as they were scanned. */
  coordsFlat: FlatCoordinates | null;
}

export function createFeatureStream(
  handlers: FeatureStreamHandlers,
  members: readonly string[] = ['type', 'crs'],
  options: FeatureStreamOptions = {},
): FeatureStream {
  const decoder = new TextDecoder('utf-8', { fatal: options.strictUtf8 === true });
  let hasFeatureList = false;
  let buf = new Uint8Array(0);
  /** The array buf is the start of, and the other one, free for the next chunk. */
  let store = buf;
  let spare = new Uint8Array(0);
  let base = 0; // file offset of buf[0]
  const s: ScanState = {
    depth: 0,
    inString: false,
    escaped: false,
    started: false,
    expectKey: false,
    keyStart: -1,
    key: '',
    expectValue: false,
    captureStart: -1,
    captureKey: '',
    inFeatures: false,
    featureStart: -1,
    featureIndex: 0,
    done: false,
    memberNameNext: false,
    memberNameStart: -1,
    valueOf: '',
    inGeometry: false,
    coordsStart: -1,
    coordsEnd: -1,
    coordsFlat: null,
  };
  const flat = options.flatCoordinates === true;
  const arena = options.flatArena;
  const onPoint = options.onPoint;
  const point = new Float64Array(2);
  // features completed in the current chunk, not parsed yet: [start, end) byte ranges in buf, and
  // the range of their geometry's coordinates (-1 when not read flat)
  const pendingStarts: number[] = [];
  const pendingEnds: number[] = [];
  const pendingCoords: number[] = [];
  /** The coordinates of each pending feature read during the scan, or null (read at the flush, or not flat). */
  const pendingFlat: (FlatCoordinates | null)[] = [];
  let pendingFirstIndex = 0;

  const parse = (start: number, end: number, what: string): unknown => {
    let text: string;
    try {
      text = decoder.decode(buf.subarray(start, end));
    } catch {
      throw new FeatureStreamError(`${what} : texte qui n’est pas de l’UTF-8 valide`, base + start);
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new FeatureStreamError(`${what} : JSON illisible (${(e as Error).message})`, base + start);
    }
  };
  let textBuffer = new Uint8Array(0);
  /** Bytes [start, end) of buf with each coordinates range of the features in it replaced by `0`. */
  const textOf = (start: number, end: number, firstFeature: number, lastFeature: number): string => {
    if (!flat) return decodeOrFail(start, end);
    // reused from one flush to the next (decoded into a string before the next)
    if (textBuffer.length < end - start) textBuffer = new Uint8Array(Math.max(end - start, 2 * textBuffer.length));
    const out = textBuffer;
    let n = 0;
    let from = start;
    for (let k = firstFeature; k <= lastFeature; k++) {
      const cs = pendingCoords[2 * k];
      if (cs < 0) continue;
      out.set(buf.subarray(from, cs), n);
      n += cs - from;
      out[n++] = PLACEHOLDER;
      from = pendingCoords[2 * k + 1];
    }
    out.set(buf.subarray(from, end), n);
    n += end - from;
    try {
      return decoder.decode(out.subarray(0, n));
    } catch {
      throw new FeatureStreamError(`entité ${pendingFirstIndex + firstFeature + 1} : texte qui n’est pas de l’UTF-8 valide`, base + start);
    }
  };
  const decodeOrFail = (start: number, end: number): string => {
    try {
      return decoder.decode(buf.subarray(start, end));
    } catch {
      throw new FeatureStreamError('texte qui n’est pas de l’UTF-8 valide', base + start);
    }
  };
  /** Puts the flat-read coordinates of pending feature k back into its parsed geometry. */
  const attachCoordinates = (feature: unknown, k: number): void => {
    const cs = pendingCoords[2 * k];
    if (cs < 0) return;
    const ce = pendingCoords[2 * k + 1];
    const g = (feature as { geometry?: unknown } | null)?.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    if (!g || typeof g !== 'object' || g.coordinates !== 0) return;
    const depth = typeof g.type === 'string' && Object.hasOwn(COORDINATE_DEPTH, g.type) ? COORDINATE_DEPTH[g.type] : undefined;
    const scanned = pendingFlat[k];
    const read = depth && scanned?.depth === depth ? scanned : depth ? parseFlatCoordinates(buf, cs, ce, depth, arena) : null;
    g.coordinates = read ?? parse(cs, ce, `entité ${pendingFirstIndex + k + 1}`);
  };
  const flushFeatures = () => {
    const n = pendingStarts.length;
    if (n === 0) return;
    let parsed: unknown[] | null = null;
    if (n > 1) {
      try {
        parsed = JSON.parse(`[${textOf(pendingStarts[0], pendingEnds[n - 1], 0, n - 1)}]`) as unknown[];
        if (parsed.length !== n) parsed = null;
      } catch {
        parsed = null; // one of them is bad: parse them one by one to name it
      }
    }
    const first = pendingFirstIndex;
    const features: unknown[] = [];
    for (let k = 0; k < n; k++) {
      let feature: unknown;
      if (parsed) feature = parsed[k];
      else {
        const what = `entité ${first + k + 1}`;
        try {
          feature = JSON.parse(textOf(pendingStarts[k], pendingEnds[k], k, k));
        } catch (e) {
          if (e instanceof FeatureStreamError) throw e;
          throw new FeatureStreamError(`${what} : JSON illisible (${(e as Error).message})`, base + pendingStarts[k]);
        }
      }
      attachCoordinates(feature, k);
      features.push(feature);
    }
    pendingStarts.length = 0;
    pendingEnds.length = 0;
    pendingCoords.length = 0;
    pendingFlat.length = 0;
    for (let k = 0; k < n; k++) handlers.onFeature(features[k], first + k);
  };
  const finishCapture = (end: number) => {
    if (s.captureStart >= 0) {
      flushFeatures();
      handlers.onMember(s.captureKey, parse(s.captureStart, end, `membre « ${s.captureKey} »`));
    }
    s.captureStart = -1;
  };

  /** Scans buf from `from`; element boundaries are recorded in `s` and the pending lists. */
  const scan = (from: number) => {
    const bytes = buf;
    let { depth, inString, escaped, started, expectKey, expectValue, inFeatures, featureStart, done } = s;
    const fail = (message: string, at: number): never => {
      throw new FeatureStreamError(message, base + at);
    };
    for (let i = from; i < bytes.length; i++) {
      let b = bytes[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (s.memberNameStart >= 0) {
            const word = depth === 3 ? GEOMETRY : COORDINATES;
            s.valueOf = sameBytes(bytes, s.memberNameStart, i, word) ? (depth === 3 ? 'geometry' : 'coordinates') : '';
            s.memberNameStart = -1;
          }
          if (s.keyStart >= 0) {
            try {
              s.key = decoder.decode(bytes.subarray(s.keyStart, i));
            } catch {
              fail('nom de membre qui n’est pas de l’UTF-8 valide', s.keyStart);
            }
            s.keyStart = -1;
          }
        }
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      if (depth >= 6) {
        // inside the elements of a feature's nested arrays (rings and positions of coordinates,
        // mostly): brackets there only change the depth, so they are counted in this tight loop,
        // down to depth 5; a string or an object goes on to the general path below
        for (; i < bytes.length; i++) {
          const c = bytes[i];
          if (c === OPEN_ARRAY) depth++;
          else if (c === CLOSE_ARRAY) {
            if (--depth < 6) break;
          } else if (c === QUOTE || c === OPEN_OBJECT || c === CLOSE_OBJECT) break;
        }
        if (i === bytes.length) break;
        b = bytes[i];
        if (b === CLOSE_ARRAY) continue;
      }
      if (depth === 2 && inFeatures && b === OPEN_OBJECT && onPoint) {
        // a feature starts: a plain point is read from here at once, its bytes not scanned first
        const end = readPointFeatureAt(bytes, i, bytes.length, point);
        if (end > 0) {
          flushFeatures(); // the features before it first, in order
          onPoint(point[0], point[1], s.featureIndex++);
          i = end - 1;
          continue;
        }
      }
      // inside a feature's nested values (coordinates, mostly): only strings and brackets change
      // anything, so numbers, commas and literals are passed over at once
      if (depth >= 5 && b !== QUOTE && b !== OPEN_ARRAY && b !== CLOSE_ARRAY && b !== OPEN_OBJECT && b !== CLOSE_OBJECT) continue;
      if (done) fail('contenu après la fin du document JSON', i);
      if (!started) {
        if (b !== OPEN_OBJECT) fail('le document ne commence pas par un objet JSON', i);
        started = true;
      }
      if (depth === 1 && expectValue) {
        expectValue = false;
        if (s.key === 'features') {
          if (b !== OPEN_ARRAY) fail('« features » n’est pas une liste', i);
          inFeatures = true;
          hasFeatureList = true;
        } else if (members.includes(s.key)) {
          s.captureStart = i;
          s.captureKey = s.key;
        }
      }
      if (inFeatures && depth === 2 && b !== OPEN_OBJECT && b !== COMMA && b !== CLOSE_ARRAY) {
        fail(`l’élément ${s.featureIndex + 1} de « features » n’est pas un objet`, i);
      }
      if (flat && inFeatures && depth >= 3) {
        // the feature's members (depth 3) and its geometry's (depth 4): find geometry.coordinates
        const named = depth === 3 || (depth === 4 && s.inGeometry);
        if (s.valueOf !== '' && b !== COLON) {
          if (s.valueOf === 'geometry' && depth === 3) {
            s.coordsStart = -1; // the last geometry member is the one JSON.parse keeps
            s.coordsEnd = -1;
            s.coordsFlat = null;
            if (b === OPEN_OBJECT) s.inGeometry = true;
          } else if (s.valueOf === 'coordinates' && depth === 4) {
            s.coordsStart = b === OPEN_ARRAY ? i : -1; // the last coordinates member is the one kept
            s.coordsEnd = -1;
            s.coordsFlat = null;
            // read now when the whole array is in this chunk (the usual case): its bytes are passed
            // over once, not scanned then read again at the flush; the depth stays 4
            const read = b === OPEN_ARRAY ? readFlatCoordinatesAt(bytes, i, bytes.length, arena) : null;
            if (read) {
              s.valueOf = '';
              s.memberNameNext = false;
              s.coordsEnd = read.end;
              s.coordsFlat = read.flat;
              i = read.end - 1;
              continue;
            }
          }
          s.valueOf = '';
        }
        if (b === QUOTE && named && s.memberNameNext) s.memberNameStart = i + 1;
        s.memberNameNext = named && b === COMMA;
        if (depth === 4 && s.inGeometry && b === CLOSE_OBJECT) s.inGeometry = false;
        if (depth === 5 && b === CLOSE_ARRAY && s.coordsStart >= 0 && s.coordsEnd < 0) s.coordsEnd = i + 1;
      }
      if (flat && inFeatures && b === OPEN_OBJECT && (depth === 2 || (depth === 3 && s.inGeometry))) s.memberNameNext = true;
      if (b === QUOTE) {
        inString = true;
        if (depth === 1 && expectKey) {
          s.keyStart = i + 1;
          expectKey = false;
        }
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        if (inFeatures && depth === 2 && b === OPEN_OBJECT) featureStart = i;
        depth++;
        if (depth === 1) expectKey = true;
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth--;
        if (depth < 0) fail('accolade ou crochet fermant en trop', i);
        if (inFeatures && depth === 2 && b === CLOSE_OBJECT && onPoint && readPointFeature(bytes, featureStart, i + 1, point)) {
          flushFeatures(); // the features before it first, in order
          onPoint(point[0], point[1], s.featureIndex++);
          featureStart = -1;
        } else if (inFeatures && depth === 2 && b === CLOSE_OBJECT) {
          if (pendingStarts.length === 0) pendingFirstIndex = s.featureIndex;
          pendingStarts.push(featureStart);
          pendingEnds.push(i + 1);
          const whole = s.coordsStart >= 0 && s.coordsEnd >= 0;
          pendingCoords.push(whole ? s.coordsStart : -1, whole ? s.coordsEnd : -1);
          pendingFlat.push(whole ? s.coordsFlat : null);
          s.coordsStart = -1;
          s.coordsEnd = -1;
          s.coordsFlat = null;
          s.inGeometry = false;
          s.valueOf = '';
          s.featureIndex++;
          featureStart = -1;
        } else if (inFeatures && depth === 1 && b === CLOSE_ARRAY) inFeatures = false;
        if (depth === 0) {
          finishCapture(i);
          done = true;
        }
      } else if (depth === 1) {
        if (b === COLON) expectValue = true;
        else if (b === COMMA) {
          finishCapture(i);
          expectKey = true;
        }
      }
    }
    Object.assign(s, { depth, inString, escaped, started, expectKey, expectValue, inFeatures, featureStart, done });
  };

  return {
    get offset() {
      return base + buf.length;
    },
    get hasFeatureList() {
      return hasFeatureList;
    },
    write(chunk) {
      // keep only the bytes of an element still open, then append the chunk
      let keepFrom = buf.length;
      for (const x of [s.featureStart, s.captureStart, s.keyStart, s.memberNameStart]) if (x >= 0 && x < keepFrom) keepFrom = x;
      const tail = buf.subarray(keepFrom);
      // two buffers in turn (the tail copied from one into the other): fresh memory costs a page
      // fault per 4 KiB touched, a new buffer per chunk several milliseconds per MiB read
      const needed = tail.length + chunk.length;
      const target = spare.length >= needed ? spare : new Uint8Array(Math.max(needed, 2 * chunk.length));
      target.set(tail);
      target.set(chunk, tail.length);
      spare = store;
      store = target;
      const next = target.subarray(0, needed);
      if (s.featureStart >= 0) s.featureStart -= keepFrom;
      if (s.captureStart >= 0) s.captureStart -= keepFrom;
      if (s.keyStart >= 0) s.keyStart -= keepFrom;
      if (s.memberNameStart >= 0) s.memberNameStart -= keepFrom;
      if (s.coordsStart >= 0) s.coordsStart -= keepFrom;
      if (s.coordsEnd >= 0) s.coordsEnd -= keepFrom;
      base += keepFrom;
      buf = next;
      try {
        scan(tail.length);
      } finally {
        // features completed before an error are still handed over, in order
        flushFeatures();
      }
    },
    end() {
      if (!s.started) throw new FeatureStreamError('fichier vide ou sans objet JSON', base + buf.length);
      if (!s.done || s.inString) throw new FeatureStreamError('JSON tronqué ou incomplet : le document n’est pas fermé', base + buf.length);
    },
  };
}
