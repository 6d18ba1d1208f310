/** French display helpers for the panels (pure functions, no DOM). */

export const DAY_LABELS: Record<string, string> = {
  monday: 'Lundi',
  tuesday: 'Mardi',
  wednesday: 'Mercredi',
  thursday: 'Jeudi',
  friday: 'Vendredi',
  saturday: 'Samedi',
  sunday: 'Dimanche',
};

export const DAY_ORDER = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Minutes since midnight as French time: 570 → "9 h 30", 720 → "12 h" (with no-break spaces). */
export function formatTimeFr(min: number): string {
  const h = Math.floor(min / 60);
  const m = min % 60;
  // No-break spaces: a time never splits across lines.
  return m === 0 ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}`;
}

interface Range {
  opensMin: number;
  closesMin: number;
}
interface DayHoursLike {
  status?: unknown;
  ranges?: unknown;
  text?: unknown;
}

function isRange(r: unknown): r is Range {
  return typeof r === 'object' && r !== null && typeof (r as Range).opensMin === 'number' && typeof (r as Range).closesMin === 'number';
}

/** One day's opening hours in French ("9 h à 12 h, 13 h 30 à 17 h", "Fermé", or the raw text when unparsed). */
export function formatDayHoursFr(day: unknown): string {
  if (typeof day !== 'object' || day === null) return 'Non renseigné';
  const d = day as DayHoursLike;
  if (d.status === 'closed') return 'Fermé';
  if (d.status === 'open' && Array.isArray(d.ranges) && d.ranges.every(isRange) && d.ranges.length > 0) {
    return d.ranges.map((r) => `${formatTimeFr(r.opensMin)} à ${formatTimeFr(r.closesMin)}`).join(', ');
  }
  const text = typeof d.text === 'string' ? d.text.trim() : '';
  return text ? `Non précisé (« ${text} »)` : 'Non renseigné';
}

const DATE_FR = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** An ISO date (YYYY-MM-DD) in French ("1 janvier 2020"); other strings unchanged. */
export function formatDateFr(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return iso;
  // French writes the first day of a month as an ordinal: "1er juillet 2022".
  return DATE_FR.format(date).replace(/^1 /, '1er ');
}

/** A `tel:` URI from a French phone number as written in the data, or null if it is not a phone number. */
export function telHref(phone: string): string | null {
  const digits = phone.replace(/[\s.\-()]/g, '');
  return /^\+?\d{6,15}$/.test(digits) ? `tel:${digits}` : null;
}

/** A `mailto:` URI for a plausible e-mail address, or null. */
export function mailHref(mail: string): string | null {
  const m = mail.trim();
  // no `?` or `&`: data must not add headers (bcc, body…) to the user's message
  return /^[^\s@<>"?&]+@[^\s@<>"?&]+\.[^\s@<>"?&]+$/.test(m) ? `mailto:${m}` : null;
}

/** The URL itself when it is http(s), else null (never a `javascript:` link from data). */
export function webHref(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
