import { describe, expect, it } from 'vitest';
import { openStatus, type WeekHoursInput } from '../../src/core/hours/open-status.ts';
import { parseDayHours } from '../../src/core/hours/parse-day-hours.ts';
import { wallClockInZone } from '../../src/core/time/wall-clock-in-zone.ts';

/** A week as the bundle stores it, from the raw cells of the ANCT list (h_lundi … h_samedi; no Sunday column). */
function week(cells: Partial<Record<'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday', string>>): WeekHoursInput {
  const out: WeekHoursInput = {};
  for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const)
    out[day] = parseDayHours(cells[day] ?? '');
  return out;
}

// Real rows of liste-fs-20240801.csv (Nord): the Avesnois bus (id 345), two ranges Monday–Thursday,
// one range on Friday, closed on Saturday (empty cell).
const AVESNOIS_BUS = week({
  monday: '09:30 - 12:30 / 13:30 - 16:00',
  tuesday: '09:30 - 12:30 / 13:30 - 16:00',
  wednesday: '09:30 - 12:30 / 13:30 - 16:00',
  thursday: '09:30 - 12:30 / 13:30 - 16:00',
  friday: '09:00 - 13:00',
});
// Valserhône (id 1): afternoon only on Monday, two ranges the other days, closed on Saturday.
const VALSERHONE = week({
  monday: '13:30 - 17:00',
  tuesday: '09:00 - 12:00 / 13:30 - 17:00',
  wednesday: '09:00 - 12:00 / 13:30 - 17:00',
  thursday: '09:00 - 12:00 / 13:30 - 17:00',
  friday: '09:00 - 12:00 / 13:30 - 16:00',
});

/** An instant given as Paris wall-clock time with its UTC offset (summer +02:00, winter +01:00). */
const at = (iso: string) => new Date(iso);

describe('wallClockInZone', () => {
  it('reads the Paris day and time of an instant in summer (UTC+2) and winter (UTC+1)', () => {
    expect(wallClockInZone(at('2024-08-05T10:29:00Z'))).toEqual({ date: '2024-08-05', weekDay: 'monday', minutes: 12 * 60 + 29 });
    expect(wallClockInZone(at('2024-12-02T10:29:00Z'))).toEqual({ date: '2024-12-02', weekDay: 'monday', minutes: 11 * 60 + 29 });
  });

  it('jumps from 01:59 to 03:00 when summer time starts (30 March 2025)', () => {
    expect(wallClockInZone(at('2025-03-30T00:59:00Z'))).toMatchObject({ weekDay: 'sunday', minutes: 1 * 60 + 59 });
    expect(wallClockInZone(at('2025-03-30T01:00:00Z'))).toMatchObject({ weekDay: 'sunday', minutes: 3 * 60 });
  });

  it('goes through 02:30 twice when summer time ends (26 October 2025)', () => {
    expect(wallClockInZone(at('2025-10-26T00:30:00Z')).minutes).toBe(2 * 60 + 30);
    expect(wallClockInZone(at('2025-10-26T01:30:00Z')).minutes).toBe(2 * 60 + 30);
  });

  it('turns the day at Paris midnight, not UTC midnight', () => {
    expect(wallClockInZone(at('2024-08-05T22:00:00Z'))).toEqual({ date: '2024-08-06', weekDay: 'tuesday', minutes: 0 });
    expect(wallClockInZone(at('2024-08-05T21:59:00Z'))).toEqual({ date: '2024-08-05', weekDay: 'monday', minutes: 23 * 60 + 59 });
  });

  it('uses the zone it is given', () => {
    expect(wallClockInZone(at('2024-08-05T10:29:00Z'), 'America/New_York').minutes).toBe(6 * 60 + 29);
  });

  it('rejects an invalid date', () => {
    expect(() => wallClockInZone(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('openStatus (Europe/Paris)', () => {
  it('is open one minute before the morning closing, and says when it closes', () => {
    const s = openStatus(AVESNOIS_BUS, at('2024-08-05T12:29:00+02:00'));
    expect(s).toMatchObject({ state: 'open', weekDay: 'monday', closesMin: 750 });
    expect(s.label).toBe('ouvert maintenant — ferme à 12\u00a0h\u00a030');
  });

  it('is closed at the closing minute, and opens again after lunch the same day', () => {
    const s = openStatus(AVESNOIS_BUS, at('2024-08-05T12:30:00+02:00'));
    expect(s).toMatchObject({ state: 'closed', next: { weekDay: 'monday', daysAhead: 0, opensMin: 810 } });
    expect(s.label).toBe('fermé — ouvre aujourd’hui à 13\u00a0h\u00a030');
  });

  it('is open at the opening minute', () => {
    expect(openStatus(AVESNOIS_BUS, at('2024-08-05T09:30:00+02:00')).state).toBe('open');
    expect(openStatus(AVESNOIS_BUS, at('2024-08-05T09:29:00+02:00')).label).toBe('fermé — ouvre aujourd’hui à 9\u00a0h\u00a030');
  });

  it('reads a single range (Friday morning) and skips the closed Saturday and the missing Sunday', () => {
    expect(openStatus(AVESNOIS_BUS, at('2024-08-09T12:59:00+02:00')).label).toBe('ouvert maintenant — ferme à 13\u00a0h');
    const s = openStatus(AVESNOIS_BUS, at('2024-08-09T13:00:00+02:00'));
    expect(s).toMatchObject({ state: 'closed', next: { weekDay: 'monday', daysAhead: 3, opensMin: 570 } });
    expect(s.label).toBe('fermé — ouvre lundi à 9\u00a0h\u00a030');
  });

  it('treats an empty cell (Saturday) as closed', () => {
    const s = openStatus(AVESNOIS_BUS, at('2024-08-10T10:00:00+02:00'));
    expect(s).toMatchObject({ state: 'closed', weekDay: 'saturday', today: { status: 'closed' } });
    expect(s.label).toBe('fermé — ouvre lundi à 9\u00a0h\u00a030');
  });

  it('is closed on Sunday (no Sunday column in the ANCT list) and opens tomorrow', () => {
    const s = openStatus(AVESNOIS_BUS, at('2024-08-11T11:00:00+02:00'));
    expect(s).toMatchObject({ state: 'closed', weekDay: 'sunday', today: { status: 'closed' } });
    expect(s.label).toBe('fermé — ouvre demain à 9\u00a0h\u00a030');
  });

  it('at midnight, reads the new day: Tuesday 00:00 opens later today', () => {
    const s = openStatus(VALSERHONE, at('2024-08-06T00:00:00+02:00'));
    expect(s).toMatchObject({ state: 'closed', weekDay: 'tuesday', minutes: 0 });
    expect(s.label).toBe('fermé — ouvre aujourd’hui à 9\u00a0h');
  });

  it('one minute before midnight, opens tomorrow', () => {
    expect(openStatus(VALSERHONE, at('2024-08-05T23:59:00+02:00')).label).toBe('fermé — ouvre demain à 9\u00a0h');
  });

  it('reads an afternoon-only day (Monday 13:30 - 17:00): closed in the morning', () => {
    expect(openStatus(VALSERHONE, at('2024-08-05T10:00:00+02:00')).label).toBe('fermé — ouvre aujourd’hui à 13\u00a0h\u00a030');
    expect(openStatus(VALSERHONE, at('2024-08-05T16:59:00+02:00')).label).toBe('ouvert maintenant — ferme à 17\u00a0h');
  });

  it('follows summer time: Tuesday 1 April 2025 at 07:00 UTC is 09:00 in Paris, open', () => {
    // A fixed UTC+1 offset would read 08:00 and say closed.
    expect(openStatus(VALSERHONE, at('2025-04-01T07:00:00Z'))).toMatchObject({ state: 'open', weekDay: 'tuesday', minutes: 9 * 60 });
    expect(openStatus(VALSERHONE, at('2025-04-01T06:59:00Z')).state).toBe('closed');
  });

  it('follows the return to winter time: Tuesday 28 October 2025 at 08:00 UTC is 09:00 in Paris, open', () => {
    expect(openStatus(VALSERHONE, at('2025-10-28T08:00:00Z'))).toMatchObject({ state: 'open', minutes: 9 * 60 });
    expect(openStatus(VALSERHONE, at('2025-10-28T07:59:00Z')).state).toBe('closed');
  });

  it('on the night summer time starts (Sunday 30 March 2025), the Monday opening is still "demain"', () => {
    expect(openStatus(AVESNOIS_BUS, at('2025-03-30T01:30:00Z')).label).toBe('fermé — ouvre demain à 9\u00a0h\u00a030');
  });

  it('says "prochain" when the next opening is the same weekday next week', () => {
    const mondayOnly = week({ monday: '09:00 - 12:00' });
    expect(openStatus(mondayOnly, at('2024-08-05T13:00:00+02:00')).label).toBe('fermé — ouvre lundi prochain à 9\u00a0h');
  });

  it('says when no day is open at all', () => {
    const s = openStatus(week({}), at('2024-08-05T10:00:00+02:00'));
    expect(s).toMatchObject({ state: 'closed', next: null });
    expect(s.label).toBe('fermé — aucun jour d’ouverture indiqué');
  });

  it('gives unknown, with the text kept, when today is free text (a bus schedule written in words)', () => {
    const bus = week({ monday: 'Marché de Bailleul le matin', tuesday: '09:00 - 12:00' });
    const s = openStatus(bus, at('2024-08-05T10:00:00+02:00'));
    expect(s.state).toBe('unknown');
    expect(s.label).toBe('horaires du jour non précisés');
    expect(s.today).toMatchObject({ status: 'unknown', text: 'Marché de Bailleul le matin' });
  });

  it('does not guess the next opening past a free-text day', () => {
    const bus = week({ monday: '09:00 - 12:00', tuesday: 'selon les jours de marché', wednesday: '09:00 - 12:00' });
    expect(openStatus(bus, at('2024-08-05T13:00:00+02:00')).label).toBe('fermé — réouverture non précisée');
  });

  it('gives unknown when there are no hours at all', () => {
    expect(openStatus(undefined, at('2024-08-05T10:00:00+02:00'))).toMatchObject({
      state: 'unknown',
      today: null,
      label: 'horaires non renseignés',
    });
    expect(openStatus(null, at('2024-08-05T10:00:00+02:00')).state).toBe('unknown');
    expect(openStatus({}, at('2024-08-05T10:00:00+02:00')).state).toBe('unknown');
  });

  it('reads a malformed day (hand-edited JSON) as unknown rather than open', () => {
    const broken = {
      monday: { status: 'open', ranges: [{ opensMin: 600, closesMin: 'midi' }], text: '10:00 - midi' },
    } as unknown as WeekHoursInput;
    expect(openStatus(broken, at('2024-08-05T11:00:00+02:00')).state).toBe('unknown');
  });

  it('says "ferme à minuit" for a range closing at 24:00', () => {
    expect(openStatus(week({ monday: '13:30 - 24:00' }), at('2024-08-05T23:59:00+02:00')).label).toBe('ouvert maintenant — ferme à minuit');
  });

  it('does not modify the hours it reads', () => {
    const before = structuredClone(AVESNOIS_BUS);
    openStatus(AVESNOIS_BUS, at('2024-08-09T13:00:00+02:00'));
    openStatus(AVESNOIS_BUS, at('2024-08-05T12:29:00+02:00'));
    expect(AVESNOIS_BUS).toStrictEqual(before);
  });
});
