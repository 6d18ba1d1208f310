import { WEEK_DAYS, type WeekDay } from '../hours/parse-day-hours.ts';

/** The local calendar day and time of an instant in a time zone. */
export interface WallClock {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  weekDay: WeekDay;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const SHORT_DAYS: Record<string, WeekDay> = {
  Mon: WEEK_DAYS[0],
  Tue: WEEK_DAYS[1],
  Wed: WEEK_DAYS[2],
  Thu: WEEK_DAYS[3],
  Fri: WEEK_DAYS[4],
  Sat: WEEK_DAYS[5],
  Sun: WEEK_DAYS[6],
};

/**
 * The wall-clock day and time of `at` in `timeZone` (an IANA name, `Europe/Paris` by default),
 * through `Intl.DateTimeFormat`, so summer time starts and ends on the right days whatever the
 * time zone of the machine running the code. Throws a RangeError for an invalid date or zone.
 */
export function wallClockInZone(at: Date, timeZone = 'Europe/Paris'): WallClock {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid date');
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const weekDay = SHORT_DAYS[parts.weekday];
  const hour = Number(parts.hour) % 24; // some engines write midnight as 24 even in h23
  const minute = Number(parts.minute);
  if (!weekDay || !Number.isFinite(hour) || !Number.isFinite(minute)) throw new RangeError(`cannot read the time in ${timeZone}`);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekDay, minutes: hour * 60 + minute };
}
