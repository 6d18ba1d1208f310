import { COMMUNES } from '../../layers/communes.ts';
import { SourceFileError } from '../report.ts';
import { columnsOf, readCsv, readGeoJson, readParquet, str } from './read-raw.ts';
import type { BuildInputs, RawFile } from './build-types.ts';
import type { SourceDescription } from '../sources/source-description.ts';

/** What every step of the frame reads: the build inputs, and its sources and files by id. */
export interface FrameInputs {
  inputs: BuildInputs;
  dept: BuildInputs['dept'];
  reference: BuildInputs['reference'];
  src(id: string): SourceDescription;
  file(id: string, i?: number): RawFile;
}

export function frameInputs(inputs: BuildInputs): FrameInputs {
  return {
    inputs,
    dept: inputs.dept,
    reference: inputs.reference,
    src(id) {
      const d = inputs.sources.get(id);
      if (!d) throw new Error(`missing source mapping "${id}" (data/sources/${id}.json)`);
      return d;
    },
    file(id, i = 0) {
      const f = inputs.files.get(id)?.[i];
      if (!f) throw new Error(`raw file ${i} of source "${id}" was not provided`);
      return f;
    },
  };
}

export type CurrentCommunes = ReturnType<typeof currentCommunes>;
export type CogCantons = Awaited<ReturnType<typeof cogCantons>>;

/** Current communes (package): codes, former codes resolved to today's, EPCI membership. */
export function currentCommunes(c: FrameInputs) {
  const { dept, reference } = c;
  const current = reference.communes.filter((c) => c.type === 'commune-actuelle' && c.departement === dept.code);
  if (current.length === 0)
    throw new Error(`no commune of département ${dept.code} in @etalab/decoupage-administratif ${reference.version}`);
  const currentByCode = new Map(current.map((c) => [c.code, c]));
  const formerToCurrent = new Map<string, string>();
  for (const c of current) for (const old of c.anciensCodes ?? []) formerToCurrent.set(old, c.code);
  for (const c of reference.communes) {
    // an arrondissement municipal (Paris, Lyon, Marseille) is its commune's
    if (c.type === 'arrondissement-municipal' && c.commune && currentByCode.has(c.commune)) formerToCurrent.set(c.code, c.commune);
    if (
      (c.type === 'commune-deleguee' || c.type === 'commune-associee') &&
      c.chefLieu &&
      currentByCode.has(c.chefLieu) &&
      !currentByCode.has(c.code)
    ) {
      formerToCurrent.set(c.code, c.chefLieu);
    }
  }
  const resolveCommune = (code: string): string | null => {
    const c = code.trim().padStart(5, '0');
    if (currentByCode.has(c)) return c;
    return formerToCurrent.get(c) ?? null;
  };
  const epciOf = new Map<string, { code: string; nom: string }>();
  const epciNames = new Map<string, string>();
  const epciInDept = reference.epci.filter((e) => e.membres.some((m) => currentByCode.has(m.code)));
  for (const e of epciInDept) {
    epciNames.set(e.code, e.nom);
    for (const m of e.membres) if (currentByCode.has(m.code)) epciOf.set(m.code, { code: e.code, nom: e.nom });
  }

  return { current, currentByCode, resolveCommune, epciOf, epciNames, epciInDept };
}

/**
 * COG 2025: commune → canton, canton names and types. A commune whose COG canton is not a canton
 * made of whole communes or fractions (type `C`) is split between cantons: it carries a pseudo-canton
 * (type `V`, the canton-ville of Lille, Roubaix…, or `N`, a commune nouvelle across cantons).
 */
export async function cogCantons(c: FrameInputs, resolveCommune: (code: string) => string | null) {
  const { inputs, dept, src, file } = c;
  const cogDesc = src('insee-cog-communes-2025');
  const cogCols = columnsOf(cogDesc, 'code', 'type', 'dept', 'canton', 'arrondissement');
  const cogRows = (await readParquet(file('insee-cog-communes-2025'), Object.values(cogCols))).filter(
    (r) => str(r[cogCols.dept]) === dept.code && str(r[cogCols.type]) === 'COM',
  );
  const cantonDesc = src('insee-cog-cantons-2025');
  const cantonCols = columnsOf(cantonDesc, 'code', 'name', 'type', 'dept');
  const cantonCsv = readCsv(file('insee-cog-cantons-2025'), cantonDesc, Object.values(cantonCols));
  const cantonRows = cantonCsv.records.filter((r) => r.values[cantonCols.dept] === dept.code);
  if (cantonRows.length === 0) {
    throw new SourceFileError(
      file('insee-cog-cantons-2025').location,
      `aucun canton du département ${dept.code} dans le COG 2025 : le tableau par canton ne peut pas être construit (la Martinique et la Guyane n’ont plus de cantons depuis 2015, collectivités territoriales uniques)`,
      'choisissez un département qui a des cantons',
    );
  }
  const cantonName = new Map(cantonRows.map((r) => [r.values[cantonCols.code], r.values[cantonCols.name]]));
  const pseudoCantons = new Set(cantonRows.filter((r) => r.values[cantonCols.type] !== 'C').map((r) => r.values[cantonCols.code]));
  /** The real cantons, in COG order. */
  const realCantons = cantonRows.filter((r) => r.values[cantonCols.type] === 'C').map((r) => r.values[cantonCols.code]);
  const cogCanton = new Map<string, string>();
  const cogRep = inputs.reporter(COMMUNES.id, cogDesc.id);
  for (const r of cogRows) {
    const code = resolveCommune(str(r[cogCols.code]));
    if (!code) {
      cogRep.add(
        file('insee-cog-communes-2025').path,
        null,
        cogCols.code,
        'rejected',
        'commune code of COG 2025 unknown to the current commune list',
        r[cogCols.code],
      );
      continue;
    }
    cogCanton.set(code, str(r[cogCols.canton]));
  }

  return { cogDesc, cogRows, cogCanton, cantonDesc, cantonCols, cantonRows, cantonName, pseudoCantons, realCantons };
}

/** The communal density grid: each commune's level. */
export function densityLevels(c: FrameInputs, resolveCommune: (code: string) => string | null) {
  const { inputs, dept, src, file } = c;
  const densDesc = src('anct-densite-communes');
  const densCols = columnsOf(densDesc, 'communeCode', 'level');
  const densFile = file('anct-densite-communes');
  const dens = readCsv(densFile, densDesc, Object.values(densCols));
  const densRep = inputs.reporter(COMMUNES.id, densDesc.id);
  const density = new Map<string, string>();
  let densRead = 0;
  for (const r of dens.records) {
    const raw = r.values[densCols.communeCode];
    if (!raw.startsWith(dept.code)) continue;
    densRead++;
    const code = resolveCommune(raw);
    if (!code) {
      densRep.add(densFile.path, r.row, densCols.communeCode, 'rejected', 'unknown commune code', raw);
      continue;
    }
    density.set(code, r.values[densCols.level].trim());
  }
  for (const m of dens.malformed) densRep.add(densFile.path, m.row, null, 'rejected', m.reason);

  return { densDesc, densFile, density, densRead };
}

/** QPV codes per commune (an attribute of the commune). */
export function qpvCodesByCommune(c: FrameInputs, resolveCommune: (code: string) => string | null) {
  const { src, file } = c;
  const qpvDesc = src('anct-qpv-communes-2024');
  const qpvCols = columnsOf(qpvDesc, 'communeCode', 'codes');
  const qpvByCommune = new Map<string, string[]>();
  for (const f of readGeoJson(file('anct-qpv-communes-2024'), qpvDesc).features) {
    const code = resolveCommune(str(f.properties?.[qpvCols.communeCode]));
    if (code) qpvByCommune.set(code, splitList(str(f.properties?.[qpvCols.codes])));
  }

  return { qpvDesc, qpvByCommune };
}

/** `59001` (département + 3 digits, 2018 files) → `5901` (INSEE form); already-INSEE codes pass through. */
export function normaliseCantonCode(raw: string, dept: string): string | null {
  const code = raw.trim();
  if (!code.startsWith(dept)) return null;
  const rest = code.slice(dept.length);
  if (!/^\d+$/.test(rest)) return null;
  if (rest.length === 2) return code;
  if (rest.length === 3 && rest[0] === '0') return dept + rest.slice(1);
  return null;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
export function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}
export function sum(values: (number | null | undefined)[]): number | null {
  let total = 0;
  let any = false;
  for (const v of values)
    if (typeof v === 'number') {
      total += v;
      any = true;
    }
  return any ? total : null;
}
