import { decodeWindows1252, firstInvalidUtf8Offset } from '../parse/decode-text.ts';
import { looksLikeFiness } from './finess-import.ts';
import { DEFAULT_IMPORT_LIMITS, ImportFileError, type ImportEncoding, type ImportFormat } from './import-types.ts';

export type FileWarning = { kind: 'encoding' | 'format'; message: string };

export interface DecodedImport {
  text: string;
  encoding: ImportEncoding;
  warnings: FileWarning[];
}

function megabytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.ceil(n / 1024).toLocaleString('fr-FR')} ko`;
  return `${(n / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/** One line end: files glued from several sources mix CRLF, LF and CR, which a CSV parser reads as one. */
function oneNewline(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Refuses a file over the size limit before reading it, with a French message. */
export function checkImportSize(size: number, limits = DEFAULT_IMPORT_LIMITS): void {
  if (size > limits.maxBytes) {
    throw new ImportFileError(
      `Fichier trop volumineux : ${megabytes(size)} (limite : ${megabytes(limits.maxBytes)}). Découpez-le, ou ne gardez que les lignes du département.`,
    );
  }
  if (size === 0) throw new ImportFileError('Fichier vide.');
}

/**
 * Decodes an imported file: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "texte
 * Unicode"), otherwise Windows-1252 when the bytes are not valid UTF-8 (said in a warning).
 * Refuses binary files (a spreadsheet not saved as CSV) and files over the size limit.
 */
export function decodeImportBytes(bytes: Uint8Array, limits = DEFAULT_IMPORT_LIMITS): DecodedImport {
  checkImportSize(bytes.length, limits);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new ImportFileError(
      'Classeur Excel ou OpenDocument (fichier compressé) : enregistrez la feuille au format CSV, puis importez ce CSV.',
    );
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: oneNewline(new TextDecoder('utf-16le').decode(bytes.subarray(2))), encoding: 'utf-16le', warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) throw new ImportFileError('Fichier en UTF-16 gros-boutiste : enregistrez-le en UTF-8.');
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw new ImportFileError('Fichier binaire (octets nuls) : un CSV, un GeoJSON ou un JSON en texte est attendu.');
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8Offset(body);
  if (bad < 0) return { text: oneNewline(new TextDecoder('utf-8').decode(body)), encoding: bom ? 'utf-8-bom' : 'utf-8', warnings: [] };
  if (bom) {
    const line = new TextDecoder('utf-8').decode(body.subarray(0, bad)).split('\n').length;
    throw new ImportFileError(
      `Fichier marqué UTF-8 (BOM) mais dont un octet n’est pas de l’UTF-8, ligne ${line} : fichier abîmé ou encodages mélangés.`,
      { line, column: 0 },
    );
  }
  return {
    text: oneNewline(decodeWindows1252(body)),
    encoding: 'windows-1252',
    warnings: [
      { kind: 'encoding', message: 'fichier lu en Windows-1252 (ce n’est pas de l’UTF-8) : vérifiez les accents dans le rapport' },
    ],
  };
}

/** Tells a file's format from its first characters, and a CSV's separator from its header line. */
export function sniffFormat(text: string): { format: ImportFormat; delimiter: string | null } {
  const start = text.search(/\S/);
  if (start < 0) throw new ImportFileError('Fichier vide : aucun caractère visible.');
  const c = text[start];
  if (c === '<')
    throw new ImportFileError(
      'Page HTML ou fichier XML, pas un CSV ni un GeoJSON : le téléchargement a peut-être renvoyé une page d’erreur.',
    );
  if (c === '{' || c === '[') return { format: text.slice(start, start + 4096).includes('"Feature') ? 'geojson' : 'json', delimiter: null };
  const firstLine = text.slice(start, text.indexOf('\n', start) < 0 ? undefined : text.indexOf('\n', start));
  if (looksLikeFiness(firstLine)) return { format: 'finess', delimiter: ';' };
  return { format: 'csv', delimiter: detectDelimiter(firstLine) };
}

/** The separator of a header line: the most frequent of `;`, `,` and tab outside quotes (`,` on a tie). */
export function detectDelimiter(line: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] === ',' ? -1 : b[0] === ',' ? 1 : 0))[0];
  return best[1] > 0 ? best[0] : ',';
}
