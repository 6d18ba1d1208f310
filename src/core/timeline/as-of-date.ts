/**
 * Dates of the network over time: ISO calendar days (`YYYY-MM-DD`), compared as text
 * (ISO days sort like dates). A labelling known to the month only (`YYYY-MM`, as in the
 * October 2020 snapshot) counts from the first day of that month.
 */

const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/** A date given for "the network as of" that does not exist or lies outside what the data can tell; the message is in French. */
export class AsOfDateError extends RangeError {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'AsOfDateError';
  }
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `2021-06-30` → « 30 juin 2021 »; `2024-08-01` → « 1er août 2024 ». */
export function formatDayFr(day: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(day);
  if (!m) return day;
  const month = MONTHS_FR[Number(m[2]) - 1] ?? m[2];
  if (!m[3]) return `${month} ${m[1]}`;
  const d = Number(m[3]);
  return `${d === 1 ? '1er' : d} ${month} ${m[1]}`;
}

/** True when `text` is a real calendar day written `YYYY-MM-DD`. */
export function isIsoDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** True when `text` is a labelling date of the bundle: a real `YYYY-MM-DD` day, or a `YYYY-MM` month. */
export function isLabellingDate(text: string): boolean {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) return Number(month[2]) >= 1 && Number(month[2]) <= 12;
  return isIsoDay(text);
}

/** The first day a labelling counts from: the day itself, or the first of the month for `YYYY-MM`. */
export function labellingDay(labelledOn: string): string {
  return labelledOn.length === 7 ? `${labelledOn}-01` : labelledOn;
}

/** Whether a site labelled on `labelledOn` (`YYYY-MM-DD` or `YYYY-MM`) is open on day `at` (`YYYY-MM-DD`). */
export function isLabelledBy(labelledOn: string, at: string): boolean {
  return labellingDay(labelledOn) <= at;
}

/**
 * Checks a date typed by a person (CLI `--at`, the URL, a date field): it must be a real
 * day written `AAAA-MM-JJ`, and, when `latest` is given, not after it (the list's date:
 * the data say nothing about later). Returns the day; throws an {@link AsOfDateError}
 * with a French message naming what is wrong (`2021-02-30`: « février 2021 compte 28 jours »).
 */
export function parseAsOfDate(text: string, bounds: { latest?: string } = {}): string {
  const value = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) {
    throw new AsOfDateError(text, `« ${text} » n'est pas une date au format AAAA-MM-JJ (par exemple 2021-06-30).`);
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) throw new AsOfDateError(text, `« ${text} » n'existe pas : le mois ${m[2]} n'existe pas (01 à 12).`);
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    throw new AsOfDateError(text, `« ${text} » n'existe pas : ${MONTHS_FR[month - 1]} ${year} compte ${days} jours.`);
  }
  if (bounds.latest && value > bounds.latest) {
    throw new AsOfDateError(
      text,
      `« ${text} » est postérieure à la liste des France Services, datée du ${formatDayFr(bounds.latest)} : les données ne disent rien au-delà. Choisissez une date jusqu'au ${bounds.latest}.`,
    );
  }
  return value;
}
