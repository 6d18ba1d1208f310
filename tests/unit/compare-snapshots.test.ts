/**
 * Comparing an older France Services list with a newer one (fictional sites), and
 * reading the dated network from bundle layers (located errors, undated rows).
 */
import { describe, expect, it } from 'vitest';
import { compareSnapshots, sameSiteName, type SnapshotSite } from '../../src/core/timeline/compare-snapshots.ts';
import { datedNetworkFromBundle, franceServicesSnapshotsFromBundle } from '../../src/data/timeline/dated-network.ts';
import { CoverageInputError } from '../../src/data/coverage/coverage-input.ts';

const site = (id: string, name: string, lng: number, lat: number): SnapshotSite => ({ id, name, lngLat: [lng, lat], communeCode: null });

describe('sameSiteName', () => {
  it('ignores generic words, case, accents and punctuation', () => {
    expect(sameSiteName('Bourg-Fictif', 'France services La Poste de Bourg-Fictif')).toBe(true);
    expect(sameSiteName('Maison de la Vallée Imaginaire', 'France services Maison de la Vallée imaginaire')).toBe(true);
    expect(sameSiteName('Bus itinérant du Pays Fictif', 'Bus France services du Pays Fictif')).toBe(true);
    expect(sameSiteName('ÉCLUSE-SUR-MER', 'France services Écluse sur Mer')).toBe(true);
  });
  it('tells different names apart', () => {
    expect(sameSiteName('Maison Service public +', 'France services de Ville-Inventée')).toBe(false);
    expect(sameSiteName('Bourg-Fictif', 'Autre-Bourg')).toBe(false);
  });
});

describe('compareSnapshots', () => {
  const older = [
    site('1', 'Bourg-Fictif', 1.0, 1.0),
    site('2', 'Vallée Imaginaire', 1.2, 1.0),
    site('3', 'Maison Service public +', 1.4, 1.0),
    site('4', 'Point Itinérant', 1.6, 1.0),
    site('5', 'Antenne du Hameau', 1.8, 1.0),
    site('6', 'Village Disparu', 2.0, 1.0),
  ];
  const newer = [
    site('1', 'France services Bourg-Fictif', 1.0001, 1.0001), // ~15 m: same place
    site('2', 'France services Vallée Imaginaire', 1.2, 1.01), // ~1.1 km: moved
    site('3', 'France services de Ville-Inventée', 1.4, 1.0), // renamed
    site('4', 'Bus France services du Canton', 1.61, 1.0), // moved and renamed
    site('77', 'France services du Hameau', 1.8, 1.002), // new id, same place and name
    site('88', 'Ailleurs', 3, 3),
  ];

  it('classifies every older site by id, then distance and name', () => {
    const result = compareSnapshots(older, newer);
    expect(result.sites.map((s) => [s.id, s.status])).toEqual([
      ['1', 'kept'],
      ['2', 'moved'],
      ['3', 'renamed'],
      ['4', 'moved-renamed'],
      ['5', 'missing'],
      ['6', 'missing'],
    ]);
    expect(result.counts).toEqual({ kept: 1, moved: 1, renamed: 1, 'moved-renamed': 1, missing: 2 });
    expect(result.thresholds).toEqual({ movedKm: 0.25, searchKm: 1 });
    expect(result.sites[1].newer!.distanceKm).toBeCloseTo(1.112, 2);
  });

  it('gives a missing site the nearest newer site within the search radius as a candidate', () => {
    const result = compareSnapshots(older, newer);
    expect(result.sites[4].candidate).toMatchObject({ id: '77', sameName: true });
    expect(result.sites[4].candidate!.distanceKm).toBeCloseTo(0.222, 2);
    expect(result.sites[5].candidate).toBeNull();
  });

  it('follows the thresholds it is given and leaves its inputs untouched', () => {
    const before = structuredClone([older, newer]);
    const loose = compareSnapshots(older, newer, { movedKm: 2, searchKm: 0.1 });
    expect(loose.sites[1].status).toBe('kept');
    expect(loose.sites[4].candidate).toBeNull();
    expect([older, newer]).toEqual(before);
  });
});

const point = (lng: number, lat: number) => ({ type: 'Point' as const, coordinates: [lng, lat] });
const manifest = (vintage: string) =>
  ({
    layers: {
      'france-services': { status: 'ok', sources: [{ vintage }] },
      'france-services-nearby': { status: 'ok', sources: [{ vintage }] },
    },
  }) as never;

describe('datedNetworkFromBundle', () => {
  const layers = {
    'france-services': {
      features: [
        { type: 'Feature' as const, geometry: point(1, 1), properties: { id: 'a', name: 'A', labelled_on: '2021-01-15' } },
        {
          type: 'Feature' as const,
          geometry: point(1, 1),
          properties: { id: 'b', name: 'B', labelled_on: null, labelling_text: 'Espace labellisé' },
        },
      ],
    },
    'france-services-nearby': {
      features: [{ type: 'Feature' as const, geometry: point(2, 2), properties: { id: 'n', name: 'N', labelled_on: '2020-01' } }],
    },
  };

  it('reads each site with its labelling date and lists the undated ones', () => {
    const { network, undated } = datedNetworkFromBundle(manifest('2099-08-01'), layers);
    expect(network).toEqual({
      listDate: '2099-08-01',
      franceServices: [
        { id: 'a', labelledOn: '2021-01-15' },
        { id: 'b', labelledOn: null },
      ],
      nearby: [{ id: 'n', labelledOn: '2020-01' }],
    });
    expect(undated).toEqual([{ layer: 'france-services', feature: 1, id: 'b', name: 'B', text: 'Espace labellisé' }]);
  });

  it('names layer, feature and field of a malformed date', () => {
    const bad = {
      ...layers,
      'france-services': {
        features: [{ type: 'Feature' as const, geometry: point(1, 1), properties: { id: 'a', labelled_on: '2021-02-30' } }],
      },
    };
    expect(() => datedNetworkFromBundle(manifest('2099-08-01'), bad)).toThrow(CoverageInputError);
    expect(() => datedNetworkFromBundle(manifest('2099-08-01'), bad)).toThrow(
      'france-services, entité 1, champ « labelled_on » : date AAAA-MM-JJ ou AAAA-MM, ou null, attendue, reçu "2021-02-30"',
    );
  });

  it('needs the list date as a day', () => {
    expect(() => datedNetworkFromBundle(manifest('2024'), layers)).toThrow(
      /la date de la liste est attendue au format AAAA-MM-JJ, reçu "2024"/,
    );
  });

  it('reads the 2020 snapshot from the msap layer by its ANCT id', () => {
    const snaps = franceServicesSnapshotsFromBundle({
      ...layers,
      msap: {
        features: [
          {
            type: 'Feature',
            geometry: point(1, 1),
            properties: { id: 'fs2020-a', id_fs: 'a', kind: 'france-services-2020', name: 'A 2020' },
          },
          { type: 'Feature', geometry: point(1, 1), properties: { id: 'siilab-1', kind: 'msap-2018-2020', name: 'MSAP' } },
        ],
      },
    });
    expect(snaps.older).toEqual([{ id: 'a', name: 'A 2020', lngLat: [1, 1], communeCode: null }]);
    expect(snaps.newer.map((s) => s.id)).toEqual(['a', 'b', 'n']);
  });
});
