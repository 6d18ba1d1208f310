import { DAY_FR, readDay, timeFr, type WeekHoursInput } from './open-status.ts';
import { WEEK_DAYS, type DayHours, type WeekDay } from './parse-day-hours.ts';

/** One day of a site's week, ready to show. */
export interface ScheduleDay {
  weekDay: WeekDay;
  /** French day name: "lundi" … "dimanche". */
  dayFr: string;
  hours: DayHours;
  /** "9 h – 12 h, 13 h 30 – 17 h", "fermé", or "horaires non précisés (« … »)" for text that is not a list of times. */
  textFr: string;
  /**
   * False when the source has no value for this day and the day is read as closed: the ANCT
   * France Services list has no Sunday column (h_lundi … h_samedi), so its Sunday is closed.
   */
  fromSource: boolean;
}

function dayTextFr(day: DayHours): string {
  if (day.status === 'closed') return 'fermé';
  if (day.status === 'open') return day.ranges.map((r) => `${timeFr(r.opensMin)} – ${timeFr(r.closesMin)}`).join(', ');
  return day.text ? `horaires non précisés (« ${day.text} »)` : 'horaires non précisés';
}

/**
 * The full week of a site, Monday to Sunday, always seven days, from its parsed hours as the
 * bundle stores them (`properties.hours`). A day missing from a week that lists other days is
 * closed ("fermé"), as `openStatus` reads it; a malformed day reads as not specified. Null when
 * no day is given at all: the hours are unknown, not "closed every day". Input not modified.
 */
export function weekSchedule(hours: WeekHoursInput | null | undefined): ScheduleDay[] | null {
  if (!hours || typeof hours !== 'object') return null;
  const days = WEEK_DAYS.map((weekDay) => ({ weekDay, day: readDay(hours[weekDay]) }));
  if (days.every((d) => d.day === null)) return null;
  return days.map(({ weekDay, day }) => {
    const h: DayHours = day ?? { status: 'closed', ranges: [], text: '' };
    return { weekDay, dayFr: DAY_FR[weekDay], hours: h, textFr: dayTextFr(h), fromSource: day !== null };
  });
}
