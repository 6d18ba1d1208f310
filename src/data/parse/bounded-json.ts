import { cut, escapeControls } from './safe-text.ts';

/**
 * Bounds on one value read from a file or from the browser's storage. `JSON.parse` is
 * iterative, but `JSON.stringify`, `String([…])`, `structuredClone` and `postMessage` recurse:
 * 50,000 nested arrays in one property overflow the stack. Every value is measured here,
 * iteratively, before any of them touches it.
 */
export interface ValueLimits {
  /** Nested lists or objects inside one value (`[1]`: 1, `{"a": [1]}`: 2). */
  maxDepth: number;
  /** Characters of the value written as JSON (about). */
  maxChars: number;
}

export const VALUE_LIMITS: ValueLimits = { maxDepth: 32, maxChars: 100_000 };

export type ValueProblem = { kind: 'depth'; maxDepth: number } | { kind: 'size'; maxChars: number };

/**
 * Why a value is too deep or too large, or null. Walks it with an explicit stack (never
 * recursion), stops at the first limit crossed; cycles (possible in stored records) end on
 * the depth limit.
 */
export function jsonValueProblem(value: unknown, limits: ValueLimits = VALUE_LIMITS): ValueProblem | null {
  let chars = 0;
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') chars += v.length + 2;
    else if (typeof v === 'number') chars += 8;
    else if (v === null || typeof v !== 'object') chars += 5;
    else {
      if (depth >= limits.maxDepth) return { kind: 'depth', maxDepth: limits.maxDepth };
      if (Array.isArray(v)) {
        chars += v.length + 2;
        if (chars > limits.maxChars) return { kind: 'size', maxChars: limits.maxChars };
        for (let i = v.length - 1; i >= 0; i--) {
          values.push(v[i]);
          depths.push(depth + 1);
        }
      } else {
        const keys = Object.keys(v);
        chars += 2;
        for (const k of keys) {
          chars += k.length + 4;
          if (chars > limits.maxChars) return { kind: 'size', maxChars: limits.maxChars };
          values.push((v as Record<string, unknown>)[k]);
          depths.push(depth + 1);
        }
      }
    }
    if (chars > limits.maxChars) return { kind: 'size', maxChars: limits.maxChars };
  }
  return null;
}

/** A value problem in French, for a rejection or a store message. */
export function describeValueProblem(problem: ValueProblem): string {
  return problem.kind === 'depth'
    ? `valeur trop imbriquée : plus de ${problem.maxDepth} niveaux de listes ou d’objets (limite de l’import)`
    : `valeur trop longue : plus de ${problem.maxChars.toLocaleString('fr-FR')} caractères (limite de l’import)`;
}

/**
 * Any value as a short text for a message: strings as they are, other values as JSON, control
 * characters escaped, at most `max` characters. A value too deep or too large to write is
 * described instead of written (never a stack overflow).
 */
export function previewValue(value: unknown, max = 120): string {
  if (typeof value === 'string') return cut(escapeControls(value), max);
  const problem = jsonValueProblem(value, { maxDepth: VALUE_LIMITS.maxDepth, maxChars: 10_000 });
  if (problem?.kind === 'depth') return `[valeur de plus de ${problem.maxDepth} niveaux]`;
  if (problem) return `[valeur de plus de ${problem.maxChars.toLocaleString('fr-FR')} caractères]`;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  return cut(escapeControls(text ?? typeof value), max);
}

/** Like previewValue, but a string is written as JSON too (between double quotes), as in a developer's message. */
export function previewJson(value: unknown, max = 120): string {
  return typeof value === 'string' ? cut(JSON.stringify(value), max) : previewValue(value, max);
}
