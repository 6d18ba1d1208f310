import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importFile } from '../../data/import/import-file.ts';
import { importCommunesFromLayer } from '../../data/import/import-communes.ts';
import { IMPORT_TARGETS, fieldsOf, importTargetOf, parseColumnMapping } from '../../data/import/import-fields.ts';
import { ImportFileError, ImportMappingNeeded, DEFAULT_IMPORT_LIMITS, type ImportCommune } from '../../data/import/import-types.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import type { CliCommand } from './command.ts';

const USAGE = `  validate     checks a file to import into a layer (same code as the app's import panel) and
               writes its validation report (rows_read, accepted, rejected [{row, field, reason}], warnings)
               --layer ID       ${IMPORT_TARGETS.map((t) => t.id).join(', ')}
               --file PATH      CSV (, ; or tab; UTF-8 or Windows-1252), GeoJSON, JSON, or a FINESS extract
               --report PATH    where to write the JSON report (default: standard output)
               --map F=COL,…    column for a field the headers do not name (e.g. --map "nom=Raison sociale")
               --out PATH       also write the accepted rows as GeoJSON
               --dept NN        département whose communes place rows without coordinates (default 59)
               --data DIR       bundles folder (default public/data); reads DIR/NN
               exit 0 when the file could be read (even with rejected rows), 2 when it could not
`;

async function communesOf(
  dataDir: string,
  dept: string,
): Promise<{ communes: ImportCommune[] | null; extent: [number, number, number, number] | null }> {
  try {
    const bundle = await openBundle(dataDir, dept);
    const layer = await bundle.layer('communes');
    if (!layer) throw new CliError(`${bundle.dir}: the bundle has no communes layer`);
    return { communes: importCommunesFromLayer(layer), extent: bundle.manifest.departement.extent };
  } catch (e) {
    process.stderr.write(
      `note: ${(e as Error).message}: rows without coordinates cannot be placed at their commune, and the département's extent is not checked (build it with "npm run -s cli -- data --dept ${dept}")\n`,
    );
    return { communes: null, extent: null };
  }
}

export const validateCli: CliCommand = {
  name: 'validate',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        layer: { type: 'string' },
        file: { type: 'string' },
        report: { type: 'string' },
        map: { type: 'string', multiple: true },
        out: { type: 'string' },
        dept: { type: 'string', default: '59' },
        data: { type: 'string', default: 'public/data' },
      },
      strict: true,
    });
    if (!values.layer) throw new CliError('--layer is required', `one of ${IMPORT_TARGETS.map((t) => t.id).join(', ')}`);
    const target = importTargetOf(values.layer);
    if (!target) throw new CliError(`unknown layer "${values.layer}"`, `one of ${IMPORT_TARGETS.map((t) => t.id).join(', ')}`);
    if (!values.file) throw new CliError('--file is required', 'give the file to check, e.g. --file msp.csv');
    const path = resolve(values.file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`cannot read ${values.file}: no such file`);
    for (const out of [values.report, values.out]) {
      if (out && !existsSync(dirname(resolve(out))))
        throw new CliError(`folder ${dirname(resolve(out))} does not exist`, 'create it first or write elsewhere');
    }
    let mapping: Record<string, string> = {};
    try {
      for (const m of values.map ?? []) mapping = { ...mapping, ...parseColumnMapping(target, m) };
    } catch (err) {
      throw new CliError(`--map: ${(err as Error).message}`);
    }
    const size = statSync(path).size;
    if (size > DEFAULT_IMPORT_LIMITS.maxBytes) {
      throw new CliError(
        new ImportFileError(
          `Fichier trop volumineux : ${(size / 1048576).toFixed(1)} Mo (limite : ${DEFAULT_IMPORT_LIMITS.maxBytes / 1048576} Mo).`,
        ).message,
      );
    }
    const { communes, extent } = await communesOf(resolve(values.data!), values.dept!);
    let result: ReturnType<typeof importFile>;
    try {
      result = importFile(new Uint8Array(readFileSync(path)), { fileName: values.file, layer: target.id, mapping, communes, extent });
    } catch (err) {
      if (err instanceof ImportMappingNeeded) {
        const names = fieldsOf(target);
        const wanted = err.missing
          .map((m) => (m === 'name' ? 'nom' : m === 'code' ? 'code_qp' : 'latitude+longitude, ou code_insee, ou code_postal/commune'))
          .join(' ; ');
        throw new CliError(
          `${values.file}: column(s) to map: ${wanted}; unknown headers: ${err.unknown.map((u) => `"${u}"`).join(', ')}`,
          `say which column holds each field, e.g. --map "nom=${err.unknown[0]}" (fields: ${names.map((f) => f.template).join(', ')})`,
        );
      }
      if (err instanceof ImportFileError) throw new CliError(`${values.file}: ${err.message}`);
      throw err;
    }
    const json = `${JSON.stringify(result.report, null, 2)}\n`;
    if (values.report) writeFileSync(resolve(values.report), json);
    else process.stdout.write(json);
    if (values.out) writeFileSync(resolve(values.out), `${JSON.stringify({ type: 'FeatureCollection', features: result.features })}\n`);
    const r = result.report;
    process.stderr.write(
      `${values.file}: ${r.rows_read} rows read, ${r.accepted} accepted, ${r.rejected.length} rejected, ${r.warnings.length} warnings (${r.format}, ${r.schema}, ${r.encoding})\n`,
    );
    return 0;
  },
};
