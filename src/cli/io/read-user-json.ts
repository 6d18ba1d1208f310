import { existsSync, readFileSync, statSync } from 'node:fs';
import { decodeText, parseJsonText } from '../../data/parse/decode-text.ts';
import { CliError } from '../cli-error.ts';

/** Reads and parses a JSON file the user named; a missing path, a folder or bad JSON is a located CliError or SourceFileError. */
export function readUserJson(path: string): unknown {
  if (!existsSync(path)) throw new CliError(`fichier introuvable : ${path}`);
  if (!statSync(path).isFile()) throw new CliError(`${path} n’est pas un fichier`);
  return parseJsonText(decodeText(new Uint8Array(readFileSync(path)), 'utf-8', path), path);
}
