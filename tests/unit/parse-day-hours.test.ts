import { describe, expect, it } from 'vitest';
import { formatMinutes, parseDayHours } from '../../src/core/hours/parse-day-hours.ts';

const hm = (h: number, m = 0) => h * 60 + m;

describe('parseDayHours', () => {
  it('reads two ranges separated by a slash, as in the France Services list', () => {
    expect(parseDayHours('09:00 - 12:00 / 13:30 - 17:00')).toEqual({
      status: 'open',
      ranges: [
        { opensMin: hm(9), closesMin: hm(12) },
        { opensMin: hm(13, 30), closesMin: hm(17) },
      ],
      text: '09:00 - 12:00 / 13:30 - 17:00',
    });
  });

  it('reads a single range', () => {
    expect(parseDayHours('13:30 - 17:00')).toEqual({
      status: 'open',
      ranges: [{ opensMin: hm(13, 30), closesMin: hm(17) }],
      text: '13:30 - 17:00',
    });
  });

  it('reads three ranges in order', () => {
    const day = parseDayHours('08:30 - 10:00 / 10:30 - 12:00 / 14:00 - 17:00');
    expect(day.status).toBe('open');
    expect(day.ranges).toEqual([
      { opensMin: hm(8, 30), closesMin: hm(10) },
      { opensMin: hm(10, 30), closesMin: hm(12) },
      { opensMin: hm(14), closesMin: hm(17) },
    ]);
    expect('notes' in day).toBe(false);
  });

  it('treats an empty cell as closed', () => {
    expect(parseDayHours('')).toEqual({ status: 'closed', ranges: [], text: '' });
  });

  it('treats null, undefined and blanks as closed', () => {
    expect(parseDayHours(null).status).toBe('closed');
    expect(parseDayHours(undefined).status).toBe('closed');
    expect(parseDayHours('   ').status).toBe('closed');
  });

  it('treats a lone dash as closed and keeps the text', () => {
    expect(parseDayHours('-')).toEqual({ status: 'closed', ranges: [], text: '-' });
  });

  it('treats "Fermé" as closed', () => {
    expect(parseDayHours('Fermé').status).toBe('closed');
  });

  it('ignores an empty 00:00 - 00:00 range, keeps the real one and notes it', () => {
    const day = parseDayHours('00:00 - 00:00 / 09:00 - 19:00');
    expect(day.status).toBe('open');
    expect(day.ranges).toEqual([{ opensMin: hm(9), closesMin: hm(19) }]);
    expect(day.status !== 'unknown' && day.notes).toEqual(['empty range "00:00 - 00:00" ignored']);
  });

  it('reads a day whose only range is empty as closed, with a note', () => {
    const day = parseDayHours('00:00 - 00:00');
    expect(day.status).toBe('closed');
    expect(day.status !== 'unknown' && day.notes).toEqual(['empty range "00:00 - 00:00" ignored']);
  });

  it('merges overlapping ranges and notes it', () => {
    const day = parseDayHours('09:00 - 12:00 / 11:00 - 14:00');
    expect(day.status).toBe('open');
    expect(day.ranges).toEqual([{ opensMin: hm(9), closesMin: hm(14) }]);
    expect(day.status !== 'unknown' && day.notes).toEqual(['overlapping ranges merged']);
  });

  it('merges a range contained in another and sorts ranges by opening time', () => {
    const day = parseDayHours('13:00 - 17:00 / 09:00 - 12:00 / 10:00 - 11:00');
    expect(day.ranges).toEqual([
      { opensMin: hm(9), closesMin: hm(12) },
      { opensMin: hm(13), closesMin: hm(17) },
    ]);
    expect(day.status !== 'unknown' && day.notes).toEqual(['overlapping ranges merged']);
  });

  it('keeps free text as unknown, with the text and a reason', () => {
    const day = parseDayHours('Sur rendez-vous uniquement');
    expect(day).toEqual({
      status: 'unknown',
      ranges: [],
      text: 'Sur rendez-vous uniquement',
      reason: 'not a time range: "Sur rendez-vous uniquement"',
    });
  });

  it('keeps a day as unknown when only one of its parts is free text', () => {
    const day = parseDayHours('09:00 - 12:00 / après-midi sur rendez-vous');
    expect(day.status).toBe('unknown');
    expect(day.ranges).toEqual([]);
    expect(day.text).toBe('09:00 - 12:00 / après-midi sur rendez-vous');
  });

  it('rejects an hour above 24 as an impossible time', () => {
    const day = parseDayHours('25:00 - 26:00');
    expect(day.status).toBe('unknown');
    expect(day.status === 'unknown' && day.reason).toMatch(/impossible time/);
  });

  it('rejects minutes above 59 as an impossible time', () => {
    const day = parseDayHours('09:75 - 12:00');
    expect(day.status).toBe('unknown');
    expect(day.status === 'unknown' && day.reason).toMatch(/impossible time/);
  });

  // Regression test, bug fixed (src/core/hours/parse-day-hours.ts, the `oh > 24 || ch > 24` check): 24:30 is accepted and
  // gives closesMin 1470 (> 1440 minutes in a day).
  it('rejects 24:30 as an impossible time (a day has 1440 minutes)', () => {
    expect(parseDayHours('09:00 - 24:30').status).toBe('unknown');
  });

  it('accepts 24:00 as the end of the day', () => {
    expect(parseDayHours('18:00 - 24:00').ranges).toEqual([{ opensMin: hm(18), closesMin: hm(24) }]);
  });

  it('keeps a range that closes before it opens as unknown, with a reason', () => {
    const day = parseDayHours('14:00 - 09:00');
    expect(day.status).toBe('unknown');
    expect(day.status === 'unknown' && day.reason).toBe('range closes before it opens: "14:00 - 09:00"');
    expect(day.text).toBe('14:00 - 09:00');
  });

  it('reads the "9h00 - 12h00" spelling', () => {
    expect(parseDayHours('9h00 - 12h00').ranges).toEqual([{ opensMin: hm(9), closesMin: hm(12) }]);
  });

  it('formats minutes since midnight as HH:MM', () => {
    expect(formatMinutes(hm(9, 5))).toBe('09:05');
    expect(formatMinutes(hm(17, 30))).toBe('17:30');
    expect(formatMinutes(0)).toBe('00:00');
  });
});
