/**
 * Any département without its own settings file: stated default settings, its extent from its
 * outline, regional extracts reported as missing (never zero), and the gates that let a département
 * be empty where that is the truth. Fictional départements and sources, written by hand.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASIS, defaultDepartementConfig, departementExtent } from '../../src/data/builders/default-departement.ts';
import { noteUncoveredSources, uncoveredNote } from '../../src/data/builders/note-uncovered-sources.ts';
import type { BuiltLayer, RawFile } from '../../src/data/builders/build-types.ts';
import { checkBuildCounts } from '../../src/data/gates/check-build-counts.ts';
import { checkRawFiles } from '../../src/data/gates/check-raw-files.ts';
import { validateSourceDescription, type SourceDescription } from '../../src/data/sources/source-description.ts';
import { SourceFileError } from '../../src/data/report.ts';

const reference = { departements: [{ code: '98', nom: 'Département-des-Essais', region: '99' }] };
const raw = (path: string, value: unknown): RawFile => ({
  path,
  location: `/fictif/${path}`,
  bytes: new TextEncoder().encode(JSON.stringify(value)),
});
const source = (id: string, extra: Partial<SourceDescription> = {}): SourceDescription => ({
  id,
  title: `Source ${id}`,
  producer: 'Atelier des Essais',
  licence: 'Licence Ouverte',
  attribution: 'Atelier des Essais',
  vintage: '2099',
  format: 'geojson',
  files: [`${id}.geojson`],
  columns: { code: 'code', name: 'nom' },
  expect: { minRows: { default: 1 }, maxDropPercent: 20 },
  ...extra,
});
const outline = (code: string, ring: number[][]) => ({
  type: 'Feature',
  properties: { code, nom: `Fictif ${code}` },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

describe('defaultDepartementConfig', () => {
  it('gives a known département the stated default rule, no territory, no seed, and says so in the basis', () => {
    const cfg = defaultDepartementConfig('98', reference, [1, 2, 3, 4]);
    expect(cfg).toMatchObject({
      code: '98',
      name: 'Département-des-Essais',
      extent: [1, 2, 3, 4],
      priorityTerritories: [],
      seed: null,
      coverage: { target: 1, priorityTarget: 2, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false }, seedRefs: [] },
    });
    expect(cfg!.coverage.basis).toBe(DEFAULT_BASIS);
    expect(DEFAULT_BASIS).toMatch(/par défaut/);
  });

  it('returns null for a code the reference does not know', () => {
    expect(defaultDepartementConfig('97', reference, [1, 2, 3, 4])).toBeNull();
  });
});

describe('departementExtent', () => {
  const desc = source('deps');
  it('is the bounding box of the outline with the code, rounded outward to 2 decimals', () => {
    const file = raw('deps.geojson', {
      type: 'FeatureCollection',
      features: [
        outline('97', [
          [0, 0],
          [9, 0],
          [9, 9],
          [0, 0],
        ]),
        outline('98', [
          [1.234, 45.678],
          [2.001, 45.678],
          [2.001, 46.3],
          [1.234, 45.678],
        ]),
      ],
    });
    expect(departementExtent(file, desc, '98')).toEqual([1.23, 45.67, 2.01, 46.3]);
  });

  it('reads a bare Feature too (the per-département files)', () => {
    const file = raw(
      'dep.geojson',
      outline('98', [
        [-0.5, 43.01],
        [0.5, 43.01],
        [0.5, 44],
        [-0.5, 43.01],
      ]),
    );
    expect(departementExtent(file, desc, '98')).toEqual([-0.5, 43.01, 0.5, 44]);
  });

  it('names the file when it holds no outline for the code', () => {
    const file = raw('deps.geojson', { type: 'FeatureCollection', features: [] });
    expect(() => departementExtent(file, desc, '98')).toThrow(SourceFileError);
    expect(() => departementExtent(file, desc, '98')).toThrow(/\/fictif\/deps\.geojson.*98/);
  });
});

describe('regional extracts (covers)', () => {
  const regional = source('regional', { covers: ['59', '62'] });
  const national = source('national');
  const layer = (): BuiltLayer => ({
    manifest: {
      id: 'sites',
      title: 'Sites',
      file: 'sites.geojson',
      status: 'ok',
      features: 3,
      caveats: ['déjà là'],
      sources: ['regional', 'national'].map((id) => ({
        id,
        title: `Source ${id}`,
        producer: 'x',
        licence: 'x',
        attribution: 'x',
        vintage: '2099',
        files: [],
        rows_read: id === 'national' ? 3 : 0,
        rows_kept: id === 'national' ? 3 : 0,
        rows_rejected: 0,
      })),
    },
    data: { type: 'FeatureCollection', features: [] },
  });

  it('says on the layer and its source use that a regional source is missing outside what it covers', () => {
    const layers = [layer()];
    const noted = noteUncoveredSources(layers, new Map([regional, national].map((s) => [s.id, s])), '02');
    expect(noted).toEqual(['regional']);
    const [r, n] = layers[0].manifest.sources;
    expect(r.notes?.[0]).toMatch(/absente pour le département 02.*59, 62.*pas zéro/);
    expect(n.notes).toBeUndefined();
    expect(layers[0].manifest.caveats).toHaveLength(2);
    expect(layers[0].manifest.caveats[1]).toMatch(/^Source regional : source absente/);
  });

  it('notes nothing inside what the source covers', () => {
    const layers = [layer()];
    expect(noteUncoveredSources(layers, new Map([[regional.id, regional]]), '59')).toEqual([]);
    expect(layers[0].manifest.caveats).toEqual(['déjà là']);
    expect(uncoveredNote(national, '02')).toBeNull();
  });

  it('lifts the minimum rows of a source outside what it covers, and only there', () => {
    const manifest = { layers: { sites: layer().manifest } };
    expect(checkBuildCounts(manifest, null, [regional, national], '02', false).failures).toEqual([]);
    const inside = checkBuildCounts(manifest, null, [regional, national], '59', false).failures;
    expect(inside.map((f) => [f.source, f.expectation])).toEqual([['regional', 'minRows']]);
  });

  it('validates covers as a list of département codes', () => {
    const ok = { ...regional };
    expect(validateSourceDescription(ok, 'x.json').covers).toEqual(['59', '62']);
    expect(() => validateSourceDescription({ ...ok, covers: ['Nord'] }, 'x.json')).toThrow(/covers/);
    expect(() => validateSourceDescription({ ...ok, covers: '59' }, 'x.json')).toThrow(/covers/);
  });
});

describe('checkRawFiles: an empty file where it is the truth', () => {
  const cantons = source('cantons', { expect: { columns: ['code', 'nom'], minRows: { default: 1, '75': 0 }, maxDropPercent: 20 } });
  const empty = new Map([['cantons', [raw('cantons.geojson', { type: 'FeatureCollection', features: [] })]]]);

  it('accepts an empty file for a département whose minimum is explicitly 0 (Paris has no canton polygon)', () => {
    expect(checkRawFiles([cantons], empty, '75')).toEqual([]);
  });

  it('still refuses it for any other département, or when the département is not given', () => {
    expect(checkRawFiles([cantons], empty, '59').map((f) => f.expectation)).toEqual(['columns', 'rows']);
    expect(checkRawFiles([cantons], empty).map((f) => f.expectation)).toEqual(['columns', 'rows']);
  });
});
