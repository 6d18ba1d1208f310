import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { mergeSites, mergeStats, withMergeNote, type LocatedSite } from '../../src/data/builders/build-points-merge.ts';
import { Reporter } from '../../src/data/report.ts';

// Fictional places of the fictional commune Bourgval (99001); the sources are made up.
const CENTRE: [number, number] = [3.5, 50.3];
const at = (eastM: number): [number, number] => [CENTRE[0] + eastM / (111_320 * Math.cos((CENTRE[1] * Math.PI) / 180)), CENTRE[1]];

const repA = new Reporter('test-layer', 'source-a');
const repB = new Reporter('test-layer', 'source-b');

function site(
  source: 'a' | 'b',
  row: number,
  properties: Record<string, unknown>,
  point: [number, number] = CENTRE,
  precision: 'exact' | 'commune' = 'exact',
): LocatedSite {
  const feature: Feature<Point, Record<string, unknown>> = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: point },
    properties: {
      commune_code: '99001',
      approximate: precision === 'commune',
      location_precision: precision,
      source: `source-${source}`,
      ...properties,
    },
  };
  return {
    feature,
    source: { id: `source-${source}`, title: `Liste fictive ${source.toUpperCase()}` },
    file: `fictional/${source}.csv`,
    row,
    reporter: source === 'a' ? repA : repB,
    via: source === 'b' ? 'annuaire-fictif' : null,
  };
}

const options = { sourcePriority: ['source-a', 'source-b'], communeName: () => 'Bourgval', unionFields: ['labels'] };

describe('mergeSites: one feature per place, every source listed', () => {
  const sites = [
    site('a', 1, { id: 'a-1', name: 'Espace numérique des Tilleuls', kind: 'lieu', labels: ['X'], phone: null }, at(0)),
    site(
      'b',
      7,
      { id: 'b-7', name: 'ESPACE NUMERIQUE DES TILLEULS', kind: 'structure', labels: ['Y', 'X'], phone: '01 02 03 04 05' },
      at(20),
    ),
    site('b', 8, { id: 'b-8', name: 'Médiathèque de Bourgval', kind: 'structure', labels: [] }, at(400)),
    site(
      'b',
      9,
      { id: 'b-9', name: 'ASSOCIATION DU CLIC', kind: 'structure', siret: '99999999900011', advisors: 2, updated: '2023-01-02' },
      CENTRE,
      'commune',
    ),
    site(
      'a',
      2,
      { id: 'a-2', name: 'Le Clic', kind: 'lieu', siret: '99999999900011', hours: { monday: 'x' }, updated: '2022-05-01' },
      at(900),
    ),
  ];
  const before = JSON.stringify(sites.map((s) => s.feature));
  const merged = mergeSites(sites, options);

  it('merges near-identical names within 50 m and a commune-only record with its SIRET, and counts them', () => {
    expect(merged.records).toBe(5);
    expect(merged.places).toBe(3);
    expect(merged.merged).toBe(2);
    expect(merged.byReason).toEqual({ 'same-name': 1, 'commune-only-same-siret': 1 });
    expect(merged.mergedBySource).toEqual({ 'source-b': 2 });
    expect(mergeStats(merged)).toEqual({
      records_before_merge: 5,
      places_after_merge: 3,
      merged_records: 2,
      merged_by_reason: { 'same-name': 1, 'commune-only-same-siret': 1 },
      commune_only_left_alone: 0,
    });
  });

  it('keeps the representative record’s identity and point, fills what it lacks, unites list fields', () => {
    const tilleuls = merged.features[0].properties;
    expect(tilleuls.id).toBe('a-1');
    expect(tilleuls.name).toBe('Espace numérique des Tilleuls');
    expect(tilleuls.kind).toBe('lieu');
    expect(merged.features[0].geometry.coordinates).toEqual(at(0));
    expect(tilleuls.phone).toBe('01 02 03 04 05');
    expect(tilleuls.labels).toEqual(['X', 'Y']);
    expect(tilleuls.sources).toEqual([
      { source: 'source-a', source_title: 'Liste fictive A', id: 'a-1', name: 'Espace numérique des Tilleuls', kind: 'lieu' },
      {
        source: 'source-b',
        source_title: 'Liste fictive B',
        id: 'b-7',
        name: 'ESPACE NUMERIQUE DES TILLEULS',
        kind: 'structure',
        via: 'annuaire-fictif',
      },
    ]);
  });

  it('stands a commune-only record behind the placed one: placed precision, latest update, per-record counts kept', () => {
    const clic = merged.features[2].properties;
    expect(clic.id).toBe('a-2');
    expect(clic.location_precision).toBe('exact');
    expect(clic.approximate).toBe(false);
    expect(clic.updated).toBe('2023-01-02');
    expect(clic.hours).toEqual({ monday: 'x' });
    expect(clic.advisors).toBeUndefined();
    expect((clic.sources as { id: string; advisors?: number }[]).map((s) => [s.id, s.advisors])).toEqual([
      ['a-2', undefined],
      ['b-9', 2],
    ]);
  });

  it('leaves a place listed once alone, with itself as its only source', () => {
    const mediatheque = merged.features[1].properties;
    expect(mediatheque.id).toBe('b-8');
    expect((mediatheque.sources as unknown[]).length).toBe(1);
  });

  it('writes each merged record to its source’s report: file, row, the record it joined, why', () => {
    const entries = repB.entries.filter((e) => e.action === 'merged');
    expect(entries.map((e) => [e.file, e.row, e.merged_with])).toEqual([
      ['fictional/b.csv', 7, { source: 'source-a', file: 'fictional/a.csv', row: 1, id: 'a-1' }],
      ['fictional/b.csv', 9, { source: 'source-a', file: 'fictional/a.csv', row: 2, id: 'a-2' }],
    ]);
    expect(entries[0].reason).toMatch(
      /^same place as "Espace numérique des Tilleuls" \(source-a\): near-identical name, 20 m apart; merged with/,
    );
    expect(entries[1].reason).toMatch(/same SIRET as a place of the commune/);
    expect(repA.entries).toEqual([]);
  });

  it('adds a note to the sources whose records were merged, and does not modify its input', () => {
    const use = { id: 'source-b', notes: ['déjà là'] } as Parameters<typeof withMergeNote>[0];
    expect(withMergeNote(use, merged).notes).toEqual([
      'déjà là',
      expect.stringMatching(/^2 fiches fusionnées avec une autre fiche du même lieu/),
    ]);
    expect(withMergeNote({ ...use, id: 'source-a' }, merged).notes).toEqual(['déjà là']);
    expect(JSON.stringify(sites.map((s) => s.feature))).toBe(before);
  });
});
