import KDBush from 'kdbush';
import { around } from 'geokdbush';

/** A commune of the national comparison: today's code, its département, population and a point inside it. */
export interface NationalCommune {
  code: string;
  dept: string;
  population: number;
  /** A point inside the commune, `[lng, lat]`; null when no polygon was found (its population then counts as not measured). */
  point: [number, number] | null;
}

/** A France Services site: its département (the list's), and the canton it is counted in (null: none found). */
export interface NationalSite {
  id: string;
  dept: string;
  canton: string | null;
  point: [number, number] | null;
}

/** One row per département. */
export interface DepartementSummary {
  dept: string;
  name: string;
  france_services: number;
  population: number;
  france_services_per_100k: number | null;
  cantons: number;
  cantons_covered: number;
  cantons_covered_pct: number | null;
  /** Share of the population (communes with a point) whose point is within `withinKm` of a France Services, anywhere. */
  population_within_km_pct: number | null;
  /** Population of the communes without a point: not measured, left out of the share above. */
  population_not_measured: number;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The national comparison, one row per département: France Services (rows of the list for the
 * département), per 100,000 inhabitants, cantons with at least one France Services counted in them
 * (the canton each site is given, as the département table does), and the share of the population
 * living in communes whose point lies within `withinKm` of a France Services of any département
 * (great-circle distance, one geokdbush index built once). Inputs are not modified.
 */
export function summariseDepartements(
  departements: readonly { code: string; name: string; cantons: readonly string[] }[],
  communes: readonly NationalCommune[],
  sites: readonly NationalSite[],
  withinKm = 10,
): DepartementSummary[] {
  const located = sites.filter((s) => s.point !== null);
  const index = located.length > 0 ? new KDBush(located.length) : null;
  for (const s of located) index!.add(s.point![0], s.point![1]);
  index?.finish();
  const near = (p: [number, number]) => index !== null && around(index, p[0], p[1], 1, withinKm).length > 0;
  return departements.map((d) => {
    const own = sites.filter((s) => s.dept === d.code);
    const cantonSet = new Set(d.cantons);
    const covered = new Set(own.map((s) => s.canton).filter((c): c is string => c !== null && cantonSet.has(c)));
    const people = communes.filter((c) => c.dept === d.code);
    const population = people.reduce((s, c) => s + c.population, 0);
    let measured = 0;
    let within = 0;
    for (const c of people) {
      if (!c.point) continue;
      measured += c.population;
      if (near(c.point)) within += c.population;
    }
    return {
      dept: d.code,
      name: d.name,
      france_services: own.length,
      population,
      france_services_per_100k: population > 0 ? Math.round((own.length / population) * 100_000 * 100) / 100 : null,
      cantons: cantonSet.size,
      cantons_covered: covered.size,
      cantons_covered_pct: cantonSet.size > 0 ? round1((covered.size / cantonSet.size) * 100) : null,
      population_within_km_pct: measured > 0 ? round1((within / measured) * 100) : null,
      population_not_measured: population - measured,
    };
  });
}

/** Median, quartiles, min and max of the non-null values (linear interpolation between ranks). */
export function distribution(
  values: readonly (number | null)[],
): { min: number; q1: number; median: number; q3: number; max: number } | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const at = (q: number) => {
    const i = (v.length - 1) * q;
    const lo = Math.floor(i);
    return v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (i - lo);
  };
  return { min: v[0], q1: at(0.25), median: at(0.5), q3: at(0.75), max: v[v.length - 1] };
}

/** Rank (1 = highest) of a département on an indicator among the rows with a value; null without one. */
export function rankOf<R extends { dept: string }>(rows: readonly R[], dept: string, key: keyof R): number | null {
  const value = rows.find((r) => r.dept === dept)?.[key];
  if (typeof value !== 'number') return null;
  return rows.filter((r) => typeof r[key] === 'number' && (r[key] as number) > value).length + 1;
}
