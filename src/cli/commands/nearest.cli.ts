import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { DEFAULT_NEAREST_K } from '../../data/nearest/service-groups.ts';
import { CliError } from '../cli-error.ts';
import type { CliCommand } from './command.ts';
import { checkPoint, defaultNearestDataDir, runNearest } from './nearest.command.ts';
import { openBundle } from '../io/file-bundle-source.ts';

const USAGE = `  nearest      the k nearest service sites to a point, nearest first, from the built bundle
               --dept NN        département code (default 59)
               --lon X --lat Y  the point, WGS84 degrees (required; a negative value as --lon=-1.5)
               --layer ID       france-services (with the neighbouring départements' sites),
                                first-reception, digital-inclusion, msp, or any point layer of the
                                bundle; repeatable (default: every service group with data)
               --k N            sites per layer (default ${DEFAULT_NEAREST_K}, at most 50)
               --format F       json (default) or csv
               --at ISO-DATE    instant for "open now" (default: now; Europe/Paris time)
               --data DIR       bundles folder (default public/data); reads DIR/NN
`;

function numberOption(name: string, raw: string | undefined): number {
  if (raw === undefined) throw new CliError(`--${name} is required`, 'give the point as --lon 3.97 --lat 50.28 (WGS84 degrees)');
  const v = Number(raw.replace(',', '.'));
  if (raw.trim() === '' || !Number.isFinite(v))
    throw new CliError(`--${name} "${raw}" is not a number`, `give --${name} in decimal degrees, e.g. --lon 3.97 --lat 50.28`);
  return v;
}

export const nearestCli: CliCommand = {
  name: 'nearest',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        dept: { type: 'string', default: '59' },
        lon: { type: 'string' },
        lat: { type: 'string' },
        layer: { type: 'string', multiple: true },
        k: { type: 'string', default: String(DEFAULT_NEAREST_K) },
        format: { type: 'string', default: 'json' },
        at: { type: 'string' },
        data: { type: 'string' },
      },
      strict: true,
    });
    const format = values.format!;
    if (format !== 'json' && format !== 'csv') throw new CliError(`unknown --format "${format}"`, 'use --format json or --format csv');
    const k = Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 50) throw new CliError(`--k "${values.k}" is not a whole number from 1 to 50`, 'e.g. --k 3');
    const at = values.at ? new Date(values.at) : new Date();
    if (Number.isNaN(at.getTime()))
      throw new CliError(`--at "${values.at}" is not a date`, 'give an ISO date-time, e.g. --at 2024-08-05T10:00:00+02:00');
    const lon = numberOption('lon', values.lon);
    const lat = numberOption('lat', values.lat);
    const dataDir = values.data ? resolve(values.data) : defaultNearestDataDir();
    const { manifest } = await openBundle(dataDir, values.dept!);
    const point = checkPoint(lon, lat, manifest.departement?.extent);

    const { rows, notes } = await runNearest({ dept: values.dept!, dataDir, point, layers: values.layer ?? [], k, at });
    for (const n of notes) process.stderr.write(`${n}\n`);
    process.stdout.write(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : `${Papa.unparse(rows, { newline: '\n' })}\n`);
    return 0;
  },
};
