/**
 * Text that reaches the terminal. File names, headers and values come from files a user was sent:
 * they may hold escape sequences (colours, cursor moves, title changes), a bell, NUL bytes, text
 * direction overrides, or be a million columns long. Everything the CLI prints on stderr goes through
 * `forTerminal`: control characters become visible escapes (`\x1b`, `\u202e`) and very long lines are
 * cut in the middle, saying how much was left out.
 */

/** C0 controls except tab and newline, DEL, C1 controls, and the Unicode direction/line controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Longest line printed as is (characters); longer lines keep their start and end. */
export const MAX_LINE_CHARS = 400;
/** Most lines of one message; the rest are counted. */
export const MAX_LINES = 60;

/** Replaces every control character by a visible escape (`\x07`, `\u202e`); tabs and newlines are kept. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Cuts a line longer than `max` characters in the middle: `start … [N caractères omis] … end`. */
export function shortenLine(line: string, max = MAX_LINE_CHARS): string {
  if (line.length <= max) return line;
  const keep = Math.floor((max - 40) / 2);
  const omitted = line.length - 2 * keep;
  return `${line.slice(0, keep)} … [${omitted.toLocaleString('fr-FR')} caractères omis] … ${line.slice(line.length - keep)}`;
}

/** Makes a whole message safe and bounded for a terminal: escaped, lines shortened, at most MAX_LINES lines. */
export function forTerminal(text: string): string {
  // cut before escaping so that a huge text is never copied whole; escaping can only lengthen a line
  const lines = text.split('\n');
  const shown = lines.slice(0, MAX_LINES).map((l) => shortenLine(escapeControls(shortenLine(l, MAX_LINE_CHARS * 4)), MAX_LINE_CHARS));
  if (lines.length > MAX_LINES) shown.push(`… [${(lines.length - MAX_LINES).toLocaleString('fr-FR')} lignes omises]`);
  return shown.join('\n');
}

/** A value from a file or an argument, quoted French-style, escaped and shortened: « value ». */
export function quoteForTerminal(value: string, max = 80): string {
  return `« ${shortenLine(escapeControls(shortenLine(value, max * 4)), max)} »`;
}

/** A list summarised to its first `max` items: `a, b, c … et 1 199 997 autres`. */
export function summarizeList(items: readonly string[], max = 10, quote = true): string {
  const shown = items.slice(0, max).map((i) => (quote ? quoteForTerminal(i, 60) : escapeControls(i)));
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} … et ${rest.toLocaleString('fr-FR')} autre${rest > 1 ? 's' : ''}` : shown.join(', ');
}
