import { WEEK_DAYS, type DayHours, type TimeRange, type WeekDay } from './parse-day-hours.ts';
import { wallClockInZone } from '../time/wall-clock-in-zone.ts';

/** Parsed opening hours per day, as the bundle stores them (`properties.hours`); days may be missing. */
export type WeekHoursInput = Partial<Record<WeekDay, DayHours>>;

export interface NextOpening {
  weekDay: WeekDay;
  /** 0 = later today, 1 = tomorrow, … 7 = the same weekday next week. */
  daysAhead: number;
  /** Local minutes since midnight. */
  opensMin: number;
}

export type OpenStatus =
  | { state: 'open'; weekDay: WeekDay; minutes: number; today: DayHours; closesMin: number; label: string }
  | { state: 'closed'; weekDay: WeekDay; minutes: number; today: DayHours | null; next: NextOpening | null; label: string }
  | { state: 'unknown'; weekDay: WeekDay; minutes: number; today: DayHours | null; label: string };

export const DAY_FR: Record<WeekDay, string> = {
  monday: 'lundi',
  tuesday: 'mardi',
  wednesday: 'mercredi',
  thursday: 'jeudi',
  friday: 'vendredi',
  saturday: 'samedi',
  sunday: 'dimanche',
};

/** 570 → "9 h 30", 720 → "12 h", 1440 → "minuit" (no-break spaces: a time never splits across lines). */
export function timeFr(min: number): string {
  if (min === 0 || min === 1440) return 'minuit';
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m === 0 ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}`;
}

function isRange(r: unknown): r is TimeRange {
  if (typeof r !== 'object' || r === null) return false;
  const { opensMin, closesMin } = r as TimeRange;
  return Number.isInteger(opensMin) && Number.isInteger(closesMin) && opensMin >= 0 && closesMin <= 1440 && opensMin < closesMin;
}

/** A day as stored, checked: anything malformed (hand-edited JSON, a newer format) reads as unknown. */
export function readDay(day: unknown): DayHours | null {
  if (day === undefined || day === null) return null;
  const d = day as DayHours;
  const text = typeof d.text === 'string' ? d.text : '';
  if (d.status === 'closed') return { status: 'closed', ranges: [], text };
  if (d.status === 'open' && Array.isArray(d.ranges) && d.ranges.length > 0 && d.ranges.every(isRange)) {
    return { status: 'open', ranges: [...d.ranges].sort((a, b) => a.opensMin - b.opensMin), text };
  }
  return { status: 'unknown', ranges: [], text, reason: d.status === 'unknown' ? d.reason : 'malformed day' };
}

/**
 * Whether a site is open at the instant `at`, from its parsed weekly hours, in the local time
 * of `timeZone` (Europe/Paris by default, summer time included), with a French label:
 * `"ouvert maintenant — ferme à 12 h 30"`, `"fermé — ouvre aujourd’hui à 13 h 30"`,
 * `"fermé — ouvre demain à 9 h"`, `"fermé — ouvre lundi à 9 h"`, or unknown.
 *
 * A range includes its opening minute and excludes its closing minute (open at 12:29, closed
 * at 12:30). A day missing from a schedule that lists other days is closed (the ANCT list has
 * no Sunday column: France Services are closed on Sundays); no day at all, or a day whose hours
 * could not be parsed, gives `unknown` rather than a guess. Inputs are not modified.
 */
export function openStatus(hours: WeekHoursInput | null | undefined, at: Date, timeZone = 'Europe/Paris'): OpenStatus {
  const { weekDay, minutes } = wallClockInZone(at, timeZone);
  const listed = hours && typeof hours === 'object' ? WEEK_DAYS.filter((d) => hours[d] !== undefined && hours[d] !== null) : [];
  if (!hours || listed.length === 0) {
    return { state: 'unknown', weekDay, minutes, today: null, label: 'horaires non renseignés' };
  }
  const dayOf = (d: WeekDay): DayHours => readDay(hours[d]) ?? { status: 'closed', ranges: [], text: '' };
  const today = dayOf(weekDay);
  if (today.status === 'unknown') {
    return { state: 'unknown', weekDay, minutes, today, label: 'horaires du jour non précisés' };
  }
  const current = today.ranges.find((r) => r.opensMin <= minutes && minutes < r.closesMin);
  if (current) {
    return {
      state: 'open',
      weekDay,
      minutes,
      today,
      closesMin: current.closesMin,
      label: `ouvert maintenant — ferme à ${timeFr(current.closesMin)}`,
    };
  }
  const todayIndex = WEEK_DAYS.indexOf(weekDay);
  for (let daysAhead = 0; daysAhead <= 7; daysAhead++) {
    const d = WEEK_DAYS[(todayIndex + daysAhead) % 7];
    const day = daysAhead === 0 ? today : dayOf(d);
    if (day.status === 'unknown') {
      return { state: 'closed', weekDay, minutes, today, next: null, label: 'fermé — réouverture non précisée' };
    }
    const range = day.ranges.find((r) => daysAhead > 0 || r.opensMin > minutes);
    if (!range) continue;
    const next: NextOpening = { weekDay: d, daysAhead, opensMin: range.opensMin };
    const when = daysAhead === 0 ? 'aujourd’hui' : daysAhead === 1 ? 'demain' : daysAhead === 7 ? `${DAY_FR[d]} prochain` : DAY_FR[d];
    return { state: 'closed', weekDay, minutes, today, next, label: `fermé — ouvre ${when} à ${timeFr(range.opensMin)}` };
  }
  return { state: 'closed', weekDay, minutes, today, next: null, label: 'fermé — aucun jour d’ouverture indiqué' };
}
