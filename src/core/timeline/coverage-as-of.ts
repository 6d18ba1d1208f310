import type { CoverageInput, CoverageSource, FranceServicesSite } from '../coverage/coverage-types.ts';
import { formatDayFr, isLabelledBy, parseAsOfDate } from './as-of-date.ts';

/** A France Services of the list with its labelling date (`YYYY-MM-DD` or `YYYY-MM`; null when the list gives none). */
export interface DatedSite {
  id: string;
  labelledOn: string | null;
}

/**
 * The France Services list seen as a network over time: every site of the
 * département and of its neighbours with its labelling date, and the date of the list.
 * Only sites still in the list are known: a site closed before the list's date is not
 * in it (see compare-snapshots.ts for what an older snapshot tells about that).
 */
export interface DatedNetwork {
  /** Date of the list (`YYYY-MM-DD`): the network is known up to that day. */
  listDate: string;
  franceServices: readonly DatedSite[];
  nearby: readonly DatedSite[];
}

/** The day from which a site counts: its labelling day, or the list's date when the list gives no labelling date. */
export function openingDay(site: DatedSite, listDate: string): string {
  if (site.labelledOn === null) return listDate;
  return site.labelledOn.length === 7 ? `${site.labelledOn}-01` : site.labelledOn;
}

/** Latest day the network can be asked about: the list's date (or a later labelling, should the list hold one). */
export function latestDay(network: DatedNetwork): string {
  let latest = network.listDate;
  for (const s of [...network.franceServices, ...network.nearby]) {
    const day = openingDay(s, network.listDate);
    if (day > latest) latest = day;
  }
  return latest;
}

/** Checks a date typed by a person against the network ({@link parseAsOfDate}: a real day, not after the list). */
export function parseNetworkDate(text: string, network: DatedNetwork): string {
  return parseAsOfDate(text, { latest: latestDay(network) });
}

function openOn(sites: readonly FranceServicesSite[], dated: readonly DatedSite[], listDate: string, at: string, layer: string) {
  const dayOf = new Map(dated.map((s) => [s.id, s]));
  return sites.filter((site) => {
    const d = dayOf.get(site.id);
    if (!d) throw new Error(`${layer}: France Services ${site.id} has no labelling entry in the dated network`);
    return d.labelledOn === null ? listDate <= at : isLabelledBy(d.labelledOn, at);
  });
}

/** The sources as of a date: the France Services sources say which network the figures describe. */
export function sourcesAsOf(sources: readonly CoverageSource[], at: string): CoverageSource[] {
  return sources.map((s) =>
    s.layer === 'france-services' || s.layer === 'france-services-nearby'
      ? { ...s, title: `${s.title} — réseau au ${formatDayFr(at)} (sites labellisés à cette date ou avant)` }
      : { ...s },
  );
}

/**
 * The coverage input as of day `at` (`YYYY-MM-DD`): the France Services of the
 * département and of its neighbours labelled on or before that day; a site without a
 * labelling date counts from the list's date. Everything else (communes, population,
 * other layers) is unchanged. The sources' titles say the date. The input is not modified.
 */
export function coverageInputAsOf(input: CoverageInput, network: DatedNetwork, at: string): CoverageInput {
  return {
    ...input,
    franceServices: openOn(input.franceServices, network.franceServices, network.listDate, at, 'france-services'),
    nearbyFranceServices: openOn(input.nearbyFranceServices, network.nearby, network.listDate, at, 'france-services-nearby'),
    sources: sourcesAsOf(input.sources, at),
  };
}

/**
 * For a CLI option or a URL: checks the date typed (French error, {@link parseNetworkDate})
 * and returns the day with the input as of it.
 */
export function coverageInputAtDate(input: CoverageInput, network: DatedNetwork, text: string): { at: string; input: CoverageInput } {
  const at = parseNetworkDate(text, network);
  return { at, input: coverageInputAsOf(input, network, at) };
}
