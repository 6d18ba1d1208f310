import { describe, expect, it } from 'vitest';
import { parseDayHours } from '../../src/core/hours/parse-day-hours.ts';
import { weekSchedule } from '../../src/core/hours/week-schedule.ts';

/** A week as the build stores a France Services row: the six columns h_lundi … h_samedi of the ANCT list, parsed. */
const ANCT_WEEK = {
  monday: parseDayHours('09:00 - 12:00 / 13:30 - 17:00'),
  tuesday: parseDayHours('09:00 - 12:00'),
  wednesday: parseDayHours(''),
  thursday: parseDayHours('13:30 - 17:00'),
  friday: parseDayHours('sur rendez-vous'),
  saturday: parseDayHours(''),
};

describe('weekSchedule', () => {
  it('gives the seven days, Monday to Sunday, with Sunday closed when the source has no Sunday column', () => {
    const week = weekSchedule(ANCT_WEEK)!;
    expect(week.map((d) => [d.dayFr, d.textFr, d.fromSource])).toEqual([
      ['lundi', '9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h', true],
      ['mardi', '9\u00a0h – 12\u00a0h', true],
      ['mercredi', 'fermé', true],
      ['jeudi', '13\u00a0h\u00a030 – 17\u00a0h', true],
      ['vendredi', 'horaires non précisés (« sur rendez-vous »)', true],
      ['samedi', 'fermé', true],
      ['dimanche', 'fermé', false],
    ]);
    expect(week[6]).toMatchObject({ weekDay: 'sunday', hours: { status: 'closed', ranges: [] } });
  });

  it('keeps a Sunday the source gives', () => {
    const week = weekSchedule({ ...ANCT_WEEK, sunday: parseDayHours('10:00 - 12:00') })!;
    expect(week[6]).toMatchObject({ dayFr: 'dimanche', textFr: '10\u00a0h – 12\u00a0h', fromSource: true });
  });

  it('says unknown (null), not closed every day, when no day is given', () => {
    expect(weekSchedule(null)).toBeNull();
    expect(weekSchedule(undefined)).toBeNull();
    expect(weekSchedule({})).toBeNull();
  });

  it('reads a malformed day as not specified, never as a guess', () => {
    const week = weekSchedule({ monday: { status: 'open', ranges: [{ opensMin: 900, closesMin: 800 }], text: 'x' } as never })!;
    expect(week[0]).toMatchObject({ hours: { status: 'unknown' }, textFr: 'horaires non précisés (« x »)' });
    expect(week.slice(1).every((d) => d.textFr === 'fermé' && !d.fromSource)).toBe(true);
  });

  it('does not modify its input', () => {
    const before = structuredClone(ANCT_WEEK);
    weekSchedule(ANCT_WEEK);
    expect(ANCT_WEEK).toStrictEqual(before);
  });
});
