import { locateJsonError, MAX_LOCATED_NESTING } from './json-location.ts';
import { SourceFileError } from '../report.ts';

export type TextEncoding = 'utf-8' | 'windows-1252';

/**
 * Decodes file bytes to text, removing a UTF-8 BOM. UTF-8 is decoded
 * strictly: invalid bytes raise a located error instead of silently
 * becoming U+FFFD.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding, file: string): string {
  let text: string;
  if (encoding === 'windows-1252') {
    text = decodeWindows1252(bytes);
  } else {
    // the native strict decoder first (fast); the byte-by-byte scan only to locate a bad byte
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      // located below
    }
    const bad = firstInvalidUtf8Offset(bytes);
    if (bad >= 0) {
      const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
      const line = before.split('\n').length;
      throw new SourceFileError(
        file,
        `texte qui n’est pas de l’UTF-8 valide (premier octet invalide 0x${bytes[bad].toString(16).padStart(2, '0')} ligne ${line}, colonne ${before.length - before.lastIndexOf('\n')})`,
        'vérifiez que c’est une copie intacte du fichier officiel ; s’il est en Windows-1252, déclarez "encoding": "windows-1252" dans sa description de source',
      );
    }
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Windows-1252 code points for bytes 0x80–0x9F (undefined bytes map to themselves, as browsers do). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Decodes Windows-1252 bytes (not ISO-8859-1: œ, ’, € and friends live in 0x80–0x9F). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    for (let i = start; i < Math.min(bytes.length, start + CHUNK); i++) {
      const b = bytes[i];
      codes.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** Parses JSON text, turning a syntax error into a located error (line and column). */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const found = locateJsonError(text);
    const where = found.code !== null || found.tooDeep ? `, ligne ${found.line}, colonne ${found.column}` : '';
    throw new SourceFileError(
      file,
      `JSON mal formé${where} (${found.tooDeep ? `imbrication de plus de ${MAX_LOCATED_NESTING} niveaux` : (error as Error).message.slice(0, 200)})`,
      'remplacez-le par une copie intacte du fichier officiel',
    );
  }
}
