import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Nesting beyond which a refused JSON text is not handed to the (recursive) tolerant parser. */
export const MAX_LOCATED_NESTING = 1_000;

export interface JsonErrorLocation {
  /** Character offset of the error (the text's length when unknown). */
  offset: number;
  line: number;
  column: number;
  /** jsonc-parser's error code (`CommaExpected`…), null when unknown. */
  code: string | null;
  /** True when the text nests lists or objects deeper than MAX_LOCATED_NESTING at `offset`. */
  tooDeep: boolean;
}

/** The deepest point of a JSON text, found with a counter (never recursion): the offset where nesting first exceeds `max`, or -1. */
function nestingBeyond(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * Where a JSON text that `JSON.parse` refused goes wrong, the same in Node and every browser
 * (from jsonc-parser, a tolerant parser). That parser recurses: a text nested deeper than
 * MAX_LOCATED_NESTING is located at the point where it gets too deep instead.
 */
export function locateJsonError(text: string): JsonErrorLocation {
  const at = (offset: number, code: string | null, tooDeep: boolean): JsonErrorLocation => {
    const before = text.slice(0, offset);
    return { offset, line: before.split('\n').length, column: offset - before.lastIndexOf('\n'), code, tooDeep };
  };
  const deep = nestingBeyond(text, MAX_LOCATED_NESTING);
  if (deep >= 0) return at(deep, null, true);
  const errors: ParseError[] = [];
  try {
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return at(text.length, null, false);
  }
  if (!errors.length) return at(text.length, null, false);
  return at(Math.min(errors[0].offset, text.length), printParseErrorCode(errors[0].error), false);
}
