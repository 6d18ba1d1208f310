import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `at name (file:///…/x.mjs:12:34)` or `at file:///…/x.mjs:12:34`: the location of one frame. */
const FRAME = /(file:\/\/\/[^\s()]+?\.mjs|\/[^\s()]+?\.mjs):(\d+):(\d+)/g;

/**
 * A stack of the compiled CLI with each frame of `build/cli` put back at its TypeScript file and
 * line, read from the chunk's `.map` only now: source maps cost every start (node reads the map of
 * each module it loads when they are enabled), while a stack is printed only for an internal error.
 * A frame whose chunk has no readable map is left as it is; so is the whole stack if anything fails.
 */
export function sourceMappedStack(stack: string, root = process.cwd()): string {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string): SourceMap | null => {
    let map = maps.get(file);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
      maps.set(file, map);
    }
    return map;
  };
  try {
    return stack.replace(FRAME, (whole, location: string, line: string, column: string) => {
      const file = location.startsWith('file:') ? fileURLToPath(location) : location;
      const map = mapOf(file);
      // findEntry counts lines and columns from 0; a stack from 1
      const entry = map?.findEntry(Number(line) - 1, Number(column) - 1) as
        | { originalSource?: string; originalLine?: number; originalColumn?: number }
        | undefined;
      if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
      const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
      const absolute = isAbsolute(source) ? source : join(dirname(file), source);
      return `${relative(root, absolute)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
  } catch {
    return stack;
  }
}
