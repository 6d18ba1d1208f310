import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DataOptions } from '../actions/data.action.ts';
import type { OptionValues } from '../args/parse-options.ts';
import { CliError } from '../cli-error.ts';
import { say } from '../io/output.ts';
import { defineCommand, type CliCommand } from './command.ts';

const OPTIONS = {
  dept: { kind: 'dept', default: '59', help: 'département code (default 59)' },
  raw: {
    kind: 'text',
    multiple: true,
    valueName: 'DIR',
    help: 'raw-data folder, repeatable, searched in order\n(default: data/raw, then ../shared/opendata)',
  },
  out: { kind: 'text', valueName: 'DIR', help: 'output folder (default public/data); the bundle goes to DIR/NN' },
  fetch: { kind: 'flag', help: 'download missing raw files from their official URLs into the first --raw folder' },
  sources: { kind: 'text', valueName: 'DIR', help: 'source mappings (default data/sources)' },
  departements: { kind: 'text', valueName: 'DIR', help: 'département settings (default data/departements)' },
  all: {
    kind: 'flag',
    help: 'build every metropolitan département (01 … 95, 2A, 2B), several at a time,\nthen print a summary table (France Services, cantons, cantons covered, time)',
  },
  depts: { kind: 'text', valueName: 'LIST', help: 'like --all, for the départements listed (e.g. 02,80,2A)' },
  jobs: { kind: 'whole', min: 1, max: 64, help: 'with --all or --depts: builds at once (default: the cores available)' },
  update: {
    kind: 'flag',
    help: 'take the latest resource of each source published on data.gouv.fr (MAILLAGE_DATAGOUV_API),\ncheck it, rebuild and write changes.json (docs/update.md)',
  },
  'accept-drop': {
    kind: 'flag',
    help: 'confirm that a source gives fewer rows than in the previous bundle\n(beyond its expect.maxDropPercent); the change is written in the manifest',
  },
} as const;

function dataOptionsFrom(values: OptionValues<typeof OPTIONS>, defaults: DataOptions): DataOptions {
  const options = defaults;
  options.versionsDir = resolve('data/build/bundles');
  options.dept = values.dept;
  if (values.raw.length) options.rawFolders = values.raw.map((r) => resolve(r));
  if (values.out) {
    options.outDir = resolve(values.out);
    options.versionsDir = join(options.outDir, '.versions');
  }
  if (values.sources) options.sourcesDir = resolve(values.sources);
  if (values.departements) options.departementsDir = resolve(values.departements);
  options.fetch = values.fetch;
  options.acceptDrop = values['accept-drop'];
  return options;
}

/** The département codes of `--depts 02,80,2A`, checked (unknown or repeated codes are errors). */
function listedCodes(list: string, known: ReadonlyMap<string, string>): string[] {
  const codes = list
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  if (!codes.length) throw new CliError('--depts : liste vide', 'exemple : --depts 02,80,2A');
  const seen = new Set<string>();
  for (const code of codes) {
    if (!known.has(code) && !/^97[1-6]$/.test(code))
      throw new CliError(`--depts : « ${code} » n’est pas un code de département`, 'exemples : 02, 59, 2A, 974');
    if (seen.has(code)) throw new CliError(`--depts : ${code} figure deux fois`);
    seen.add(code);
  }
  return codes;
}

/** `data --all` / `data --depts LIST`: one `data --dept NN` per département, several at a time, then the summary. */
async function runMany(values: OptionValues<typeof OPTIONS>): Promise<number> {
  const { dataAllTable, defaultJobs, metropolitanDepartements, runDataAll } = await import('../actions/data-all.action.ts');
  const metropolitan = metropolitanDepartements();
  const names = new Map(metropolitan.map((d) => [d.code, d.name]));
  const codes = values.all ? metropolitan.map((d) => d.code) : listedCodes(values.depts ?? '', names);
  const passThrough: string[] = [];
  for (const r of values.raw) passThrough.push('--raw', resolve(r));
  if (values.out) passThrough.push('--out', resolve(values.out));
  if (values.sources) passThrough.push('--sources', resolve(values.sources));
  if (values.departements) passThrough.push('--departements', resolve(values.departements));
  if (values.fetch) passThrough.push('--fetch');
  if (values['accept-drop']) passThrough.push('--accept-drop');
  const result = await runDataAll(
    {
      cliEntry: process.argv[1],
      codes,
      jobs: values.jobs ?? defaultJobs(),
      passThrough,
      outDir: values.out ? resolve(values.out) : resolve('public/data'),
      log: say,
    },
    names,
  );
  process.stdout.write(`${dataAllTable(result)}\n`);
  return result.builds.every((b) => b.ok) ? 0 : 1;
}

function makeDataCommand(name: 'data' | 'ensure-data'): CliCommand<typeof OPTIONS> {
  return defineCommand({
    name,
    summary:
      name === 'data'
        ? 'build the data bundle of a département from the official raw files'
        : 'build the bundle only when it is missing (used by npm start); same options as data',
    options: OPTIONS,
    notes:
      name === 'data'
        ? '               stops with exit 2, keeping the previous bundle, when a source breaks its expectations\n' +
          '               (data/sources/<id>.json "expect": columns, rows for the département, fall against the previous bundle)\n'
        : '',
    async run(values) {
      if (values.all || values.depts !== undefined) {
        if (name !== 'data') throw new CliError('--all et --depts ne s’emploient qu’avec la commande data');
        if (values.update)
          throw new CliError(
            '--update s’emploie avec un seul département (--dept NN)',
            'mettez à jour un département, puis reconstruisez les autres avec --all',
          );
        return runMany(values);
      }
      const { defaultDataOptions, hasBundle, runData } = await import('../actions/data.action.ts');
      const options = dataOptionsFrom(values, defaultDataOptions());
      if (values.update) return (await import('../actions/data-update.action.ts')).runUpdateCommand(options);
      if (name === 'ensure-data' && hasBundle(options.outDir, options.dept)) {
        say(`data bundle for ${options.dept} present in ${join(options.outDir, options.dept)}`);
        return 0;
      }
      const result = await runData(options);
      const m = result.bundle.manifest;
      const lines = [`built ${m.departement.name} (${m.departement.code}) in ${(result.elapsedMs / 1000).toFixed(1)} s → ${result.outDir}`];
      for (const layer of Object.values(m.layers)) {
        const raw = result.sizes[layer.file];
        const gz = gzipSync(readFileSync(join(result.outDir, layer.file))).length;
        lines.push(
          `  ${layer.id.padEnd(24)} ${String(layer.features).padStart(6)} features  ${layer.status.padEnd(7)} ${(raw / 1024).toFixed(0).padStart(6)} KiB raw ${(gz / 1024).toFixed(0).padStart(5)} KiB gzip`,
        );
      }
      lines.push(`  report.json: ${m.report.entries} entries ${JSON.stringify(m.report.by_action)}`);
      say(lines.join('\n'));
      return 0;
    },
  });
}

export const dataCommand = makeDataCommand('data');
export const ensureDataCommand = makeDataCommand('ensure-data');
