import { BundleError } from '../data/bundle/bundle-error.ts';
import { CoverageInputError } from '../data/coverage/coverage-input.ts';
import { ImportFileError } from '../data/import/import-types.ts';
import { SourceFileError } from '../data/report.ts';
import { CliError } from './cli-error.ts';
import { sourceMappedStack } from './source-mapped-stack.ts';
import { forTerminal } from './terminal-text.ts';

/**
 * How the CLI tells a bad input from a bug. An input error is one the code raised on purpose after
 * checking what it was given, so it is of a known class: CliError (arguments, files, bundles, build
 * gates), SourceFileError (a raw file that cannot be read), CoverageInputError (a bundle layer that
 * does not fit), BundleError (a manifest or layer file), ImportFileError (a file to import), or an
 * operating-system error on a path the user named (no such file, permission denied, disk full…).
 * Each is printed as a French message with exit code 2. Anything else escaped every check: it is a
 * bug, printed with its stack and exit code 1 so that it can be reported and fixed.
 */
export interface DescribedError {
  input: boolean;
  /** Lines for stderr, safe for a terminal. */
  text: string;
  exitCode: 1 | 2;
}

/** Operating-system error codes a user can cause by naming a path, in French. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'fichier ou dossier introuvable',
  EACCES: 'permission refusée',
  EPERM: 'opération non permise',
  EISDIR: 'c’est un dossier, pas un fichier',
  ENOTDIR: 'un élément du chemin n’est pas un dossier',
  ENOSPC: 'disque plein',
  EROFS: 'système de fichiers en lecture seule',
  EEXIST: 'existe déjà',
  ENOTEMPTY: 'dossier non vide',
  ENAMETOOLONG: 'nom de fichier trop long',
  ELOOP: 'trop de liens symboliques',
  EMFILE: 'trop de fichiers ouverts',
  EBUSY: 'ressource occupée',
  EXDEV: 'le déplacement traverse deux systèmes de fichiers',
};

export function describeError(error: unknown): DescribedError {
  const input = (message: string, fix?: string): DescribedError => ({
    input: true,
    exitCode: 2,
    text: forTerminal(`erreur : ${message}${fix ? `\nà faire : ${fix}` : ''}`),
  });
  if (error instanceof CliError) return input(error.message, error.fix);
  if (error instanceof SourceFileError) return input(error.message, error.fix);
  if (error instanceof CoverageInputError) {
    return input(`la couche ${error.message}`, 'reconstruisez le bundle avec `npm run -s cli -- data --dept NN`');
  }
  if (error instanceof BundleError || error instanceof ImportFileError) return input(error.message);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && Object.hasOwn(SYSTEM_ERRORS, code)) {
    const e = error as NodeJS.ErrnoException;
    const path = e.path ?? '';
    return input(`${path ? `${path} : ` : ''}${SYSTEM_ERRORS[code]} (${code}${e.syscall ? `, ${e.syscall}` : ''})`);
  }
  // frames of the compiled CLI named by their TypeScript file and line
  const stack = error instanceof Error ? sourceMappedStack(error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return {
    input: false,
    exitCode: 1,
    text: forTerminal(
      `erreur interne (un bogue du programme, pas de vos données) :\n${stack}\nà faire : signalez-la avec la commande lancée et ce message`,
    ),
  };
}
