import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { toCsv, RFC4180, type CsvOptions } from '../../core/export/csv.ts';
import { createAreaIndex, type AreaFeature } from '../../core/index/area-index.ts';
import {
  distribution,
  rankOf,
  summariseDepartements,
  type DepartementSummary,
  type NationalCommune,
  type NationalSite,
} from '../../core/national/departement-summary.ts';
import { normaliseCantonCode } from '../../data/builders/build-frame-steps.ts';
import type { AdminReference, RawFile } from '../../data/builders/build-types.ts';
import { columnsOf, readCsv, readGeoJson, readParquet, str } from '../../data/builders/read-raw.ts';
import type { SourceDescription } from '../../data/sources/source-description.ts';
import { CliError } from '../cli-error.ts';
import { readRawFiles } from '../io/raw-files.ts';
import { defaultDataOptions, departementSlug, loadReference, loadSources } from './data.action.ts';

export interface CompareOptions {
  rawFolders: string[];
  sourcesDir: string;
  withinKm: number;
  /** The département whose rank is given (default 59). */
  focus: string;
  log: (line: string) => void;
}

export interface CompareResult {
  rows: DepartementSummary[];
  focus: { dept: string; ranks: Record<string, number | null>; of: number };
  distributions: Record<string, ReturnType<typeof distribution>>;
  elapsedMs: number;
}

export const COMPARED = ['france_services_per_100k', 'cantons_covered_pct', 'population_within_km_pct'] as const;

export function defaultCompareOptions(cwd = process.cwd()): CompareOptions {
  const d = defaultDataOptions(cwd);
  return { rawFolders: d.rawFolders, sourcesDir: d.sourcesDir, withinKm: 10, focus: '59', log: () => {} };
}

/** Today's code for any commune code of the reference (former, delegated, arrondissement municipal). */
function communeResolver(reference: AdminReference): (code: string) => string | null {
  const current = new Set(reference.communes.filter((c) => c.type === 'commune-actuelle').map((c) => c.code));
  const to = new Map<string, string>();
  for (const c of reference.communes) {
    if (c.type === 'commune-actuelle') for (const old of c.anciensCodes ?? []) if (!current.has(old)) to.set(old, c.code);
    if (c.type === 'arrondissement-municipal' && c.commune) to.set(c.code, c.commune);
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu && !current.has(c.code)) to.set(c.code, c.chefLieu);
  }
  return (code) => {
    const c = code.trim().padStart(5, '0');
    return current.has(c) ? c : (to.get(c) ?? null);
  };
}

function one(
  sources: SourceDescription[],
  id: string,
  folders: string[],
  dept = { code: '00', slug: '' },
): { desc: SourceDescription; file: RawFile } {
  const desc = sources.find((s) => s.id === id);
  if (!desc) throw new CliError(`description de source absente : data/sources/${id}.json`);
  const { files, missing } = readRawFiles([desc], folders, dept);
  const file = files.get(id)?.[0];
  if (!file)
    throw new CliError(
      `fichier brut manquant : ${missing.map((m) => m.pattern).join(', ')} (source ${id})`,
      'voir ../shared/opendata/SOURCES.md',
    );
  return { desc, file };
}

/**
 * The national comparison from the national files: every metropolitan département's France Services
 * (the 2024 list), population (reference package), cantons covered (COG 2025 canton of the site's
 * commune; a commune split between cantons: the 2018 canton polygon holding the site) and population
 * within `withinKm` of a France Services (commune points from the 2018 polygons).
 */
export async function runCompare(options: CompareOptions): Promise<CompareResult> {
  const started = performance.now();
  const reference = loadReference();
  const sources = loadSources(options.sourcesDir);
  const resolve = communeResolver(reference);
  const metro = reference.departements.filter((d) => d.code.length === 2);
  // COG 2025: communes → canton, cantons and their type
  const cog = one(sources, 'insee-cog-communes-2025', options.rawFolders);
  const cogCols = columnsOf(cog.desc, 'code', 'type', 'canton');
  const cantonOfCommune = new Map<string, string>();
  for (const r of await readParquet(cog.file, [cogCols.code, cogCols.type, cogCols.canton])) {
    const code = str(r[cogCols.type]) === 'COM' ? resolve(str(r[cogCols.code])) : null;
    if (code && str(r[cogCols.canton])) cantonOfCommune.set(code, str(r[cogCols.canton]));
  }
  const can = one(sources, 'insee-cog-cantons-2025', options.rawFolders);
  const canCols = columnsOf(can.desc, 'code', 'type', 'dept');
  const cantonRows = readCsv(can.file, can.desc, Object.values(canCols)).records.map((r) => ({
    code: r.values[canCols.code],
    real: r.values[canCols.type] === 'C',
    dept: r.values[canCols.dept],
  }));
  const pseudo = new Set(cantonRows.filter((r) => !r.real).map((r) => r.code));
  // France Services, national list
  const fs = one(sources, 'anct-france-services-2024', options.rawFolders);
  const fsCols = columnsOf(fs.desc, 'id', 'dept', 'communeCode', 'lat', 'lng');
  const fsRows = readCsv(fs.file, fs.desc, Object.values(fsCols)).records;
  const communes: NationalCommune[] = [];
  const sites: NationalSite[] = [];
  const departements: { code: string; name: string; cantons: string[] }[] = [];
  for (const d of metro) {
    const real = cantonRows.filter((r) => r.dept === d.code && r.real).map((r) => r.code);
    // Paris has no canton: its pseudo-canton stands for it, as in its table
    departements.push({
      code: d.code,
      name: d.nom,
      cantons: real.length ? real : cantonRows.filter((r) => r.dept === d.code).map((r) => r.code),
    });
    const slug = departementSlug(d.nom);
    const com = one(sources, 'ign-communes-2018', options.rawFolders, { code: d.code, slug });
    const points = new Map<string, [number, number]>();
    for (const f of readGeoJson(com.file, com.desc).features) {
      const code = resolve(str(f.properties?.code));
      if (!code || points.has(code) || !f.geometry) continue;
      points.set(code, pointOnFeature(f as Feature<Polygon | MultiPolygon>).geometry.coordinates as [number, number]);
    }
    for (const c of reference.communes) {
      if (c.type !== 'commune-actuelle' || c.departement !== d.code) continue;
      communes.push({ code: c.code, dept: d.code, population: c.population ?? 0, point: points.get(c.code) ?? null });
    }
    const cantonFile = one(sources, 'ign-cantons-2018', options.rawFolders, { code: d.code, slug });
    const polys: AreaFeature<{ code: string }>[] = readGeoJson(cantonFile.file, cantonFile.desc).features.flatMap((f) => {
      const code = normaliseCantonCode(str(f.properties?.code), d.code);
      return code && f.geometry ? [{ type: 'Feature' as const, properties: { code }, geometry: f.geometry as Polygon | MultiPolygon }] : [];
    });
    const index = createAreaIndex(polys);
    for (const r of fsRows) {
      if (r.values[fsCols.dept] !== d.code) continue;
      const lat = Number(r.values[fsCols.lat]);
      const lng = Number(r.values[fsCols.lng]);
      const point: [number, number] | null = r.values[fsCols.lat] && Number.isFinite(lat) && Number.isFinite(lng) ? [lng, lat] : null;
      const commune = resolve(r.values[fsCols.communeCode]);
      let canton = commune ? (cantonOfCommune.get(commune) ?? null) : null;
      if ((canton === null || pseudo.has(canton)) && point) {
        const hit = index.findArea(point);
        if (hit >= 0) canton = polys[hit].properties.code;
      }
      sites.push({ id: r.values[fsCols.id], dept: d.code, canton, point });
    }
  }
  const rows = summariseDepartements(departements, communes, sites, options.withinKm);
  if (!rows.some((r) => r.dept === options.focus))
    throw new CliError(`département ${options.focus} absent de la comparaison (métropole seulement)`);
  const ranks = Object.fromEntries(COMPARED.map((k) => [k, rankOf(rows, options.focus, k)]));
  const distributions = Object.fromEntries(COMPARED.map((k) => [k, distribution(rows.map((r) => r[k]))]));
  return { rows, focus: { dept: options.focus, ranks, of: rows.length }, distributions, elapsedMs: performance.now() - started };
}

/** The rows as CSV (RFC 4180 or the French Excel form), text cells neutralised against formulas by toCsv. */
export function compareCsv(rows: readonly DepartementSummary[], options: CsvOptions = RFC4180): string {
  const keys = Object.keys(rows[0] ?? {}) as (keyof DepartementSummary)[];
  return toCsv([keys, ...rows.map((r) => keys.map((k) => r[k]))], options);
}
