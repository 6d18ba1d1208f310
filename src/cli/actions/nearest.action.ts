import { resolve } from 'node:path';
import { openStatus, type WeekHoursInput } from '../../core/hours/open-status.ts';
import { expandBBoxKm, isInBBox, toLngLat, type BBox, type LngLat } from '../../core/geo/lng-lat.ts';
import { directionsUrl } from '../../core/nearest/directions-url.ts';
import { wallClockInZone } from '../../core/time/wall-clock-in-zone.ts';
import { findNearestByGroup, type NearestResult } from '../../data/nearest/find-nearest-by-group.ts';
import { SERVICE_GROUPS, type ServiceGroup } from '../../data/nearest/service-groups.ts';
import type { LayerData } from '../../data/bundle/bundle-types.ts';
import { openBundle, type CliBundle } from '../io/file-bundle-source.ts';
import { createDriveTimeEngine } from '../../core/roads/drive-time-engine.ts';
import { roadNetworkMethodFr } from '../../core/roads/road-network-info.ts';
import { CliError } from '../cli-error.ts';
import { quoteForTerminal } from '../terminal-text.ts';

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
  /** `drive`: adds the drive time on the bundle's road graph to each row (an error without one); default `estimate`. */
  access?: 'estimate' | 'drive';
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
  /** `commune`: the site is placed at its commune's centre (only the commune is known): distance and times are to that centre. */
  location_precision: 'exact' | 'commune';
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
  /** With `--access drive` only: minutes by car on the road graph (one decimal); null when the point or the site is off the network or has no path. */
  car_minutes_drive?: number | null;
}

export function defaultNearestDataDir(cwd = process.cwd()): string {
  return resolve(cwd, 'public/data');
}

async function isPointLayer(bundle: CliBundle, id: string): Promise<boolean> {
  if (!Object.hasOwn(bundle.manifest.layers, id)) return false;
  const layer = bundle.manifest.layers[id];
  if (layer.status !== 'ok') return true; // no data, but a known layer: answered with no result
  const data = await bundle.layer(id);
  return data?.features.some((f) => f.geometry?.type === 'Point') ?? false;
}

/** Which groups to search: service groups by id, or any point layer of the bundle on its own. */
export async function resolveGroups(bundle: CliBundle, asked: string[]): Promise<ServiceGroup[]> {
  if (asked.length === 0) return [...SERVICE_GROUPS];
  const groups: ServiceGroup[] = [];
  for (const id of asked) {
    const group = SERVICE_GROUPS.find((g) => g.id === id);
    if (group) groups.push(group);
    else if (await isPointLayer(bundle, id)) {
      groups.push({ id, title: bundle.manifest.layers[id].title, layers: [id] });
    } else {
      const pointLayers: string[] = [];
      for (const l of Object.keys(bundle.manifest.layers)) {
        if (!SERVICE_GROUPS.some((g) => g.id === l) && (await isPointLayer(bundle, l))) pointLayers.push(l);
      }
      throw new CliError(
        `--layer ${quoteForTerminal(id)} : couche inconnue`,
        `choisissez parmi : ${SERVICE_GROUPS.map((g) => g.id).join(', ')} (groupes de services), ou une couche de points du bundle : ${pointLayers.join(', ') || 'aucune'}`,
      );
    }
  }
  return groups;
}

/** Checks a point against the département: out of range or swapped coordinates are errors. */
export function checkPoint(lon: number, lat: number, extent: BBox | undefined): LngLat {
  let point: LngLat;
  try {
    point = toLngLat(lon, lat);
  } catch (e) {
    throw new CliError(
      `coordonnées invalides : ${(e as Error).message}`,
      'donnez --lon (longitude, -180 à 180) et --lat (latitude, -90 à 90) en degrés WGS84, par exemple --lon 3.97 --lat 50.28',
    );
  }
  if (extent) {
    const around = expandBBoxKm(extent, 100);
    if (!isInBBox([lon, lat], around) && isInBBox([lat, lon], around)) {
      throw new CliError(
        `le point --lon ${lon} --lat ${lat} est hors du département, et inversé il est dedans`,
        `inversez-les : --lon ${lat} --lat ${lon}`,
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
    location_precision: r.precision,
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

/** Longest drive searched from the point, minutes: a site beyond it has no drive time. */
const MAX_DRIVE_MINUTES = 240;

/**
 * Sets `car_minutes_drive` on every row: one bounded Dijkstra from the point on the bundle's road
 * graph (one-way streets driven legally) to each listed site; returns the note naming the road file.
 */
async function addDriveMinutes(bundle: CliBundle, point: LngLat, rows: NearestRow[]): Promise<string> {
  const roads = await bundle.roads();
  if (!roads) {
    throw new CliError(
      `le bundle du département ${bundle.manifest.departement.code} n'a pas de réseau routier : pas de temps en voiture`,
      `construisez-le depuis un fichier de routes : npm run -s cli -- roads --dept ${bundle.manifest.departement.code} --file FICHIER (docs/drive-time.md)`,
    );
  }
  const engine = createDriveTimeEngine(roads.graph, roads.info.connector);
  const targets = engine.attach(
    rows.map((r) => r.lon),
    rows.map((r) => r.lat),
  );
  const minutes = engine.minutesToPoints(point[0], point[1], targets, MAX_DRIVE_MINUTES);
  rows.forEach((r, i) => {
    r.car_minutes_drive = Number.isFinite(minutes[i]) ? Math.round(minutes[i] * 10) / 10 : null;
  });
  return `note: car_minutes_drive: ${roadNetworkMethodFr(roads.info)}; empty when the point or the site is more than ${roads.info.connector.maxKm} km from a road, or beyond ${MAX_DRIVE_MINUTES} min`;
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
export async function runNearest(options: NearestOptions): Promise<NearestOutcome> {
  const bundle = await openBundle(options.dataDir, options.dept);
  const { manifest } = bundle;
  const groups = await resolveGroups(bundle, options.layers);
  const notes: string[] = [];
  const extent = manifest.departement?.extent;
  if (extent && !isInBBox(options.point, expandBBoxKm(extent, 30))) {
    notes.push(
      `note: the point lies more than 30 km outside ${manifest.departement.name}: results cover only the département and 30 km around`,
    );
  }
  const loaded = new Map<string, LayerData | null>();
  for (const id of new Set(groups.flatMap((g) => g.layers))) loaded.set(id, await bundle.layer(id));
  const dataOf = (id: string): LayerData | null => loaded.get(id) ?? null;
  const rows: NearestRow[] = [];
  for (const g of findNearestByGroup(groups, dataOf, options.point, options.k)) {
    if (g.layers.length === 0) {
      notes.push(
        `note: ${g.group.id}: no data in this bundle (${g.group.layers.map((l) => `${l}: ${Object.hasOwn(manifest.layers, l) ? manifest.layers[l].status : 'absent'}`).join(', ')})`,
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
  if (options.access === 'drive') notes.push(await addDriveMinutes(bundle, options.point, rows));
  return { rows, notes };
}
