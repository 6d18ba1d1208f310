import { resolve } from 'node:path';
import { toCsv, type CsvCell } from '../../core/export/csv.ts';
import { DEFAULT_NEAREST_K } from '../../data/nearest/service-groups.ts';
import type { NearestRow } from '../actions/nearest.action.ts';
import { say } from '../io/output.ts';
import { defineCommand } from './command.ts';

/** The CSV columns, in the order of the JSON rows. */
const CSV_COLUMNS: readonly (keyof NearestRow)[] = [
  'rank',
  'group',
  'layer',
  'id',
  'id_fs',
  'name',
  'kind',
  'distance_km',
  'location_precision',
  'road_km_estimate',
  'car_minutes_estimate',
  'walk_minutes_estimate',
  'lon',
  'lat',
  'address',
  'postcode',
  'commune',
  'commune_code',
  'dept',
  'phone',
  'mail',
  'appointment',
  'open_status',
  'open_label',
  'hours_today',
  'comment',
  'directions_url',
];

/** The rows as CSV through the project's one formula-safe writer (a site named `=HYPERLINK(…)` stays text). */
export function nearestCsv(rows: readonly NearestRow[], drive = false): string {
  const columns: readonly (keyof NearestRow)[] = drive ? [...CSV_COLUMNS, 'car_minutes_drive'] : CSV_COLUMNS;
  const cell = (v: NearestRow[keyof NearestRow]): CsvCell => (typeof v === 'boolean' ? String(v) : (v ?? null));
  return toCsv([columns as string[], ...rows.map((r) => columns.map((c) => cell(r[c])))]);
}

export const nearestCommand = defineCommand({
  name: 'nearest',
  summary: 'the k nearest service sites to a point, nearest first, from the built bundle',
  options: {
    dept: { kind: 'dept', default: '59', help: 'département code (default 59)' },
    lon: { kind: 'decimal', min: -180, max: 180, required: true, example: '--lon 3.97', help: 'longitude, WGS84 degrees (required)' },
    lat: {
      kind: 'decimal',
      min: -90,
      max: 90,
      required: true,
      example: '--lat 50.28',
      help: 'latitude, WGS84 degrees (required; a negative value as --lon=-1.5)',
    },
    layer: {
      kind: 'text',
      multiple: true,
      valueName: 'ID',
      help: "france-services (with the neighbouring départements' sites),\nfirst-reception, digital-inclusion, msp, or any point layer of the\nbundle; repeatable (default: every service group with data)",
    },
    k: { kind: 'whole', min: 1, max: 50, default: DEFAULT_NEAREST_K, help: `sites per layer (default ${DEFAULT_NEAREST_K}, at most 50)` },
    format: { kind: 'choice', values: ['json', 'csv'], default: 'json', help: 'json (default) or csv' },
    at: { kind: 'date', example: '2024-08-05T10:00:00+02:00', help: 'instant for "open now" (default: now; Europe/Paris time)' },
    data: { kind: 'text', valueName: 'DIR', help: 'bundles folder (default public/data); reads DIR/NN' },
    access: {
      kind: 'choice',
      values: ['estimate', 'drive'],
      default: 'estimate',
      valueName: 'A',
      help: 'estimate (default): straight line × 1.3 at 35 km/h | drive: also car_minutes_drive,\non the road graph built by "roads" (an error without one)',
    },
  },
  async run(values) {
    // the action and its libraries load only when the command runs (`--help` stays instant)
    const { checkPoint, defaultNearestDataDir, runNearest } = await import('../actions/nearest.action.ts');
    const { openBundle } = await import('../io/file-bundle-source.ts');
    const dataDir = values.data ? resolve(values.data) : defaultNearestDataDir();
    const { manifest } = await openBundle(dataDir, values.dept);
    const point = checkPoint(values.lon, values.lat, manifest.departement?.extent);
    const at = values.at ?? new Date();
    const access = values.access as 'estimate' | 'drive';
    const { rows, notes } = await runNearest({ dept: values.dept, dataDir, point, layers: values.layer, k: values.k, at, access });
    for (const n of notes) say(n);
    process.stdout.write(values.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : nearestCsv(rows, access === 'drive'));
    return 0;
  },
});
