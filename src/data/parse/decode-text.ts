import { SourceFileError } from '../report.ts';

export type TextEncoding = 'utf-8' | 'windows-1252';

/**
 * Decodes file bytes to text, removing a UTF-8 BOM. UTF-8 is decoded
 * strictly: invalid bytes raise a located error instead of silently
 * becoming U+FFFD.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding, file: string): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\uFFFD');
    const before = lossy.slice(0, at);
    const line = before.split('\n').length;
    throw new SourceFileError(
      file,
      `not valid UTF-8 (first invalid byte on line ${line}, column ${at - before.lastIndexOf('\n')})`,
      'check the file is an intact copy of the official one; if it is Windows-1252, declare "encoding": "windows-1252" in its source mapping',
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON text, turning a syntax error into a located error (line and column). */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = '';
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new SourceFileError(file, `malformed JSON${where}: ${message}`, 'replace the file with an intact copy of the official file');
  }
}
