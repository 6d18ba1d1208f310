import { existsSync, readFileSync, statSync } from 'node:fs';
import { importCommunesFromLayer } from '../../data/import/import-communes.ts';
import { fieldsOf, type ImportTarget } from '../../data/import/import-fields.ts';
import { importFile } from '../../data/import/import-file.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  ImportFileError,
  ImportMappingNeeded,
  type ImportCommune,
  type ImportResult,
} from '../../data/import/import-types.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import { summarizeList } from '../terminal-text.ts';

/** The communes and extent of a built bundle, or nulls and a note saying what cannot be checked without them. */
export async function communesOf(
  dataDir: string,
  dept: string,
): Promise<{ communes: ImportCommune[] | null; extent: [number, number, number, number] | null; note: string | null }> {
  try {
    const bundle = await openBundle(dataDir, dept);
    const layer = await bundle.layer('communes');
    if (!layer) throw new CliError(`${bundle.dir}: the bundle has no communes layer`);
    return { communes: importCommunesFromLayer(layer), extent: bundle.manifest.departement.extent, note: null };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return {
      communes: null,
      extent: null,
      note: `note: ${e.message}: rows without coordinates cannot be placed at their commune, and the département's extent is not checked (build it with "npm run -s cli -- data --dept ${dept}")`,
    };
  }
}

/** What a recursion that ran out of stack looks like (V8: "Maximum call stack size exceeded"). */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export interface ValidateInput {
  target: ImportTarget;
  /** Absolute path of the file to check. */
  path: string;
  /** The file as the user named it, for messages. */
  label: string;
  mapping: Record<string, string>;
  communes: ImportCommune[] | null;
  extent: [number, number, number, number] | null;
}

/**
 * Checks a file to import with the app's own import code. A file that cannot be read at all is a
 * CliError naming it: unreadable, too big, a column to map, or a structure nested too deep for
 * the import code (the import pipeline's `cellOf` recursion: caught here, at the CLI boundary).
 */
export function validateFile(input: ValidateInput): ImportResult {
  const { path, label, target } = input;
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`impossible de lire ${label} : fichier introuvable`);
  const size = statSync(path).size;
  if (size > DEFAULT_IMPORT_LIMITS.maxBytes) {
    throw new CliError(
      `${label} : fichier trop volumineux : ${(size / 1048576).toFixed(1)} Mo (limite : ${DEFAULT_IMPORT_LIMITS.maxBytes / 1048576} Mo)`,
    );
  }
  try {
    return importFile(new Uint8Array(readFileSync(path)), {
      fileName: label,
      layer: target.id,
      mapping: input.mapping,
      communes: input.communes,
      extent: input.extent,
    });
  } catch (err) {
    if (err instanceof ImportMappingNeeded) {
      const wanted = err.missing
        .map((m) => (m === 'name' ? 'nom' : m === 'code' ? 'code_qp' : 'latitude+longitude, ou code_insee, ou code_postal/commune'))
        .join(' ; ');
      throw new CliError(
        `${label} : colonne(s) à associer : ${wanted} ; colonnes non reconnues : ${summarizeList(err.unknown, 10)}`,
        `dites quelle colonne porte chaque champ, par exemple --map "nom=${err.unknown[0] ?? 'Colonne'}" (champs : ${fieldsOf(target)
          .map((f) => f.template)
          .join(', ')})`,
      );
    }
    if (err instanceof ImportFileError) throw new CliError(`${label} : ${err.message}`);
    if (isStackOverflow(err)) {
      throw new CliError(
        `${label} : structure imbriquée trop profondément pour être lue (des listes ou objets dans des listes, sur des milliers de niveaux)`,
        'vérifiez le fichier : une valeur de propriété ne devrait pas contenir des milliers de niveaux imbriqués',
      );
    }
    throw err;
  }
}

/** The report and accepted features as JSON texts; a structure too deep to write out is a CliError. */
export function validateOutputs(result: ImportResult, label: string): { report: string; features: string } {
  try {
    return {
      report: `${JSON.stringify(result.report, null, 2)}\n`,
      features: `${JSON.stringify({ type: 'FeatureCollection', features: result.features })}\n`,
    };
  } catch (err) {
    if (!isStackOverflow(err)) throw err;
    throw new CliError(`${label} : une valeur gardée telle quelle est imbriquée trop profondément pour être écrite en JSON`);
  }
}
