import { EXCEL_FR, RFC4180, toCsv, type CsvCell } from '../export/csv.ts';
import { coverageColumns, coverageMethodText, coverageTableCells, type CoverageColumn } from '../coverage/coverage-export.ts';
import type { CoverageTable } from '../coverage/coverage-types.ts';
import { distribution, rankOf, type DepartementSummary } from './departement-summary.ts';

/** The two columns the national table puts before the département table's own. */
export const NATIONAL_HEAD_COLUMNS = [
  { name: 'departement_code', titleFr: 'Code département', datatype: 'string', description: 'Code INSEE du département.' },
  { name: 'departement_name', titleFr: 'Département', datatype: 'string', description: 'Nom du département.' },
] as const;

/** The tables of every département must share one rule and one set of columns to stack into one table. */
function checkStackable(tables: readonly CoverageTable[]): CoverageColumn[] {
  if (tables.length === 0) throw new Error('national table: no département table');
  const columns = coverageColumns(tables[0]);
  const names = columns.map((c) => c.name).join(',');
  const rule = JSON.stringify(tables[0].rule);
  for (const t of tables) {
    if (
      coverageColumns(t)
        .map((c) => c.name)
        .join(',') !== names
    )
      throw new Error(`national table: département ${t.departement.code} has other columns than ${tables[0].departement.code}`);
    if (JSON.stringify(t.rule) !== rule) throw new Error(`national table: département ${t.departement.code} has another rule`);
  }
  return columns;
}

/**
 * The national canton table as cells (header first): one row per canton of every département (no total
 * rows; the département summary is `nationalSummary`), the département's code and name first, then the
 * département table's columns, in the département export's two languages (`en` RFC 4180, `fr` Excel).
 */
export function nationalTableCells(tables: readonly CoverageTable[], lang: 'en' | 'fr'): CsvCell[][] {
  checkStackable(tables);
  const head = NATIONAL_HEAD_COLUMNS.map((c) => (lang === 'fr' ? c.titleFr : c.name));
  const rows: CsvCell[][] = [];
  let header: CsvCell[] = [];
  for (const t of tables) {
    const [h, ...body] = coverageTableCells(t, lang);
    header = h;
    // the département table's last row is its total
    for (const r of body.slice(0, t.rows.length)) rows.push([t.departement.code, t.departement.name, ...r]);
  }
  return [[...head, ...header], ...rows];
}

/** The national canton table as CSV (`csv` RFC 4180, `csv-fr` French spreadsheets). */
export function nationalTableCsv(tables: readonly CoverageTable[], format: 'csv' | 'csv-fr'): string {
  return toCsv(nationalTableCells(tables, format === 'csv-fr' ? 'fr' : 'en'), format === 'csv-fr' ? EXCEL_FR : RFC4180);
}

/** Sources with their vintages, once each (every département reads the same national files). */
function nationalSources(tables: readonly CoverageTable[]) {
  const seen = new Map<string, CoverageTable['sources'][number]>();
  for (const t of tables) for (const s of t.sources) seen.set(`${s.layer}|${s.title}|${s.vintage}`, s);
  return [...seen.values()];
}

/**
 * The method of the national table: the département table's rule and placement lines (the same engine,
 * the same COG-first rule), how access is measured here, and what the national table leaves out.
 */
export function nationalMethodText(tables: readonly CoverageTable[]): string[] {
  const t = tables[0];
  const lines = coverageMethodText(t);
  const split = tables.reduce((n, x) => n + x.method.splitCommunes.length, 0);
  return [
    lines[0],
    lines[1],
    lines[2],
    `Communes partagées entre cantons (${split} en métropole) : découpées par les polygones de cantons IGN 2018 ; leur population est répartie au prorata de la surface (aucune grille de population chargée au niveau national).`,
    "Accès : distance à vol d'oiseau depuis le centre de chaque commune, pondéré par sa population, jusqu'à la France Services fixe la plus proche du département ou d'un département voisin (à moins d'environ 30 km de son emprise) ; les bus ne comptent pas pour la distance.",
    'Même moteur et même règle que le tableau par département (coverage --dept), mêmes réglages nationaux pour tous les départements : les réglages propres à un département (territoires prioritaires du SDAASP) ne sont pas appliqués ici.',
    "Colonnes sans donnée au niveau national (cellules vides) : temps en voiture, postes d'adultes-relais, autres couches de lieux.",
    'Une ligne par canton (COG 2025) ; Paris : son pseudo-canton 7599 ; aucune ligne total (voir --by departement).',
  ];
}

/** Title, date, rule, method and sources of the national table; `notes`: what the canton outlines could not follow. */
export function nationalMetadata(tables: readonly CoverageTable[], generatedAt: Date, notes: readonly string[] = []) {
  return {
    title: `Couverture France Services par canton — France métropolitaine (${tables.length} départements)`,
    generated_at: generatedAt.toISOString(),
    generator: 'Maillage',
    rule: tables[0].rule,
    method: nationalMethodText(tables),
    notes: [...notes],
    sources: nationalSources(tables).map((s) => ({ title: s.title, producer: s.producer, vintage: s.vintage, licence: s.licence })),
  };
}

/** The national table as JSON: `{ metadata, columns, rows }`, rows keyed by the English column names, values typed. */
export function nationalTableJson(tables: readonly CoverageTable[], generatedAt: Date, notes: readonly string[] = []) {
  const columns = checkStackable(tables);
  const rows = tables.flatMap((t) =>
    t.rows.map((r) => ({
      departement_code: t.departement.code,
      departement_name: t.departement.name,
      ...Object.fromEntries(columns.map((c) => [c.name, c.value(r)])),
    })),
  );
  return { metadata: nationalMetadata(tables, generatedAt, notes), rows };
}

/** CSV on the Web metadata of the national CSV: title, date, sources, rule, method and every column. */
export function nationalCsvMetadata(
  tables: readonly CoverageTable[],
  format: 'csv' | 'csv-fr',
  generatedAt: Date,
  url: string,
  notes: readonly string[] = [],
) {
  const meta = nationalMetadata(tables, generatedAt, notes);
  const fr = format === 'csv-fr';
  const columns = [...NATIONAL_HEAD_COLUMNS, ...checkStackable(tables)];
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'fr' }],
    url,
    'dc:title': meta.title,
    'dc:created': meta.generated_at,
    'dc:creator': meta.generator,
    'dc:description': [...meta.method, ...meta.notes].join('\n'),
    'dc:source': meta.sources.map((s) => `${s.producer} — ${s.title} (${s.vintage}, ${s.licence})`),
    'maillage:rule': meta.rule,
    dialect: { delimiter: fr ? ';' : ',', encoding: 'utf-8', header: true },
    tableSchema: {
      columns: columns.map((c) => ({ name: c.name, titles: { fr: c.titleFr, en: c.name }, 'dc:description': c.description })),
      primaryKey: 'canton_code',
    },
  };
}

/** One row of the département summary: the compare command's indicators, from the canton tables. */
export interface NationalDepartementRow extends Omit<DepartementSummary, 'population_not_measured'> {
  france_services_buses: number;
  cantons_met: number;
}

/**
 * The département summary from the canton tables: France Services counted (fixed and buses, with the
 * sites placed outside every canton), per 100,000 inhabitants, cantons with at least one counted, cantons
 * meeting the rule's target, and the population share within 10 km (the table's total row).
 */
export function nationalSummary(tables: readonly CoverageTable[]): NationalDepartementRow[] {
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return tables.map((t) => {
    const outside = t.method.sitesOutside.filter((s) => s.layer === 'france-services').length;
    const count = t.total.franceServices + t.total.franceServicesBuses + outside;
    const covered = t.rows.filter((r) => r.franceServices + r.franceServicesBuses > 0).length;
    const population = t.total.population;
    return {
      dept: t.departement.code,
      name: t.departement.name,
      france_services: count,
      france_services_buses: t.total.franceServicesBuses,
      population,
      france_services_per_100k: population > 0 ? Math.round((count / population) * 100_000 * 100) / 100 : null,
      cantons: t.rows.length,
      cantons_covered: covered,
      cantons_covered_pct: t.rows.length ? round1((covered / t.rows.length) * 100) : null,
      cantons_met: t.rows.filter((r) => r.status === 'met').length,
      population_within_km_pct: t.total.populationWithin10KmPct,
    };
  });
}

/** The indicators ranked and summed up in the summary. */
export const SUMMARY_INDICATORS = ['france_services_per_100k', 'cantons_covered_pct', 'population_within_km_pct'] as const;

/** Distribution (min, quartiles, median, max) of each indicator and the ranks (1 = highest) of one département. */
export function summaryStatistics(rows: readonly NationalDepartementRow[], focus: string) {
  return {
    focus,
    of: rows.length,
    ranks: Object.fromEntries(SUMMARY_INDICATORS.map((k) => [k, rankOf(rows, focus, k)])),
    distributions: Object.fromEntries(SUMMARY_INDICATORS.map((k) => [k, distribution(rows.map((r) => r[k]))])),
  };
}

/** The summary as CSV, one line per département. */
export function nationalSummaryCsv(rows: readonly NationalDepartementRow[], format: 'csv' | 'csv-fr'): string {
  const keys = Object.keys(rows[0] ?? {}) as (keyof NationalDepartementRow)[];
  return toCsv([keys, ...rows.map((r) => keys.map((k) => r[k]))], format === 'csv-fr' ? EXCEL_FR : RFC4180);
}
