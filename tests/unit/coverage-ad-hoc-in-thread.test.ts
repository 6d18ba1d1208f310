import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countAdHoc } from '../../src/cli/actions/coverage-ad-hoc.action.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { readAdHocAreas } from '../../src/cli/actions/coverage-ad-hoc-areas.ts';
import { checkClaimedOutlines } from '../../src/cli/io/ad-hoc-count-thread.ts';
import { boxPolygon } from './helpers/box-polygon.ts';

// The compiled CLI counts in a worker thread (tests/unit/coverage-cli.test.ts runs it); from the
// TypeScript sources, as here, there is no compiled worker and everything runs in this thread: the
// same counts, warnings and errors.

const tmp = mkdtempSync(join(tmpdir(), 'maillage-adhoc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const file = (name: string, features: unknown[]) => {
  writeFileSync(join(tmp, name), JSON.stringify({ type: 'FeatureCollection', features }));
  return join(tmp, name);
};
const square = (code: string, x: number, y: number) => ({
  type: 'Feature',
  properties: { code },
  geometry: boxPolygon(x, y, x + 1, y + 1),
});
const point = (x: number, y: number, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: extra,
  geometry: { type: 'Point', coordinates: [x, y] },
});

describe('countAdHoc without the compiled worker (from the TypeScript sources)', () => {
  it('counts plain points, points with non-ASCII properties and MultiPoints alike, and warns on a bow-tie', async () => {
    const areas = file('areas.geojson', [
      square('A', 0, 0),
      square('B', 1, 0),
      {
        type: 'Feature',
        properties: { code: 'X' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [5, 5],
              [5.2, 5.2],
              [5.2, 5],
              [5, 5.2],
              [5, 5],
            ],
          ],
        },
      },
    ]);
    const points = file('points.geojson', [
      point(0.5, 0.5),
      point(1.5, 0.5, { nom: 'Fictiveville-lès-Test' }),
      point(1, 0.5), // on the shared edge: the first area
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'MultiPoint',
          coordinates: [
            [0.2, 0.2],
            [1.8, 0.8],
          ],
        },
      },
      point(9, 9),
    ]);
    const { csv, messages } = await countAdHoc(areas, points, 'code');
    expect(csv).toBe('code,points\r\nA,3\r\nB,2\r\nX,0\r\n');
    expect(messages[0]).toContain('entité 3 (code « X ») : le contour se recoupe lui-même');
    expect(messages.at(-1)).toBe(
      '6 points, 3 areas: 5 counted, 1 outside every area, 1 in several overlapping areas (counted in the first)',
    );
  });

  it('reports a bad areas file before a bad points file', async () => {
    const badAreas = file('bad-areas.geojson', [square('A', 0, 0), { type: 'Feature', properties: { code: 'B' }, geometry: null }]);
    const badPoints = file('bad-points.geojson', [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: 'x' } }]);
    await expect(countAdHoc(badAreas, badPoints, 'code')).rejects.toThrow(
      `${badAreas} : entité 2 : la géométrie doit être un Polygon ou un MultiPolygon, reçu null`,
    );
    const goodAreas = file('good-areas.geojson', [square('A', 0, 0)]);
    const error = await countAdHoc(goodAreas, badPoints, 'code').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain(`${badPoints} : entité 1 : les coordonnées ne sont pas [lng, lat] en degrés`);
  });
});

describe('the outline check the two threads share', () => {
  const ring = (x: number, bow: boolean) =>
    new Float64Array(bow ? [x, 0, x + 1, 1, x + 1, 0, x, 1, x, 0] : [x, 0, x + 1, 0, x + 1, 1, x, 1, x, 0]);
  const areas = Array.from({ length: 100 }, (_, i) => ({
    xy: ring(i * 2, i % 9 === 4),
    ringEnds: Uint32Array.of(5),
    polygonEnds: Uint32Array.of(1),
  }));
  const codes = areas.map((_, i) => `C${i}`);

  it('reads areas into shared memory when asked, the same areas as without', () => {
    const path = file('shared.geojson', [
      square('A', 0, 0),
      { type: 'Feature', properties: { code: 'M' }, geometry: { type: 'MultiPolygon', coordinates: [boxPolygon(2, 2, 3, 3).coordinates] } },
    ]);
    const shared = readAdHocAreas(path, 'code', true);
    expect(shared.areas[0].xy.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.areas[1].ringEnds.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared).toEqual(readAdHocAreas(path, 'code'));
  });

  it('checks every area once, however the claims of two threads interleave', () => {
    const expected = areas.flatMap((_, i) => (i % 9 === 4 ? [i] : []));
    for (const pattern of [
      [1, 1],
      [1, 3],
      [5, 1],
      [0, Number.POSITIVE_INFINITY],
    ]) {
      const check = { path: 'zones.geojson', areas, codes, next: new Int32Array(new SharedArrayBuffer(4)) };
      const a: [number, string][] = [];
      const b: [number, string][] = [];
      let more = true;
      while (more) {
        const first = checkClaimedOutlines(check, a, pattern[0]);
        const second = checkClaimedOutlines(check, b, pattern[1]);
        more = first && second;
      }
      const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
      expect(all.map((f) => f[0])).toEqual(expected);
      expect(all[0][1]).toContain('zones.geojson : entité 5 (code « C4 ») : le contour se recoupe lui-même');
    }
  });
});
