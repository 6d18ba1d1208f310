import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.ts';
import { forTerminal } from '../terminal-text.ts';

/** One line (or several) for the user on stderr, made terminal-safe (control characters escaped, long lines cut). */
export function say(text: string): void {
  process.stderr.write(`${forTerminal(text)}\n`);
}

/** Writes a file the user named; a failure (missing folder, no permission, disk full) is a CliError naming it. */
export function writeUserFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `impossible d’écrire ${path} : ${code ?? (error as Error).message}`,
      'vérifiez que le dossier existe et que vous pouvez y écrire',
    );
  }
}

/** Writes to the file `out`, or to standard output when `out` is absent or `-`. */
export function writeOutput(out: string | undefined, text: string): void {
  if (!out || out === '-') process.stdout.write(text);
  else writeUserFile(resolve(out), text);
}
