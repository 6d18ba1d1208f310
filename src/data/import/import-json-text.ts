import { locateJsonError, MAX_LOCATED_NESTING } from '../parse/json-location.ts';
import { escapeControls } from '../parse/safe-text.ts';
import { ImportFileError } from './import-types.ts';

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'caractère inattendu',
  InvalidNumberFormat: 'nombre mal écrit',
  PropertyNameExpected: 'nom de propriété attendu',
  ValueExpected: 'valeur attendue',
  ColonExpected: '« : » attendu',
  CommaExpected: 'virgule attendue',
  CloseBraceExpected: '« } » attendu',
  CloseBracketExpected: '« ] » attendu',
  EndOfFileExpected: 'texte en trop après la fin du JSON',
  InvalidCommentToken: 'commentaire non permis en JSON',
  UnexpectedEndOfComment: 'commentaire non fermé',
  UnexpectedEndOfString: 'texte entre guillemets non fermé',
  UnexpectedEndOfNumber: 'nombre incomplet',
  InvalidUnicode: 'séquence \\u invalide',
  InvalidEscapeCharacter: 'échappement invalide',
  InvalidCharacter: 'caractère de contrôle dans un texte',
};

/** Parses JSON text; a syntax error becomes a French message with its line and column. */
export function parseImportJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const { offset, line, column, code, tooDeep } = locateJsonError(text);
    if (tooDeep)
      throw new ImportFileError(
        `JSON mal formé et trop imbriqué : plus de ${MAX_LOCATED_NESTING.toLocaleString('fr-FR')} niveaux de listes ou d’objets à partir de la ligne ${line}, colonne ${column}.`,
        { line, column },
      );
    const near = escapeControls(
      text
        .slice(offset, offset + 20)
        .replace(/\s+/g, ' ')
        .trim(),
    );
    const what = (code && JSON_ERRORS[code]) || 'syntaxe invalide';
    throw new ImportFileError(
      `JSON mal formé, ligne ${line}, colonne ${column} : ${what}${near ? ` (près de « ${near} »)` : ' (fin du fichier atteinte)'}.`,
      { line, column },
    );
  }
}
