import type { Feature, Point } from 'geojson';
import { describeMerge, mergeSamePlaces, type MergeReason } from '../../core/places/merge-same-places.ts';
import { placeRecordOfSite } from '../../core/places/place-record-of-site.ts';
import type { PlaceSourceRecord } from '../../layers/feature-props.ts';
import type { Reporter } from '../report.ts';
import type { SourceUse } from './build-types.ts';

type PointFeature = Feature<Point, Record<string, unknown>>;

/** A built site with where its row was read, for the merge and the report. */
export interface LocatedSite {
  feature: PointFeature;
  /** The source the row comes from: its id and title (data/sources/<id>.json). */
  source: { id: string; title: string };
  file: string;
  /** 1-based record number in the file. */
  row: number | null;
  /** The reporter of the row's layer and source. */
  reporter: Reporter;
  /** For an aggregated list: the directory the record was taken from (the `sources` entry's `via`). */
  via?: string | null;
}

export interface MergeSitesOptions {
  /** Source ids in order of trust for the record that stands for a place (earlier first). */
  sourcePriority: readonly string[];
  /** The name of a commune of the département by INSEE code (a name made only of it tells no place apart). */
  communeName(code: string): string | null;
  /** List properties whose values are united over the records of a place (services, labels…). */
  unionFields?: readonly string[];
}

export interface MergedSites {
  /** One feature per place, in the order of the first record of each place. */
  features: PointFeature[];
  /** Records before the merge, places after it. */
  records: number;
  places: number;
  /** Records merged into another one (records − places). */
  merged: number;
  byReason: Partial<Record<MergeReason, number>>;
  /** Records merged into another one, per source id. */
  mergedBySource: Record<string, number>;
  /** Records placed at their commune's centre left alone because several places of their commune matched them. */
  ambiguous: number;
}

/** What a place takes from its representative record only: who and where it is. */
const IDENTITY = new Set([
  'id',
  'layer',
  'name',
  'kind',
  'source',
  'sources',
  'commune_code',
  'canton_code',
  'canton_method',
  'epci_code',
  'approximate',
  'location_precision',
  'hours',
  'opening_hours_osm',
  'updated',
]);
/** Per-record counts kept in each `sources` entry (the plan's facts count records, not places). */
const RECORD_COUNTS = ['advisors', 'advisors_attributed', 'advisors_recruited'] as const;

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

function sourceRecordOf(site: LocatedSite): PlaceSourceRecord {
  const p = site.feature.properties;
  const record: PlaceSourceRecord = {
    source: site.source.id,
    source_title: site.source.title,
    id: text(p.id),
    name: text(p.name),
    kind: typeof p.kind === 'string' ? p.kind : null,
  };
  if (site.via) record.via = site.via;
  for (const field of RECORD_COUNTS) if (typeof p[field] === 'number') record[field] = p[field];
  return record;
}

/**
 * Merges the sites that are one place listed by several sources (or twice by one), with the
 * rule of `mergeSamePlaces` (src/core/places/merge-same-places.ts): one commune, near-identical
 * names or one SIRET within 50 m, or the same number and street within 150 m; a site known only
 * by its commune joins the one place of its commune with its SIRET or exact name.
 *
 * Each place is one feature: the representative record's identity, point and precision; the
 * other records fill what it lacks (phone, mail, address…), list properties are united, hours
 * come from the first record that has them, `updated` is the latest; `sources` lists every
 * record (source id and title, id, name, kind). Every merged record is written to its source's
 * report with the record it joined (file, row, id) and why. Pure; sites are not modified.
 */
export function mergeSites(sites: readonly LocatedSite[], options: MergeSitesOptions): MergedSites {
  const records = sites.map((s) =>
    placeRecordOfSite(
      { ...s.feature.properties, source: s.source.id },
      s.feature.geometry.coordinates as [number, number],
      options.communeName(text(s.feature.properties.commune_code)),
    ),
  );
  const result = mergeSamePlaces(records, { sourcePriority: options.sourcePriority });
  const union = new Set(options.unionFields ?? []);

  const features = result.groups.map((g) => {
    const rep = sites[g.representative].feature;
    const members = [g.representative, ...g.members.filter((i) => i !== g.representative)].map((i) => sites[i]);
    const properties: Record<string, unknown> = { ...rep.properties };
    for (const m of members.slice(1)) {
      for (const [key, value] of Object.entries(m.feature.properties)) {
        if (IDENTITY.has(key) || RECORD_COUNTS.includes(key as (typeof RECORD_COUNTS)[number])) continue;
        if (union.has(key) && Array.isArray(value) && Array.isArray(properties[key]))
          properties[key] = [...new Set([...(properties[key] as unknown[]), ...value])];
        else if (isEmpty(properties[key]) && !isEmpty(value)) properties[key] = value;
      }
    }
    if (g.hoursFrom !== null && g.hoursFrom !== g.representative) {
      const from = sites[g.hoursFrom].feature.properties;
      if (!isEmpty(from.hours)) properties.hours = from.hours;
      if (!isEmpty(from.opening_hours_osm)) properties.opening_hours_osm = from.opening_hours_osm;
    }
    const updated = members
      .map((m) => m.feature.properties.updated)
      .filter((u): u is string => typeof u === 'string' && u !== '')
      .sort()
      .at(-1);
    if (updated) properties.updated = updated;
    properties.sources = members.map(sourceRecordOf);
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [...rep.geometry.coordinates] }, properties } as PointFeature;
  });

  const byReason: MergedSites['byReason'] = {};
  const mergedBySource: Record<string, number> = {};
  const representativeOf = new Map<number, number>();
  for (const g of result.groups) for (const i of g.members) representativeOf.set(i, g.representative);
  for (const link of result.links) {
    const site = sites[link.record];
    const other = sites[link.mergedWith];
    const shown = sites[representativeOf.get(link.record)!].feature.properties;
    byReason[link.reason] = (byReason[link.reason] ?? 0) + 1;
    mergedBySource[site.source.id] = (mergedBySource[site.source.id] ?? 0) + 1;
    site.reporter.merged(
      site.file,
      site.row,
      `${describeMerge(link, records)}; merged with ${other.file} row ${other.row ?? '?'} (id ${text(other.feature.properties.id)}); shown as one place, "${text(shown.name)}" (id ${text(shown.id)}), every source kept`,
      site.feature.properties.name,
      { source: other.source.id, file: other.file, row: other.row, id: text(other.feature.properties.id) },
    );
  }
  return {
    features,
    records: sites.length,
    places: features.length,
    merged: sites.length - features.length,
    byReason,
    mergedBySource,
    ambiguous: result.ambiguous.length,
  };
}

/** A source's note on its records merged into another record of the same place. */
export function withMergeNote(use: SourceUse, merge: MergedSites): SourceUse {
  const n = merge.mergedBySource[use.id] ?? 0;
  if (n === 0) return use;
  const note = `${n} fiche${n > 1 ? 's' : ''} fusionnée${n > 1 ? 's' : ''} avec une autre fiche du même lieu (même commune ; nom presque identique ou même SIRET à moins de 50 m, ou même adresse à moins de 150 m) : un lieu, toutes ses sources`;
  return { ...use, notes: [...(use.notes ?? []), note] };
}

/** The manifest stats of a merge: records before, places after, merged records by reason. */
export function mergeStats(merge: MergedSites): Record<string, unknown> {
  return {
    records_before_merge: merge.records,
    places_after_merge: merge.places,
    merged_records: merge.merged,
    merged_by_reason: merge.byReason,
    commune_only_left_alone: merge.ambiguous,
  };
}
