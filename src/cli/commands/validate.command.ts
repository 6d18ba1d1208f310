import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IMPORT_TARGETS, importTargetOf, parseColumnMapping } from '../../data/import/import-fields.ts';
import { CliError } from '../cli-error.ts';
import { say, writeOutput, writeUserFile } from '../io/output.ts';
import { quoteForTerminal } from '../terminal-text.ts';
import { defineCommand } from './command.ts';

const LAYERS = IMPORT_TARGETS.map((t) => t.id);

export const validateCommand = defineCommand({
  name: 'validate',
  summary:
    "checks a file to import into a layer (same code as the app's import panel) and\n" +
    '               writes its validation report (rows_read, accepted, rejected [{row, field, reason}], warnings)',
  options: {
    layer: { kind: 'choice', values: LAYERS, valueName: 'ID', help: LAYERS.join(', ') },
    file: { kind: 'text', valueName: 'PATH', help: 'CSV (, ; or tab; UTF-8 or Windows-1252), GeoJSON, JSON, or a FINESS extract' },
    report: { kind: 'text', valueName: 'PATH', help: 'where to write the JSON report (default: standard output)' },
    map: {
      kind: 'text',
      multiple: true,
      valueName: 'F=COL,…',
      help: 'column for a field the headers do not name (e.g. --map "nom=Raison sociale")',
    },
    out: { kind: 'text', valueName: 'PATH', help: 'also write the accepted rows as GeoJSON' },
    dept: { kind: 'dept', default: '59', help: 'département whose communes place rows without coordinates (default 59)' },
    data: { kind: 'text', default: 'public/data', valueName: 'DIR', help: 'bundles folder (default public/data); reads DIR/NN' },
  },
  notes: '               exit 0 when the file could be read (even with rejected rows), 2 when it could not\n',
  async run(values) {
    if (!values.layer) throw new CliError('--layer est obligatoire', `choisissez parmi : ${LAYERS.join(', ')}`);
    const target = importTargetOf(values.layer);
    if (!target)
      throw new CliError(`--layer ${quoteForTerminal(values.layer)} : couche inconnue`, `choisissez parmi : ${LAYERS.join(', ')}`);
    if (!values.file) throw new CliError('--file est obligatoire', 'donnez le fichier à vérifier, par exemple --file msp.csv');
    for (const out of [values.report, values.out]) {
      if (out && !existsSync(dirname(resolve(out)))) {
        throw new CliError(`le dossier ${dirname(resolve(out))} n’existe pas`, 'créez-le d’abord ou écrivez ailleurs');
      }
    }
    let mapping: Record<string, string> = {};
    for (const m of values.map) {
      try {
        mapping = { ...mapping, ...parseColumnMapping(target, m) };
      } catch (err) {
        throw new CliError(`--map : ${(err as Error).message}`);
      }
    }
    const { communesOf, validateFile, validateOutputs } = await import('../actions/validate.action.ts');
    const { communes, extent, note } = await communesOf(resolve(values.data), values.dept);
    if (note) say(note);
    const result = validateFile({ target, path: resolve(values.file), label: values.file, mapping, communes, extent });
    const { report, features } = validateOutputs(result, values.file);
    writeOutput(values.report, report);
    if (values.out) writeUserFile(resolve(values.out), features);
    const r = result.report;
    say(
      `${values.file}: ${r.rows_read} rows read, ${r.accepted} accepted, ${r.rejected.length} rejected, ${r.warnings.length} warnings (${r.format}, ${r.schema}, ${r.encoding})`,
    );
    return 0;
  },
});
