/**
 * Text from a file, made safe to print in a terminal and to show on screen: control
 * characters escaped (an escape sequence or a bell in a header name never reaches the
 * terminal), long names cut, long lists summarised. Every message the import pipeline
 * builds from a file's text goes through these helpers.
 */

/**
 * C0 controls but the tab, DEL, C1 controls, line and paragraph separators, bidirectional
 * controls and the byte-order mark: characters that move the cursor, ring, recolour a
 * terminal or reorder the text around them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** Control characters written as visible escapes (`\u001b`, `\n`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `max` characters, cut with `…` (never inside a surrogate pair). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Longest name shown in a message. */
export const MAX_NAME_CHARS = 80;
/** Names shown in a list before « … et N autres ». */
export const MAX_LISTED_NAMES = 8;

/** A name from a file as shown in a message: escaped, cut, between French quotes. */
export function quoteName(name: string, max = MAX_NAME_CHARS): string {
  return `« ${cut(escapeControls(name), max)} »`;
}

/** A list of names from a file: the first few quoted, then « … et N autres ». */
export function listNames(names: readonly string[], shown = MAX_LISTED_NAMES, empty = 'aucune'): string {
  if (names.length === 0) return empty;
  const head = names.slice(0, shown).map((n) => quoteName(n));
  const rest = names.length - head.length;
  return rest > 0 ? `${head.join(', ')} … et ${rest.toLocaleString('fr-FR')} autre${rest > 1 ? 's' : ''}` : head.join(', ');
}

/** A list of names for a report's `field` (plain text, no quotes): escaped, cut, summarised. */
export function listFieldNames(names: readonly string[], shown = MAX_LISTED_NAMES): string {
  const head = names.slice(0, shown).map((n) => cut(escapeControls(n), MAX_NAME_CHARS));
  const rest = names.length - head.length;
  return rest > 0 ? `${head.join(', ')} … et ${rest.toLocaleString('fr-FR')} autre${rest > 1 ? 's' : ''}` : head.join(', ');
}
