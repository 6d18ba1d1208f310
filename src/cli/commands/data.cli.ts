import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultDataOptions, hasBundle, runData } from './data.command.ts';
import type { CliCommand } from './command.ts';

const DATA_OPTIONS = `               --dept NN        département code (default 59)
               --raw DIR        raw-data folder, repeatable, searched in order
                                (default: data/raw, then ../shared/opendata)
               --out DIR        output folder (default public/data); the bundle goes to DIR/NN
               --fetch          download missing raw files from their official URLs into the first --raw folder
               --sources DIR    source mappings (default data/sources)`;

function dataCommand(name: 'data' | 'ensure-data'): CliCommand {
  return {
    name,
    usage:
      name === 'data'
        ? `  data         build the data bundle of a département from the official raw files\n${DATA_OPTIONS}\n`
        : `  ensure-data  build the bundle only when it is missing (used by npm start); same options\n`,
    async run(args) {
      const { values } = parseArgs({
        args,
        options: {
          dept: { type: 'string', default: '59' },
          raw: { type: 'string', multiple: true },
          out: { type: 'string' },
          fetch: { type: 'boolean', default: false },
          sources: { type: 'string' },
          departements: { type: 'string' },
        },
        strict: true,
      });
      const options = defaultDataOptions();
      options.dept = values.dept!;
      if (values.raw?.length) options.rawFolders = values.raw.map((r) => resolve(r));
      if (values.out) options.outDir = resolve(values.out);
      if (values.sources) options.sourcesDir = resolve(values.sources);
      if (values.departements) options.departementsDir = resolve(values.departements);
      options.fetch = values.fetch!;
      if (name === 'ensure-data' && hasBundle(options.outDir, options.dept)) {
        process.stderr.write(`data bundle for ${options.dept} present in ${join(options.outDir, options.dept)}\n`);
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
      process.stderr.write(lines.join('\n') + '\n');
      return 0;
    },
  };
}

export const dataCli = dataCommand('data');
export const ensureDataCli = dataCommand('ensure-data');
