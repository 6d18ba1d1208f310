import { rawFileShape } from '../gates/check-raw-files.ts';
import { SourceFileError } from '../report.ts';
import type { SourceDescription } from '../sources/source-description.ts';

/**
 * Checks a file downloaded by `data --update` against its source description before it is stored
 * or built: not empty, not a web page (a portal's error page served with status 200), readable in
 * the declared format and encoding, with every expected column (a renamed column is named, with the
 * unexpected columns found in its place) and at least one row.
 */

/** A downloaded file that is not a sound copy of its source; `reason` is French, for the terminal. */
export class DownloadCheckError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DownloadCheckError';
  }
}

/** True when the bytes start (after blanks and a byte-order mark) like an HTML or XML page. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|\?xml)/.test(head);
}

const list = (names: string[], max = 8): string =>
  names.length <= max
    ? names.map((n) => `« ${n} »`).join(', ')
    : `${names
        .slice(0, max)
        .map((n) => `« ${n} »`)
        .join(', ')} … (+${names.length - max})`;

/** The columns the source expects in its (single) file. */
function expectedColumns(desc: SourceDescription): string[] {
  const columns = desc.expect?.columns;
  if (!columns) return [];
  if (Array.isArray(columns)) return columns;
  const first = desc.files?.[0];
  return first !== undefined && Object.hasOwn(columns, first) ? columns[first] : [];
}

/** Checks the downloaded bytes (see the file comment); returns the rows found. Throws a DownloadCheckError. */
export function checkDownload(bytes: Uint8Array, contentType: string | null, desc: SourceDescription, location: string): { rows: number } {
  if (bytes.length === 0) throw new DownloadCheckError('réponse vide (0 octet)');
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('text/html') || looksLikeHtml(bytes)) {
    throw new DownloadCheckError(
      `la réponse est une page web (HTML${type ? `, type ${type.split(';')[0]}` : ''}), pas un fichier ${desc.format.toUpperCase()} : page d’erreur ou de maintenance du portail ?`,
    );
  }
  let shape: ReturnType<typeof rawFileShape>;
  try {
    shape = rawFileShape({ path: location, location, bytes }, desc);
  } catch (e) {
    if (e instanceof SourceFileError) throw new DownloadCheckError(`fichier illisible comme ${desc.format.toUpperCase()} : ${e.reason}`);
    throw e;
  }
  const wanted = expectedColumns(desc);
  const missing = wanted.filter((c) => !shape.columns.has(c));
  if (missing.length) {
    const known = new Set(wanted);
    const unexpected = [...shape.columns].filter((c) => !known.has(c));
    const where = desc.format === 'csv' ? 'ligne 1 (en-tête)' : 'propriétés des enregistrements';
    throw new DownloadCheckError(
      `${where} : colonne(s) attendue(s) absente(s) : ${list(missing)}` +
        (unexpected.length ? ` ; colonne(s) inattendue(s) : ${list(unexpected)} (colonne renommée ?)` : '') +
        ` ; la description de la source (data/sources/${desc.id}.json, « columns » et « expect.columns ») doit suivre le changement`,
    );
  }
  if (shape.records === 0) throw new DownloadCheckError('aucune ligne de données (fichier réduit à son en-tête)');
  return { rows: shape.records ?? 0 };
}
