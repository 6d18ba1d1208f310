/** One opening range within a day, as minutes since midnight (local time). */
export interface TimeRange {
  opensMin: number;
  closesMin: number;
}

export type DayHours =
  | { status: 'open'; ranges: TimeRange[]; text: string; notes?: string[] }
  | { status: 'closed'; ranges: []; text: string; notes?: string[] }
  | { status: 'unknown'; ranges: []; text: string; reason: string };

const RANGE = /^(\d{1,2})\s*[:hH]\s*(\d{2})\s*[-–à]\s*(\d{1,2})\s*[:hH]\s*(\d{2})$/;
const CLOSED = /^(ferm[ée]e?|closed|-)$/i;

/**
 * Parses one day's hours as written in the ANCT France Services list
 * (`"09:00 - 12:00 / 13:30 - 17:00"`, `"13:30 - 17:00"`, empty).
 * An empty cell means closed that day; anything else that is not a list of
 * ranges is kept as text with status `unknown` (never guessed).
 */
export function parseDayHours(raw: string | null | undefined): DayHours {
  const text = (raw ?? '').trim();
  if (text === '' || CLOSED.test(text)) return { status: 'closed', ranges: [], text };
  const parts = text.split(/\s*[/;,]\s*/).filter((p) => p !== '');
  const ranges: TimeRange[] = [];
  const notes: string[] = [];
  for (const part of parts) {
    const m = RANGE.exec(part);
    if (!m) return { status: 'unknown', ranges: [], text, reason: `not a time range: "${part}"` };
    const [oh, om, ch, cm] = [m[1], m[2], m[3], m[4]].map(Number);
    if (om > 59 || cm > 59 || oh * 60 + om > 1440 || ch * 60 + cm > 1440) {
      return { status: 'unknown', ranges: [], text, reason: `impossible time in "${part}"` };
    }
    const opensMin = oh * 60 + om;
    const closesMin = ch * 60 + cm;
    if (closesMin === opensMin) {
      notes.push(`empty range "${part}" ignored`);
      continue;
    }
    if (closesMin < opensMin) {
      return { status: 'unknown', ranges: [], text, reason: `range closes before it opens: "${part}"` };
    }
    ranges.push({ opensMin, closesMin });
  }
  if (ranges.length === 0) return { status: 'closed', ranges: [], text, notes };
  ranges.sort((a, b) => a.opensMin - b.opensMin);
  const mergedRanges: TimeRange[] = [ranges[0]];
  for (const r of ranges.slice(1)) {
    const last = mergedRanges[mergedRanges.length - 1];
    if (r.opensMin <= last.closesMin) {
      notes.push('overlapping ranges merged');
      last.closesMin = Math.max(last.closesMin, r.closesMin);
    } else mergedRanges.push({ ...r });
  }
  if (notes.length) return { status: 'open', ranges: mergedRanges, text, notes: [...new Set(notes)] };
  return { status: 'open', ranges, text };
}

export const WEEK_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];
export type WeeklyHours = Record<WeekDay, DayHours>;

/** Formats minutes since midnight as `HH:MM`. */
export function formatMinutes(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}
