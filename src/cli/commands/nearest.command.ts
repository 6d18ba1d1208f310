import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openStatus, type WeekHoursInput } from '../../core/hours/open-status.ts';
import { expandBBoxKm, isInBBox, toLngLat, type BBox, type LngLat } from '../../core/geo/lng-lat.ts';
import { directionsUrl } from '../../core/nearest/directions-url.ts';
import { wallClockInZone } from '../../core/time/wall-clock-in-zone.ts';
import { findNearestByGroup, type NearestResult } from '../../data/nearest/find-nearest-by-group.ts';
import { SERVICE_GROUPS, type ServiceGroup } from '../../data/nearest/service-groups.ts';
import type { BundleManifestFile, LayerData } from '../../data/bundle/bundle-types.ts';
import { CliError } from '../cli-error.ts';

export interface NearestOptions {
  dept: string;
  /** Folder holding one bundle per département (`DIR/NN/manifest.json`). */
  dataDir: string;
  point: LngLat;
  /** Group ids or bundle point-layer ids; every service group with data when empty. */
  layers: string[];
  k: number;
  /** Instant used for "open now" (Europe/Paris). */
  at: Date;
}

/** One output row: the site, its distance and the travel estimate; field names are the CLI's contract. */
export interface NearestRow {
  rank: number;
  group: string;
  layer: string;
  id: string;
  id_fs: string | null;
  name: string | null;
  kind: string | null;
  distance_km: number;
  road_km_estimate: number;
  car_minutes_estimate: number;
  walk_minutes_estimate: number | null;
  lon: number;
  lat: number;
  address: string | null;
  postcode: string | null;
  commune: string | null;
  commune_code: string | null;
  dept: string | null;
  phone: string | null;
  mail: string | null;
  appointment: boolean | null;
  open_status: 'open' | 'closed' | 'unknown';
  open_label: string;
  hours_today: string | null;
  comment: string | null;
  directions_url: string;
}

export function defaultNearestDataDir(cwd = process.cwd()): string {
  return resolve(cwd, 'public/data');
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${file}: cannot read the ${what}: ${(e as Error).message}`, 'rebuild the bundle: npm run -s cli -- data --dept NN');
  }
}

/** Reads the built bundle's manifest, with an error that says how to build it. */
export function readManifest(dataDir: string, dept: string): { dir: string; manifest: BundleManifestFile } {
  if (!/^(\d{2,3}|2[AB])$/.test(dept))
    throw new CliError(`invalid département code "${dept}"`, 'give an INSEE département code such as 59 or 62');
  const dir = join(dataDir, dept);
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    throw new CliError(
      `no data bundle for département ${dept}: ${file} is missing`,
      `build it with \`npm run -s cli -- data --dept ${dept}\`, or point --data at the folder holding ${dept}/manifest.json`,
    );
  }
  const manifest = readJson(file, 'bundle manifest') as BundleManifestFile;
  if (manifest?.format !== 'maillage-bundle' || typeof manifest.layers !== 'object') {
    throw new CliError(`${file} is not a Maillage bundle manifest`, `rebuild it with \`npm run -s cli -- data --dept ${dept}\``);
  }
  return { dir, manifest };
}

function isPointLayer(dir: string, manifest: BundleManifestFile, id: string): boolean {
  const layer = manifest.layers[id];
  if (!layer) return false;
  if (layer.status !== 'ok') return true; // no data, but a known layer: answered with no result
  const data = readJson(join(dir, layer.file), `layer ${id}`) as LayerData;
  return data.features?.some((f) => f.geometry?.type === 'Point') ?? false;
}

/** Which groups to search: service groups by id, or any point layer of the bundle on its own. */
export function resolveGroups(dir: string, manifest: BundleManifestFile, asked: string[]): ServiceGroup[] {
  if (asked.length === 0) return [...SERVICE_GROUPS];
  return asked.map((id) => {
    const group = SERVICE_GROUPS.find((g) => g.id === id);
    if (group) return group;
    if (isPointLayer(dir, manifest, id)) return { id, title: manifest.layers[id].title, layers: [id] };
    const pointLayers = Object.keys(manifest.layers).filter(
      (l) => !SERVICE_GROUPS.some((g) => g.id === l) && isPointLayer(dir, manifest, l),
    );
    throw new CliError(
      `unknown layer "${id}"`,
      `use one of: ${SERVICE_GROUPS.map((g) => g.id).join(', ')} (service groups), or a point layer of the bundle: ${pointLayers.join(', ')}`,
    );
  });
}

/** Checks a point against the département: out of range or swapped coordinates are errors. */
export function checkPoint(lon: number, lat: number, extent: BBox | undefined): LngLat {
  let point: LngLat;
  try {
    point = toLngLat(lon, lat);
  } catch (e) {
    throw new CliError(
      `bad coordinates: ${(e as Error).message}`,
      'give --lon (longitude, -180..180) and --lat (latitude, -90..90) in WGS84 degrees, e.g. --lon 3.97 --lat 50.28',
    );
  }
  if (extent) {
    const around = expandBBoxKm(extent, 100);
    if (!isInBBox([lon, lat], around) && isInBBox([lat, lon], around)) {
      throw new CliError(
        `--lon ${lon} --lat ${lat} lies outside the département, and swapped it lies inside`,
        `swap them: --lon ${lat} --lat ${lon}`,
      );
    }
  }
  return point;
}

const str = (p: Record<string, unknown>, k: string): string | null => {
  const v = p[k];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
};

/** Today's hours as written in the source; a missing or empty day of a listed week is closed. */
function hoursTodayOf(hours: WeekHoursInput | null, today: WeekHoursInput[keyof WeekHoursInput]): string | null {
  if (!hours) return null;
  if (!today || today.status === 'closed') return 'fermé';
  return today.text || null;
}

function rowOf(r: NearestResult, group: ServiceGroup, from: LngLat, at: Date, deptCode: string): NearestRow {
  const p = r.site.properties;
  const hours = (p.hours && typeof p.hours === 'object' ? p.hours : null) as WeekHoursInput | null;
  const status = openStatus(hours, at);
  const today = hours?.[wallClockInZone(at).weekDay];
  const isFranceServices = r.site.layer === 'france-services' || r.site.layer === 'france-services-nearby';
  return {
    rank: r.rank,
    group: group.id,
    layer: r.site.layer,
    id: r.site.id,
    id_fs: isFranceServices ? r.site.id : null,
    name: str(p, 'name'),
    kind: str(p, 'kind'),
    distance_km: Math.round(r.distanceKm * 1000) / 1000,
    road_km_estimate: Math.round(r.travel.roadKm * 10) / 10,
    car_minutes_estimate: r.travel.carMinutes,
    walk_minutes_estimate: r.travel.walkMinutes ?? null,
    lon: r.site.lngLat[0],
    lat: r.site.lngLat[1],
    address: str(p, 'address'),
    postcode: str(p, 'postcode'),
    commune: str(p, 'commune_name'),
    commune_code: str(p, 'commune_code'),
    dept: str(p, 'dept') ?? (r.site.layer === 'france-services-nearby' ? null : deptCode),
    phone: str(p, 'phone'),
    mail: str(p, 'mail'),
    appointment: typeof p.appointment === 'boolean' ? p.appointment : null,
    open_status: status.state,
    open_label: hours ? status.label : 'horaires non renseignés',
    hours_today: hoursTodayOf(hours, today),
    comment: str(p, 'comment'),
    directions_url: directionsUrl(from, r.site.lngLat),
  };
}

export interface NearestOutcome {
  rows: NearestRow[];
  /** Lines for stderr: groups without data, a point far from the département. */
  notes: string[];
}

/**
 * The `k` nearest sites per group to a point, from a built bundle, nearest first overall.
 * Same code path as the browser (src/data/nearest/find-nearest-by-group.ts).
 */
export function runNearest(options: NearestOptions): NearestOutcome {
  const { dir, manifest } = readManifest(options.dataDir, options.dept);
  const groups = resolveGroups(dir, manifest, options.layers);
  const notes: string[] = [];
  const extent = manifest.departement?.extent;
  if (extent && !isInBBox(options.point, expandBBoxKm(extent, 30))) {
    notes.push(
      `note: the point lies more than 30 km outside ${manifest.departement.name}: results cover only the département and 30 km around`,
    );
  }
  const loaded = new Map<string, LayerData | null>();
  const dataOf = (id: string): LayerData | null => {
    if (!loaded.has(id)) {
      const layer = manifest.layers[id];
      loaded.set(id, layer && layer.status === 'ok' ? (readJson(join(dir, layer.file), `layer ${id}`) as LayerData) : null);
    }
    return loaded.get(id) ?? null;
  };
  const rows: NearestRow[] = [];
  for (const g of findNearestByGroup(groups, dataOf, options.point, options.k)) {
    if (g.layers.length === 0) {
      notes.push(
        `note: ${g.group.id}: no data in this bundle (${g.group.layers.map((l) => `${l}: ${manifest.layers[l]?.status ?? 'absent'}`).join(', ')})`,
      );
      continue;
    }
    for (const r of g.results) rows.push(rowOf(r, g.group, options.point, options.at, manifest.departement.code));
  }
  rows.sort(
    (a, b) =>
      a.distance_km - b.distance_km ||
      groups.findIndex((g) => g.id === a.group) - groups.findIndex((g) => g.id === b.group) ||
      a.rank - b.rank,
  );
  return { rows, notes };
}
