import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../../src/cli/source-mapped-stack.ts';

const tmp = mkdtempSync(join(tmpdir(), 'maillage-stack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The stack of a fictional TypeScript module compiled as the CLI is (esbuild, ESM, linked map),
 * whose `boom()` throws on line 4, as a plain node process prints it (source maps off, as in the CLI).
 */
async function compiledStack(): Promise<string> {
  writeFileSync(
    join(tmp, 'fixture.ts'),
    [
      'type Zone = { code: string };',
      'export function boom(): void {',
      '  const zone: Zone | null = null as Zone | null;',
      "  throw new Error('bug in ' + zone?.code);",
      '}',
      '',
    ].join('\n'),
  );
  await build({
    absWorkingDir: tmp,
    entryPoints: ['fixture.ts'],
    outfile: join(tmp, 'out/fixture.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  const url = pathToFileURL(join(tmp, 'out/fixture.mjs')).href;
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import { boom } from '${url}'; try { boom(); } catch (e) { process.stdout.write(e.stack); }`],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return run.stdout;
}

describe('an internal error’s stack names the TypeScript source, read from the map only when printed', () => {
  it('puts a frame of a compiled chunk back at its .ts file and line', async () => {
    const stack = await compiledStack();
    // node itself did not map it
    expect(stack).toMatch(/fixture\.mjs:\d+:\d+/);
    const mapped = sourceMappedStack(stack, tmp);
    expect(mapped).toMatch(/\(fixture\.ts:4:\d+\)/);
    expect(mapped).not.toMatch(/fixture\.mjs/);
    expect(mapped.split('\n')[0]).toBe('Error: bug in undefined');
  });

  it('leaves a frame without a readable map as it is', () => {
    const stack = 'Error: x\n    at f (file:///nowhere/chunk-ABC.mjs:3:7)\n    at g (/nowhere/other.mjs:1:1)';
    expect(sourceMappedStack(stack, tmp)).toBe(stack);
  });
});
