import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFile, readRawFiles } from '../../src/cli/io/raw-files.ts';
import type { SourceDescription } from '../../src/data/sources/source-description.ts';

let tmp: string;
const put = (path: string, text = 'x') => {
  const full = join(tmp, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'maillage-raw-'));
  put('first/fictif/sites.csv', 'first');
  put('second/fictif/sites.csv', 'second');
  put('second/fictif/only-second.csv');
  put('second/ign/communes-59-2018-01.geojson');
  put('second/ign/communes-59-2018-06.geojson');
  put('second/ign/communes-62-2018-09.geojson');
  mkdirSync(join(tmp, 'first/fictif/a-directory.csv'), { recursive: true });
  put('raw2/fictif/in-raw2.csv');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const desc = (id: string, files: string[], extra: Partial<SourceDescription> = {}): SourceDescription => ({
  id,
  title: id,
  producer: 'p',
  licence: 'l',
  attribution: 'a',
  vintage: '2024',
  format: 'csv',
  delimiter: ';',
  files,
  ...extra,
});

describe('locateFile', () => {
  it('takes the file from the first folder that has it', () => {
    expect(locateFile('fictif/sites.csv', [join(tmp, 'first'), join(tmp, 'second')])).toBe(join(tmp, 'first/fictif/sites.csv'));
    expect(locateFile('fictif/sites.csv', [join(tmp, 'second'), join(tmp, 'first')])).toBe(join(tmp, 'second/fictif/sites.csv'));
  });

  it('falls back to a later folder', () => {
    expect(locateFile('fictif/only-second.csv', [join(tmp, 'first'), join(tmp, 'second')])).toBe(
      join(tmp, 'second/fictif/only-second.csv'),
    );
  });

  it('resolves * in the file name to the last matching name in sort order', () => {
    expect(locateFile('ign/communes-59-*.geojson', [join(tmp, 'first'), join(tmp, 'second')])).toBe(
      join(tmp, 'second/ign/communes-59-2018-06.geojson'),
    );
  });

  it('returns null when nothing matches, or when the match is a directory', () => {
    expect(locateFile('fictif/absent.csv', [join(tmp, 'first'), join(tmp, 'second')])).toBeNull();
    expect(locateFile('ign/cantons-59-*.geojson', [join(tmp, 'first'), join(tmp, 'second')])).toBeNull();
    expect(locateFile('fictif/a-directory.csv', [join(tmp, 'first')])).toBeNull();
    expect(locateFile('fictif/sites.csv', [join(tmp, 'no-such-folder')])).toBeNull();
  });

  it('treats regular-expression characters of the pattern literally', () => {
    expect(locateFile('ign/communes-59-2018.01.geojson', [join(tmp, 'second')])).toBeNull();
    expect(locateFile('ign/communes-5.-*.geojson', [join(tmp, 'second')])).toBeNull();
  });
});

describe('readRawFiles', () => {
  it('reads the bytes of every found file and lists the missing ones with their URL', () => {
    const { files, missing } = readRawFiles(
      [
        desc('fictif-a', ['fictif/sites.csv']),
        desc('fictif-b', ['fictif/{dept}-absent.csv'], { download: { urls: ['http://127.0.0.1/{dept}.csv'] } }),
        desc('fictif-c', ['fictif/opt.csv'], { optional: true }),
        desc('fictif-npm', [], { format: 'npm', files: undefined, package: 'x' }),
      ],
      [join(tmp, 'first'), join(tmp, 'second')],
      { code: '59', slug: 'nord' },
    );
    const a = files.get('fictif-a')!;
    expect(a).toHaveLength(1);
    expect(a[0].path).toBe('fictif/sites.csv');
    expect(a[0].location).toBe(join(tmp, 'first/fictif/sites.csv'));
    expect(new TextDecoder().decode(a[0].bytes)).toBe('first');
    expect(files.has('fictif-npm')).toBe(false);
    expect(missing).toEqual([
      { source: 'fictif-b', pattern: 'fictif/59-absent.csv', url: 'http://127.0.0.1/59.csv', optional: false },
      { source: 'fictif-c', pattern: 'fictif/opt.csv', url: null, optional: true },
    ]);
  });

  it('gives the path of a file found in a later folder relative to that folder', () => {
    const { files } = readRawFiles([desc('fictif', ['fictif/only-second.csv'])], [join(tmp, 'first'), join(tmp, 'second')], {
      code: '59',
      slug: 'nord',
    });
    expect(files.get('fictif')![0].path).toBe('fictif/only-second.csv');
  });

  // Regression test, bug fixed (src/cli/io/raw-files.ts, readRawFiles: `found.startsWith(folder)` without a path separator):
  // with raw folders ".../raw" and ".../raw2", a file found in ".../raw2" is taken to be under ".../raw"
  // and its relative path becomes "2/fictif/in-raw2.csv" (shown in the manifest and report).
  //
  it('gives the relative path of a file in a folder whose name extends another folder name', () => {
    const { files } = readRawFiles([desc('fictif', ['fictif/in-raw2.csv'])], [join(tmp, 'raw'), join(tmp, 'raw2')], {
      code: '59',
      slug: 'nord',
    });
    expect(files.get('fictif')![0].path).toBe('fictif/in-raw2.csv');
  });

  it('reads the files of a source that names an npm package from that installed package, never from the raw folders', () => {
    put('first/countries-110m.json', 'not the package file');
    const { files, missing } = readRawFiles(
      [
        desc('fictif-atlas', ['countries-110m.json'], { format: 'json', delimiter: undefined, package: 'world-atlas' }),
        desc('fictif-absent', ['data.json'], { format: 'json', delimiter: undefined, package: 'fictif-package-not-installed' }),
      ],
      [join(tmp, 'first')],
      { code: '59', slug: 'nord' },
    );
    const [atlas] = files.get('fictif-atlas')!;
    expect(atlas.path).toMatch(/^npm:world-atlas@\d+\.\d+\.\d+\/countries-110m\.json$/);
    expect(atlas.location).toMatch(/node_modules\/world-atlas\/countries-110m\.json$/);
    expect(JSON.parse(new TextDecoder().decode(atlas.bytes)).type).toBe('Topology');
    expect(missing).toEqual([{ source: 'fictif-absent', pattern: 'data.json', url: null, optional: false }]);
  });
});
