import { existsSync, readFileSync, statSync } from 'node:fs';
import { decodeText, parseJsonText } from '../../data/parse/decode-text.ts';
import { CliError } from '../cli-error.ts';

/** Reads a UTF-8 text file the user named (a BOM is dropped); a missing path or a folder is a CliError. */
export function readUserText(path: string): string {
  if (!existsSync(path)) throw new CliError(`fichier introuvable : ${path}`);
  if (!statSync(path).isFile()) throw new CliError(`${path} n’est pas un fichier`);
  return decodeText(new Uint8Array(readFileSync(path)), 'utf-8', path);
}

/** Reads and parses a JSON file the user named; a missing path, a folder or bad JSON is a located CliError or SourceFileError. */
export function readUserJson(path: string): unknown {
  return parseJsonText(readUserText(path), path);
}
