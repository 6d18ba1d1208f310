import { EXCEL_FR, toCsv } from '../../core/export/csv.ts';
import { fieldsOf, importTargetOf, type ImportTarget } from './import-fields.ts';

/** File name of a layer's template CSV. */
export function templateFileName(target: ImportTarget): string {
  return `modele-import-${target.id}.csv`;
}

/**
 * The template CSV of a layer, generated from the synonyms table: one column per field (its
 * template name), two fictional example rows (one with coordinates, one placed by its commune).
 * French spreadsheet settings (`;`, UTF-8 with BOM, decimal comma) so that it opens right in Excel.
 */
export function templateCsv(targetId: string): string {
  const target = importTargetOf(targetId);
  if (!target) throw new Error(`unknown import layer "${targetId}"`);
  const fields = fieldsOf(target);
  const rows = [fields.map((f) => f.template), fields.map((f) => f.example)];
  if (fields.some((f) => f.example2 !== '')) rows.push(fields.map((f) => f.example2));
  return toCsv(rows, EXCEL_FR);
}

/** The notice of a layer's template: each column, what it holds, and the other headers accepted for it. */
export function templateNotice(targetId: string): { column: string; label: string; synonyms: string[] }[] {
  const target = importTargetOf(targetId);
  if (!target) throw new Error(`unknown import layer "${targetId}"`);
  return fieldsOf(target).map((f) => ({ column: f.template, label: f.label, synonyms: f.synonyms.filter((s) => s !== f.template) }));
}
