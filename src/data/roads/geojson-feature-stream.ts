/**
 * Splits a GeoJSON FeatureCollection arriving in byte chunks into its features, one at a time,
 * without holding the file: a byte scanner tracks nesting and strings, cuts each element of the
 * top-level `features` array and hands it to `JSON.parse` (native, fast). Other top-level members
 * named in `members` (`type`, `crs`) are parsed the same way. Invalid JSON inside a feature is
 * `JSON.parse`'s error; an unclosed document is reported by `end()`.
 */
export interface FeatureStream {
  write(chunk: Uint8Array): void;
  /** Checks that the document is complete. */
  end(): void;
  /** Bytes consumed so far. */
  readonly offset: number;
}

export interface FeatureStreamHandlers {
  /** A top-level member listed in `members`, parsed. */
  onMember(key: string, value: unknown): void;
  /** One element of the top-level `features` array, parsed, with its 0-based index. */
  onFeature(feature: unknown, index: number): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

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

export function createFeatureStream(handlers: FeatureStreamHandlers, members: readonly string[] = ['type', 'crs']): FeatureStream {
  const decoder = new TextDecoder();
  let buf = new Uint8Array(0);
  let base = 0; // file offset of buf[0]
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  // top-level bookkeeping (depth 1)
  let expectKey = false;
  let keyStart = -1;
  let key = '';
  let expectValue = false;
  let captureStart = -1; // a member value being captured, or -1
  let captureKey = '';
  let inFeatures = false;
  let featureStart = -1;
  let featureIndex = 0;
  let done = false;

  const parse = (start: number, end: number, what: string): unknown => {
    const text = decoder.decode(buf.subarray(start, end));
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new FeatureStreamError(`${what} : JSON illisible (${(e as Error).message})`, base + start);
    }
  };
  const finishCapture = (end: number) => {
    if (captureStart >= 0) handlers.onMember(captureKey, parse(captureStart, end, `membre « ${captureKey} »`));
    captureStart = -1;
  };

  return {
    get offset() {
      return base + buf.length;
    },
    write(chunk) {
      // keep only the bytes of an element still open, then append the chunk
      const keepFrom = Math.min(...[featureStart, captureStart, keyStart].filter((x) => x >= 0), buf.length);
      const tail = buf.subarray(keepFrom);
      const next = new Uint8Array(tail.length + chunk.length);
      next.set(tail);
      next.set(chunk, tail.length);
      const scanFrom = tail.length;
      if (featureStart >= 0) featureStart -= keepFrom;
      if (captureStart >= 0) captureStart -= keepFrom;
      if (keyStart >= 0) keyStart -= keepFrom;
      base += keepFrom;
      buf = next;
      for (let i = scanFrom; i < buf.length; i++) {
        const b = buf[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) {
            inString = false;
            if (keyStart >= 0) {
              key = decoder.decode(buf.subarray(keyStart, i));
              keyStart = -1;
            }
          }
          continue;
        }
        if (isSpace(b)) continue;
        if (done) throw new FeatureStreamError('contenu après la fin du document JSON', base + i);
        if (!started) {
          if (b !== OPEN_OBJECT) throw new FeatureStreamError('le document ne commence pas par un objet JSON', base + i);
          started = true;
        }
        if (depth === 1 && expectValue) {
          expectValue = false;
          if (key === 'features') {
            if (b !== OPEN_ARRAY) throw new FeatureStreamError('« features » n’est pas une liste', base + i);
            inFeatures = true;
          } else if (members.includes(key)) {
            captureStart = i;
            captureKey = key;
          }
        }
        if (inFeatures && depth === 2 && b !== OPEN_OBJECT && b !== COMMA && b !== CLOSE_ARRAY) {
          throw new FeatureStreamError(`l’élément ${featureIndex + 1} de « features » n’est pas un objet`, base + i);
        }
        if (b === QUOTE) {
          inString = true;
          if (depth === 1 && expectKey) {
            keyStart = i + 1;
            expectKey = false;
          }
        } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
          if (inFeatures && depth === 2 && b === OPEN_OBJECT) featureStart = i;
          depth++;
          if (depth === 1) expectKey = true;
        } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
          depth--;
          if (depth < 0) throw new FeatureStreamError('accolade ou crochet fermant en trop', base + i);
          if (inFeatures && depth === 2 && b === CLOSE_OBJECT) {
            handlers.onFeature(parse(featureStart, i + 1, `entité ${featureIndex + 1}`), featureIndex);
            featureIndex++;
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
    },
    end() {
      if (!started) throw new FeatureStreamError('fichier vide ou sans objet JSON', base + buf.length);
      if (!done || inString) throw new FeatureStreamError('JSON tronqué ou incomplet : le document n’est pas fermé', base + buf.length);
    },
  };
}
