import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { EXCEL_FR, RFC4180, toCsv, type CsvCell } from '../export/csv.ts';
import { ACCESS_THRESHOLDS_KM, SLIVER_SHARE } from './coverage-base.ts';
import type { CantonFeature, CoverageRow, CoverageRule, CoverageTable, PriorityReason } from './coverage-types.ts';
import { driveTimeColumns, driveTimeMethodText } from './drive-time-export.ts';
import { hypotheticalColumn, scenarioMetadata, scenarioMethodText } from './scenario-export.ts';

export type CoverageFormat = 'csv' | 'csv-fr' | 'geojson' | 'json';
export const COVERAGE_FORMATS: readonly CoverageFormat[] = ['csv', 'csv-fr', 'geojson', 'json'];

type Lang = 'en' | 'fr';
type Value = string | number | boolean | string[] | null;

/** One column of the table: its snake_case name, French title, type and meaning. */
export interface CoverageColumn {
  name: string;
  titleFr: string;
  datatype: 'string' | 'integer' | 'decimal' | 'boolean';
  /** Unit of a number column, also in its name (`_pct`, `_km`) and French title (`(%)`, `(km)`): every share is a percentage (0–100). */
  unit?: '%' | 'km' | 'min';
  description: string;
  value(row: CoverageRow): Value;
}

/** Short French names of the priority reasons (Excel-FR export, planner table). */
export const REASON_FR: Record<PriorityReason, string> = { qpv: 'QPV', rural: 'rural', territory: 'territoire prioritaire' };
const STATUS_FR = { met: 'atteinte', gap: 'écart' } as const;

const snake = (id: string) =>
  id
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
/** "1 lieu", "2 lieux": French plural of a count. */
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The table's columns, in order; the layer columns follow the table's counted layers. */
export function coverageColumns(table: CoverageTable): CoverageColumn[] {
  const year = table.healthMediatorYear;
  const access = ACCESS_THRESHOLDS_KM.map(
    (km, i): CoverageColumn => ({
      name: `population_within_${km}_km_pct`,
      titleFr: `Population à moins de ${km} km (%)`,
      datatype: 'decimal',
      unit: '%',
      description: `Part (en %) de la population à moins de ${km} km à vol d'oiseau d'une France Services fixe.`,
      value: (r) => [r.populationWithin5KmPct, r.populationWithin10KmPct, r.populationWithin15KmPct][i],
    }),
  );
  return [
    {
      name: 'canton_code',
      titleFr: 'Code canton',
      datatype: 'string',
      description: 'Code INSEE du canton (4 caractères) ; sur la ligne total, code du département.',
      value: (r) => r.cantonCode,
    },
    { name: 'canton_name', titleFr: 'Canton', datatype: 'string', description: 'Nom du canton (COG).', value: (r) => r.cantonName },
    {
      name: 'row_type',
      titleFr: 'Type de ligne',
      datatype: 'string',
      description: '« canton » ou « total » (ligne du département).',
      value: (r) => r.rowType,
    },
    {
      name: 'communes',
      titleFr: 'Communes',
      datatype: 'integer',
      description: 'Communes du canton ; une commune partagée entre cantons compte dans chacun. Ligne total : communes distinctes.',
      value: (r) => r.communes,
    },
    {
      name: 'split_communes',
      titleFr: 'Communes partagées',
      datatype: 'string',
      description:
        "Communes partagées avec d'autres cantons, dont la population est répartie selon la grille de population de 1 km (à défaut, au prorata de la surface).",
      value: (r) => r.splitCommunes,
    },
    {
      name: 'population',
      titleFr: 'Population municipale',
      datatype: 'integer',
      description: 'Population municipale (communes partagées : selon la grille de population de 1 km, à défaut au prorata de la surface).',
      value: (r) => r.population,
    },
    {
      name: 'france_services',
      titleFr: 'France Services (sites fixes)',
      datatype: 'integer',
      description: 'Sites France Services fixes du département situés dans le canton.',
      value: (r) => r.franceServices,
    },
    {
      name: 'france_services_buses',
      titleFr: 'France Services itinérants (bus)',
      datatype: 'integer',
      description: 'France Services en bus ou itinérants, comptés dans le canton de leur base.',
      value: (r) => r.franceServicesBuses,
    },
    {
      name: 'qpv_touching_canton',
      titleFr: 'QPV touchant le canton',
      datatype: 'integer',
      description:
        "Quartiers prioritaires de la politique de la ville (QPV) situés dans une commune du canton : un QPV est compté dans chaque canton où se trouve l'une de ses communes ; pour une commune partagée entre cantons, tous ses QPV sont comptés dans chacun (la liste des QPV par commune ne dit pas dans quelle partie ils se trouvent). Ligne total : QPV distincts.",
      value: (r) => r.qpvCount,
    },
    {
      name: 'communes_with_qpv',
      titleFr: 'Communes ayant un QPV',
      datatype: 'integer',
      description:
        'Communes du canton comptant au moins un QPV (une commune partagée entre cantons compte dans chacun). Ligne total : communes distinctes.',
      value: (r) => r.communesWithQpv,
    },
    {
      name: 'rural_population_pct',
      titleFr: 'Population rurale (%)',
      datatype: 'decimal',
      unit: '%',
      description:
        'Part (en %) de la population vivant dans une commune rurale (grille communale de densité INSEE). Le critère de priorité porte sur la part non arrondie.',
      value: (r) => Math.round(r.ruralPopulationShare * 1000) / 10,
    },
    {
      name: 'priority_territory',
      titleFr: 'Territoire prioritaire',
      datatype: 'string',
      description: 'Territoire(s) prioritaire(s) du SDAASP où vit plus de la moitié de la population du canton.',
      value: (r) => r.priorityTerritories,
    },
    {
      name: 'priority',
      titleFr: 'Prioritaire',
      datatype: 'boolean',
      description: 'Canton prioritaire selon la règle (vide sur la ligne total).',
      value: (r) => r.priority,
    },
    {
      name: 'priority_reasons',
      titleFr: 'Motifs de priorité',
      datatype: 'string',
      description: 'Pourquoi le canton est prioritaire : qpv (QPV), rural, territory (territoire prioritaire).',
      value: (r) => r.priorityReasons,
    },
    {
      name: 'target',
      titleFr: 'Cible',
      datatype: 'integer',
      description: 'Nombre de France Services visé selon la règle. Ligne total : somme des cibles.',
      value: (r) => r.target,
    },
    {
      name: 'status',
      titleFr: 'Statut',
      datatype: 'string',
      description:
        "« met » (en français « atteinte ») : cible atteinte ; « gap » (« écart ») : il manque des France Services. Ligne total : « gap » dès qu'un canton est en écart.",
      value: (r) => r.status,
    },
    {
      name: 'gap',
      titleFr: 'Écart',
      datatype: 'integer',
      description: 'France Services manquants pour atteindre la cible (0 si atteinte). Ligne total : somme des écarts.',
      value: (r) => r.gap,
    },
    {
      name: 'inhabitants_per_france_services',
      titleFr: 'Habitants par France Services',
      datatype: 'integer',
      description: "Population divisée par le nombre de France Services comptés pour la cible ; vide s'il n'y en a aucun.",
      value: (r) => r.inhabitantsPerFranceServices,
    },
    {
      name: 'mean_distance_km',
      titleFr: 'Distance moyenne (km)',
      datatype: 'decimal',
      unit: 'km',
      description:
        "Distance moyenne à vol d'oiseau, pondérée par la population, à la France Services fixe la plus proche (y compris hors département).",
      value: (r) => r.meanDistanceKm,
    },
    {
      name: 'max_distance_km',
      titleFr: 'Distance maximale (km)',
      datatype: 'decimal',
      unit: 'km',
      description: "Plus grande distance à vol d'oiseau d'un lieu habité à la France Services fixe la plus proche.",
      value: (r) => r.maxDistanceKm,
    },
    ...access,
    ...driveTimeColumns(),
    {
      name: 'health_mediator_posts',
      titleFr: `Postes adultes-relais${year ? ` (${year})` : ''}`,
      datatype: 'integer',
      description: `Postes d'adultes-relais${year ? ` en ${year}` : ''} ; les postes d'un territoire de contrat de ville (EPCI ou commune) sont répartis entre ses cantons au prorata de la population, en postes entiers. Vide si la couche n'est pas chargée.`,
      value: (r) => r.healthMediatorPosts,
    },
    ...table.countedLayers.map(
      (l): CoverageColumn => ({
        name: `${snake(l.id)}_count`,
        titleFr: l.title,
        datatype: 'integer',
        description: `Nombre de lieux de la couche « ${l.title} » dans le canton ; vide si la couche n'a pas de données.`,
        value: (r) => r.layerCounts[l.id] ?? null,
      }),
    ),
    ...(table.scenario ? [hypotheticalColumn(table.scenario)] : []),
  ];
}

function cell(value: Value, column: CoverageColumn, lang: Lang): CsvCell {
  if (value === null) return null;
  if (typeof value === 'boolean') return lang === 'fr' ? (value ? 'oui' : 'non') : value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (lang === 'fr' && column.name === 'priority_reasons') return value.map((v) => REASON_FR[v as PriorityReason]).join(' ; ');
    return value.join(lang === 'fr' ? ' ; ' : '; ');
  }
  if (lang === 'fr' && column.name === 'status') return STATUS_FR[value as 'met' | 'gap'];
  if (lang === 'fr' && column.name === 'row_type') return value === 'total' ? 'total' : 'canton';
  return value;
}

/**
 * The table as rows of cells (header first), canton rows then the total row: `en` as the
 * RFC 4180 CSV writes it (snake_case headers, yes/no), `fr` as French spreadsheets read it
 * (French headers, oui/non, French statuses and reasons). Shared by the CSV and xlsx writers.
 */
export function coverageTableCells(table: CoverageTable, lang: Lang): CsvCell[][] {
  const columns = coverageColumns(table);
  const header = columns.map((c) => (lang === 'fr' ? c.titleFr : c.name));
  return [header, ...[...table.rows, table.total].map((r) => columns.map((c) => cell(c.value(r), c, lang)))];
}

/** What an export describes beyond the table: the network's date (the timeline), a named scenario. */
export interface CoverageExportContext {
  /** `YYYY-MM-DD`: the network as of that day (sites labelled on or before it). */
  asOf?: string | null;
}

/** A name part: lower case ASCII letters, digits and single hyphens, at most `max` characters. */
function slug(text: string, max = 40): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** The rule in a few characters: `regle-1-2-bus-qpv-rural50-terr` (targets, buses counted or not, priority criteria). */
export function ruleSlug(rule: CoverageRule): string {
  const p = rule.priority;
  const criteria = [
    p.qpv ? 'qpv' : null,
    p.ruralPopulationShareMin !== null ? `rural${Math.round(p.ruralPopulationShareMin * 100)}` : null,
    p.territories ? 'terr' : null,
  ].filter(Boolean);
  return [
    `regle-${rule.target}-${rule.priorityTarget}`,
    rule.countBuses ? 'bus' : 'sans-bus',
    ...(criteria.length ? criteria : ['sans-priorite']),
  ].join('-');
}

/** Date of the data a table describes: the day asked for, else the France Services list's vintage (null when it has none). */
function dataDate(table: CoverageTable, context: CoverageExportContext): string | null {
  if (context.asOf) return context.asOf;
  const vintage = table.sources.find((s) => s.layer === 'france-services')?.vintage ?? '';
  return /^\d{4}(-\d{2}){0,2}$/.test(vintage) ? vintage : null;
}

/** The name of the scenario applied to a table ("sans nom" when it has none). */
export function scenarioTitle(table: CoverageTable): string {
  return table.scenario?.name?.trim() || 'sans nom';
}

/**
 * Suggested file name of an export: département, date of the data, rule and scenario, e.g.
 * `couverture-cantons-59-au-2024-08-01-regle-1-2-bus-qpv-rural50-terr.csv`, or with a
 * scenario `…-terr-scenario-deux-bus-de-plus.xlsx`. ASCII only, so that it survives any
 * file system and e-mail.
 */
export function coverageFileName(table: CoverageTable, format: CoverageFormat | 'xlsx', context: CoverageExportContext = {}): string {
  const date = dataDate(table, context);
  const scenario = table.scenario ? slug(scenarioTitle(table)) : '';
  const base = [
    `couverture-cantons-${table.departement.code}`,
    date ? `au-${date}` : null,
    ruleSlug(table.rule),
    scenario ? `scenario-${scenario}` : null,
  ]
    .filter(Boolean)
    .join('-');
  const ext = { csv: '.csv', 'csv-fr': '-excel-fr.csv', geojson: '.geojson', json: '.json', xlsx: '.xlsx' } as const;
  return `${base}${ext[format]}`;
}

/** The metadata sidecar's file name for a CSV export (CSV on the Web convention: `<file>-metadata.json`). */
export function coverageMetadataFileName(table: CoverageTable, format: 'csv' | 'csv-fr', context: CoverageExportContext = {}): string {
  return `${coverageFileName(table, format, context)}-metadata.json`;
}

/** The method, in plain French, as it applies to this table. */
export function coverageMethodText(table: CoverageTable): string[] {
  const { rule, method } = table;
  const priority = [
    rule.priority.qpv ? 'au moins un QPV' : null,
    rule.priority.ruralPopulationShareMin !== null
      ? `au moins ${Math.round(rule.priority.ruralPopulationShareMin * 100)} % de la population dans des communes rurales`
      : null,
    rule.priority.territories ? 'plus de la moitié de la population dans un territoire prioritaire du SDAASP' : null,
  ].filter(Boolean);
  const split = method.splitCommunes.map(
    (c) =>
      `${c.name} (${c.by === 'population-grid' ? 'grille' : 'surface'} ; ${c.shares.map((s) => `${s.cantonCode} : ${(s.share * 100).toFixed(1).replace('.', ',')} %`).join(', ')})`,
  );
  return [
    `Règle : ${rule.target} France Services par canton, ${rule.priorityTarget} dans un canton prioritaire ; ${rule.countBuses ? 'les France Services itinérants (bus) comptent pour la cible, dans le canton de leur base' : 'seuls les sites fixes comptent pour la cible'}.`,
    `Canton prioritaire : ${priority.length ? priority.join(', ou ') : 'aucun critère retenu'}.`,
    'Rattachement des lieux : le canton de la commune INSEE du lieu quand cette commune est entière dans un canton (COG) ; sinon (commune partagée, commune inconnue), le polygone de canton qui contient le point.',
    `Communes partagées entre cantons : les parties sont les cantons couvrant au moins ${String(SLIVER_SHARE * 100).replace('.', ',')} % de la surface de la commune (polygones IGN 2018 simplifiés ; en deçà, artefacts de simplification) ; la population municipale est répartie selon la population des carreaux habités de la grille de 1 km dont le centre tombe dans chaque partie, une partie sans carreau gardant sa part de surface ; sans grille chargée ou sans carreau dans la commune, au prorata de la surface ; en habitants entiers (plus forts restes) : ${split.join(' ; ') || 'aucune'}.`,
    `Accès : distance à vol d'oiseau (et non par la route) depuis ${method.distanceFrom === 'population-grid' ? `les carreaux habités de la grille de population de 1 km${method.populationGridVintage ? ` (${method.populationGridVintage})` : ''}, pondérés par leur population${method.cellsAssignedByNearestCommune ? ` (${plural(method.cellsAssignedByNearestCommune, 'carreau de bord rattaché', 'carreaux de bord rattachés')} au canton de la commune la plus proche)` : ''}` : 'le centre de chaque commune, pondéré par sa population (aucune grille de population chargée)'}, jusqu'à la France Services fixe la plus proche parmi ${method.fixedFranceServicesForDistance} du département et ${method.nearbyFranceServicesForDistance} des départements voisins ; les bus ne sont pas pris en compte pour la distance.`,
    driveTimeMethodText(table),
    'Ligne total : sommes des cantons pour la population, les France Services, les cibles, les écarts, les postes et les lieux ; communes et QPV distincts ; distances et parts calculées sur tout le département.',
    'Cellule vide : donnée absente (couche non chargée ou sans objet), jamais zéro.',
    ...(table.scenario ? scenarioMethodText(table.scenario) : []),
    ...(method.sitesOutside.length
      ? [
          `${plural(method.sitesOutside.length, 'lieu hors de tout canton, non compté', 'lieux hors de tout canton, non comptés')} : ${method.sitesOutside.map((s) => `${s.layer}/${s.id}`).join(', ')}.`,
        ]
      : []),
  ];
}

/** Everything a reader needs to trust the figures: sources and vintages, rule, method, date. */
export function coverageMetadata(table: CoverageTable, generatedAt: Date, context: CoverageExportContext = {}) {
  return {
    title: `Couverture France Services par canton — ${table.departement.name} (${table.departement.code})${context.asOf ? `, réseau au ${context.asOf}` : ''}${table.scenario ? `, scénario « ${scenarioTitle(table)} »` : ''}`,
    generated_at: generatedAt.toISOString(),
    generator: 'Maillage',
    ...(context.asOf ? { as_of: context.asOf } : {}),
    rule: table.rule,
    method: coverageMethodText(table),
    sources: table.sources.map((s) => ({ layer: s.layer, title: s.title, producer: s.producer, vintage: s.vintage, licence: s.licence })),
    ...(table.scenario ? { scenario: scenarioMetadata(table.scenario) } : {}),
  };
}

/**
 * CSV on the Web (W3C CSVW) metadata for a CSV export: title, date, sources and
 * vintages, rule and method, and every column's French title, type and meaning.
 * A text file any spreadsheet user can open next to the data.
 */
export function coverageCsvMetadata(
  table: CoverageTable,
  format: 'csv' | 'csv-fr',
  generatedAt: Date,
  context: CoverageExportContext = {},
) {
  const meta = coverageMetadata(table, generatedAt, context);
  const fr = format === 'csv-fr';
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'fr' }],
    url: coverageFileName(table, format, context),
    'dc:title': meta.title,
    'dc:created': meta.generated_at,
    'dc:creator': meta.generator,
    'dc:description': meta.method.join('\n'),
    'dc:source': meta.sources.map((s) => `${s.producer} — ${s.title} (${s.vintage}, ${s.licence}) [couche ${s.layer}]`),
    'maillage:rule': meta.rule,
    ...(meta.scenario ? { 'maillage:scenario': meta.scenario } : {}),
    dialect: { delimiter: fr ? ';' : ',', encoding: 'utf-8', header: true, ...(fr ? { doubleQuote: true } : {}) },
    tableSchema: {
      columns: coverageColumns(table).map((c) => ({
        name: c.name,
        titles: { fr: c.titleFr, en: c.name },
        'dc:description': c.description,
        datatype:
          c.datatype === 'decimal' && fr
            ? { base: 'decimal', format: { decimalChar: ',' } }
            : c.datatype === 'boolean'
              ? { base: 'boolean', format: fr ? 'oui|non' : 'yes|no' }
              : c.datatype,
        ...(c.name === 'split_communes' || c.name === 'priority_territory' || c.name === 'priority_reasons'
          ? { separator: fr ? ' ; ' : '; ' }
          : {}),
      })),
      primaryKey: 'canton_code',
    },
  };
}

/** The table as a CSV: `csv` is RFC 4180 with snake_case headers; `csv-fr` is for French spreadsheets (`;`, BOM, decimal comma, French headers). */
export function coverageToCsv(table: CoverageTable, format: 'csv' | 'csv-fr'): string {
  return toCsv(coverageTableCells(table, format === 'csv-fr' ? 'fr' : 'en'), format === 'csv-fr' ? EXCEL_FR : RFC4180);
}

function rowRecord(table: CoverageTable, row: CoverageRow): Record<string, Value> {
  return Object.fromEntries(coverageColumns(table).map((c) => [c.name, c.value(row)]));
}

/** The cantons with their figures as GeoJSON; the total row and the metadata sit in a top-level `metadata` member. */
export function coverageToGeoJson(
  table: CoverageTable,
  cantons: readonly CantonFeature[],
  generatedAt: Date,
  context: CoverageExportContext = {},
): FeatureCollection<Polygon | MultiPolygon> & { metadata: unknown } {
  const geometry = new Map(cantons.map((c) => [c.properties.code, c.geometry]));
  const features: Feature<Polygon | MultiPolygon>[] = table.rows.map((r) => {
    const g = geometry.get(r.cantonCode);
    if (!g) throw new Error(`no geometry for canton ${r.cantonCode}`);
    return { type: 'Feature', id: r.cantonCode, geometry: g, properties: rowRecord(table, r) };
  });
  return {
    type: 'FeatureCollection',
    metadata: { ...coverageMetadata(table, generatedAt, context), total: rowRecord(table, table.total) },
    features,
  };
}

/** The table as JSON: `{ metadata, rows, total }`, values typed (numbers, booleans, lists). */
export function coverageToJson(table: CoverageTable, generatedAt: Date, context: CoverageExportContext = {}) {
  return {
    metadata: coverageMetadata(table, generatedAt, context),
    rows: table.rows.map((r) => rowRecord(table, r)),
    total: rowRecord(table, table.total),
  };
}

/** One export as text, identical from the CLI and the UI for the same table, format and date. */
export function exportCoverage(
  table: CoverageTable,
  format: CoverageFormat,
  cantons: readonly CantonFeature[],
  generatedAt: Date,
  context: CoverageExportContext = {},
): string {
  switch (format) {
    case 'csv':
    case 'csv-fr':
      return coverageToCsv(table, format);
    case 'geojson':
      return JSON.stringify(coverageToGeoJson(table, cantons, generatedAt, context)) + '\n';
    case 'json':
      return JSON.stringify(coverageToJson(table, generatedAt, context), null, 2) + '\n';
  }
}
