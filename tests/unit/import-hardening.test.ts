/**
 * Hostile imports (issue 16): values nested too deep for the stack, columns named like the
 * properties of every JavaScript object, control characters and endless header lists. Every
 * big input is generated here, at test time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaGeometryProblem } from '../../src/data/coverage/coverage-input.ts';
import { importedLayerToCsv, importedLayerToGeoJson } from '../../src/data/import/import-export.ts';
import { importFile } from '../../src/data/import/import-file.ts';
import { ImportFileError, ImportMappingNeeded, type ImportCommune, type ImportedFeature } from '../../src/data/import/import-types.ts';
import { jsonValueProblem, previewValue } from '../../src/data/parse/bounded-json.ts';
import { parseJsonText } from '../../src/data/parse/decode-text.ts';
import { escapeControls, listNames } from '../../src/data/parse/safe-text.ts';
import { createMemoryImportStore, IMPORT_RECORD_SCHEMA } from '../../src/data/sources/import-store.ts';

const FIXTURE = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/import/communes.json'), 'utf8')) as {
  communes: ImportCommune[];
  extent: [number, number, number, number];
};
const base = { layer: 'first-reception', communes: FIXTURE.communes, extent: FIXTURE.extent };
const utf8 = (s: string) => new TextEncoder().encode(s);
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const RAW_CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

function point(props: string, coordinates = '[3.06, 50.63]'): string {
  return `{"type":"Feature","geometry":{"type":"Point","coordinates":${coordinates}},"properties":${props}}`;
}
function collection(...features: string[]): string {
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
}
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('values nested too deep for the stack (50,000 arrays)', () => {
  const deep = deepArray(50_000);

  it('rejects the GeoJSON feature holding one, naming the feature and the property, and keeps the others', () => {
    const text = collection(
      point('{"nom":"Maison fictive A"}'),
      point(`{"nom":"Maison fictive B","note":${deep}}`),
      point('{"nom":"Maison fictive C"}'),
    );
    const { report, features } = importFile(utf8(text), { ...base, fileName: 'profond.geojson' });
    expect(report.rows_read).toBe(3);
    expect(report.accepted).toBe(2);
    expect(report.rejected).toEqual([
      {
        row: 2,
        field: 'note',
        reason: 'valeur trop imbriquée : plus de 32 niveaux de listes ou d’objets (limite de l’import)',
        value: '[valeur de plus de 32 niveaux]',
      },
    ]);
    expect(features.map((f) => f.properties.name)).toEqual(['Maison fictive A', 'Maison fictive C']);
  });

  it('rejects it in a recognised field too (the name), and in a JSON list of objects', () => {
    const geo = importFile(utf8(collection(point(`{"nom":${deep}}`))), { ...base, fileName: 'nom.geojson' });
    expect(geo.report.rejected[0]).toMatchObject({ row: 1, field: 'nom' });
    const list = importFile(utf8(`[{"nom":"Lieu fictif","latitude":50.6,"longitude":3.1},{"nom":"Autre","commentaire":${deep}}]`), {
      ...base,
      fileName: 'liste.json',
    });
    expect(list.report.accepted).toBe(1);
    expect(list.report.rejected).toEqual([
      expect.objectContaining({ row: 2, field: 'commentaire', reason: expect.stringContaining('imbriquée') }),
    ]);
  });

  it('rejects deep point coordinates, a deep geometry type and a deep area position without overflowing', () => {
    const r = importFile(
      utf8(
        collection(
          point('{"nom":"Coordonnées profondes"}', deep),
          `{"type":"Feature","geometry":{"type":${deep},"coordinates":[3,50]},"properties":{"nom":"Type profond"}}`,
        ),
      ),
      { ...base, fileName: 'geometrie.geojson' },
    );
    expect(r.report.rejected.map((x) => [x.row, x.field])).toEqual([
      [1, 'geometry'],
      [2, 'geometry'],
    ]);
    expect(r.report.rejected.every((x) => x.reason.length < 300 && (x.value ?? '').length <= 120)).toBe(true);
    const ring = `[[3.0,50.6],[3.1,50.6],[3.1,50.7],${deep},[3.0,50.6]]`;
    const qpv = importFile(
      utf8(collection(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[${ring}]},"properties":{"code_qp":"QN05999F"}}`)),
      { ...base, layer: 'qpv', fileName: 'qpv.geojson' },
    );
    expect(qpv.report.rejected[0]).toMatchObject({ row: 1, field: 'geometry' });
    expect(areaGeometryProblem({ type: 'Polygon', coordinates: [JSON.parse(ring)] })).toMatch(/position/);
    expect(areaGeometryProblem({ type: JSON.parse(deep), coordinates: [] })).toMatch(/Polygon/);
  });

  it('keeps only [lng, lat] of an area position, so a deep third member never reaches the page or the store', () => {
    const ring = `[[3.0,50.6,${deep}],[3.1,50.6],[3.1,50.7],[3.0,50.6]]`;
    const { report, features } = importFile(
      utf8(
        collection(
          `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[${ring}],"bbox":${deep}},"properties":{"code_qp":"QN05999F"}}`,
        ),
      ),
      { ...base, layer: 'qpv', fileName: 'qpv.geojson' },
    );
    expect(report.accepted).toBe(1);
    expect(features[0].geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [3.0, 50.6],
          [3.1, 50.6],
          [3.1, 50.7],
          [3.0, 50.6],
        ],
      ],
    });
    expect(() => structuredClone(features)).not.toThrow();
  });

  it('refuses a deep crs name with a short message', () => {
    const err = errorOf(() =>
      importFile(utf8(`{"type":"FeatureCollection","crs":{"properties":{"name":${deep}}},"features":[]}`), {
        ...base,
        fileName: 'crs.geojson',
      }),
    );
    expect(err).toBeInstanceOf(ImportFileError);
    expect(err.message.length).toBeLessThan(400);
  });

  it('rejects a value too large (over 100,000 characters), located', () => {
    const big = `"${'x'.repeat(150_000)}"`;
    const { report } = importFile(utf8(collection(point(`{"nom":"Lieu fictif","description_longue":${big}}`))), {
      ...base,
      fileName: 'gros.geojson',
    });
    expect(report.rejected).toEqual([
      expect.objectContaining({ row: 1, field: 'description_longue', reason: expect.stringContaining('100\u202f000 caractères') }),
    ]);
    expect(report.rejected[0].value!.length).toBeLessThanOrEqual(120);
  });

  it('locates a malformed JSON text nested 50,000 deep without overflowing (the tolerant parser recurses)', () => {
    const err = errorOf(() =>
      importFile(utf8(`{"type":"FeatureCollection","features":${'['.repeat(50_000)}`), { ...base, fileName: 'coupe.geojson' }),
    );
    expect(err).toBeInstanceOf(ImportFileError);
    expect(err.message).toBe(
      'JSON mal formé et trop imbriqué : plus de 1\u202f000 niveaux de listes ou d’objets à partir de la ligne 1, colonne 1039.',
    );
    expect(() => parseJsonText(`[${deepArray(50_000)}`, 'brut.json')).toThrow(/imbrication de plus de 1000 niveaux/);
  });

  it('rejects a CSV cell over 100,000 characters, naming its column', () => {
    const { report } = importFile(utf8(`nom;latitude;longitude;Note\nLieu fictif;50.6;3.1;${'y'.repeat(120_000)}\nLieu 2;50.6;3.1;ok\n`), {
      ...base,
      fileName: 'cellule.csv',
    });
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual([expect.objectContaining({ row: 1, field: 'Note', reason: expect.stringContaining('trop longue') })]);
  });

  it('measures values iteratively: depth and size bounds, cycles included', () => {
    expect(jsonValueProblem(JSON.parse(deepArray(33)))).toEqual({ kind: 'depth', maxDepth: 32 });
    expect(jsonValueProblem(JSON.parse(deepArray(32)))).toBeNull();
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(jsonValueProblem(cycle)?.kind).toBe('depth');
    expect(jsonValueProblem(new Array(200_000).fill(1))?.kind).toBe('size');
    expect(previewValue(cycle)).toBe('[valeur de plus de 32 niveaux]');
  });
});

describe('columns named like the properties of every object', () => {
  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
  const csv = [
    `nom;latitude;longitude;${NAMES.join(';')}`,
    `Lieu fictif 1;50.63;3.06;${NAMES.map((n) => `v-${n}-1`).join(';')}`,
    'Lieu fictif 2;50.64;3.07;v-__proto__-2;;;;;',
  ].join('\n');

  function checkExtras(features: readonly ImportedFeature[]): void {
    const [a, b] = features.map((f) => f.properties.extra as Record<string, unknown>);
    for (const n of NAMES) {
      expect(Object.hasOwn(a, n), n).toBe(true);
      expect(a[n]).toBe(`v-${n}-1`);
    }
    expect(Object.keys(b)).toEqual(['__proto__']);
    expect(Object.hasOwn(b, '__proto__')).toBe(true);
  }

  function checkExports(features: readonly ImportedFeature[]): void {
    const out = importedLayerToCsv(features).split('\r\n');
    expect(out[0].endsWith(`,${NAMES.join(',')}`)).toBe(true);
    expect(out[1].endsWith(`,${NAMES.map((n) => `v-${n}-1`).join(',')}`)).toBe(true);
    expect(out[2].endsWith(',v-__proto__-2,,,,,')).toBe(true);
    expect(out.join('\n')).not.toMatch(/native code|\[object/);
    const geo = JSON.parse(importedLayerToGeoJson(features, { title: 't', file: 'f', importedAt: '2026-01-01' })) as {
      features: ImportedFeature[];
    };
    checkExtras(geo.features);
  }

  it('keeps them on CSV rows, says so in the report, and exports them back exactly', () => {
    const { report, features } = importFile(utf8(csv), { ...base, fileName: 'proto.csv' });
    expect(report.accepted).toBe(2);
    expect(report.warnings.find((w) => w.kind === 'unused-column')?.message).toBe(
      `colonnes non reconnues, conservées telles quelles : ${NAMES.map((n) => `« ${n} »`).join(', ')}`,
    );
    checkExtras(features);
    checkExports(features);
  });

  it('keeps them through a structured clone (the worker’s message, IndexedDB) and the stored layer', async () => {
    const { report, features } = importFile(utf8(csv), { ...base, fileName: 'proto.csv' });
    checkExports(structuredClone(features));
    const store = createMemoryImportStore();
    await store.save({
      schema: IMPORT_RECORD_SCHEMA,
      id: 'import-first-reception-proto',
      target: 'first-reception',
      title: 'Proto',
      fileName: 'proto.csv',
      dept: '59',
      importedAt: '2026-01-01T00:00:00.000Z',
      report,
      features,
    });
    const loaded = await store.loadAll();
    expect(loaded.status).toBe('ok');
    checkExtras(loaded.layers[0].features);
    checkExports(loaded.layers[0].features);
  });

  it('keeps them from GeoJSON properties and from a JSON list, even when missing on some rows', () => {
    const props = (i: number) =>
      `{"nom":"Lieu fictif ${i}",${(i === 1 ? NAMES : ['__proto__']).map((n) => `"${n}":"v-${n}-${i}"`).join(',')}}`;
    const geo = importFile(utf8(collection(point(props(1)), point(props(2), '[3.07, 50.64]'))), { ...base, fileName: 'proto.geojson' });
    checkExtras(geo.features);
    checkExports(geo.features);
    const list = importFile(utf8(`[${[1, 2].map((i) => props(i).replace('{', `{"latitude":50.6${i},"longitude":3.0${i},`)).join(',')}]`), {
      ...base,
      fileName: 'proto.json',
    });
    checkExtras(list.features);
    checkExports(list.features);
  });
});

describe('messages safe for a terminal and a screen', () => {
  it('escapes the escape and bell characters of a header name', () => {
    const err = errorOf(() => importFile(utf8('Vi\u001b[31mlle\u0007;Autre\u009b\nA;B\n'), { ...base, fileName: 'ctrl.csv' }));
    expect(err).toBeInstanceOf(ImportMappingNeeded);
    expect(err.message).not.toMatch(RAW_CONTROLS);
    expect(err.message).toContain('« Vi\\u001b[31mlle\\u0007 »');
    const dup = errorOf(() => importFile(utf8('nom;X\u0007;X\u0007\nA;1;2\n'), { ...base, fileName: 'dup.csv' }));
    expect(dup.message).toBe('Colonne « X\\u0007 » en double dans l’en-tête (colonne 3).');
  });

  it('escapes control characters in rejection values and warnings', () => {
    const { report } = importFile(utf8('nom;latitude;longitude;Remarque\u001b\n;50.6;3.1;x\nLieu;\u001b[2J;3.1;y\n'), {
      ...base,
      fileName: 'ctrl.csv',
    });
    const texts = [
      ...report.rejected.flatMap((r) => [r.reason, r.value ?? '', r.field]),
      ...report.warnings.flatMap((w) => [w.message, w.field ?? '']),
    ];
    expect(report.rejected).toHaveLength(2);
    expect(texts.join(' ')).not.toMatch(RAW_CONTROLS);
    expect(texts.join(' ')).toContain('\\u001b[2J');
  });

  it('refuses a header of 1.2 million columns with a short message', () => {
    const header = Array.from({ length: 1_200_000 }, (_, i) => `c${i}`).join(';');
    const err = errorOf(() => importFile(utf8(`${header}\n`), { ...base, fileName: 'large.csv' }));
    expect(err).toBeInstanceOf(ImportFileError);
    expect(err.message.length).toBeLessThan(400);
    expect(err.message).toMatch(/^Trop de colonnes : 1\u202f200\u202f000 \(limite/);
  });

  it('summarises a long list of unknown headers (mapping needed, columns not found, warnings)', () => {
    const many = Array.from({ length: 900 }, (_, i) => `Colonne inconnue ${i}`);
    const mapping = errorOf(() =>
      importFile(utf8(`${many.join(';')}\n${many.map(() => 'x').join(';')}\n`), { ...base, fileName: 'm.csv' }),
    );
    expect(mapping).toBeInstanceOf(ImportMappingNeeded);
    expect(mapping.message.length).toBeLessThan(1_000);
    expect(mapping.message).toContain('… et 892 autres');
    expect((mapping as ImportMappingNeeded).unknown).toHaveLength(900);
    const kept = importFile(utf8(`nom;latitude;longitude;${many.join(';')}\nLieu;50.6;3.1;${many.map(() => 'x').join(';')}\n`), {
      ...base,
      fileName: 'k.csv',
    });
    const warning = kept.report.warnings.find((w) => w.kind === 'unused-column')!;
    expect(warning.message.length).toBeLessThan(1_000);
    expect(warning.field!.length).toBeLessThan(1_000);
    expect(warning.message).toContain('… et 892 autres');
    const geo = errorOf(() =>
      importFile(utf8(collection(point(`{${many.map((m) => `"${m}":1`).join(',')}}`))), { ...base, fileName: 'g.geojson' }),
    );
    expect(geo.message.length).toBeLessThan(1_000);
  });

  it('helpers: escapes, cuts and summarises', () => {
    expect(escapeControls('a\u001bb\u0007c\nd\te\u202ef')).toBe('a\\u001bb\\u0007c\\nd\te\\u202ef');
    expect(listNames(['a', 'b', 'c'], 2)).toBe('« a », « b » … et 1 autre');
    expect(listNames([])).toBe('aucune');
  });
});
