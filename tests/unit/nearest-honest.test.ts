import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNearest } from '../../src/cli/actions/nearest.action.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';
import { DISTANCE_BANDS_KM, distanceBandOf, honestSummary, orderHonestly } from '../../src/core/nearest/honest-order.ts';
import { itinerantServiceOf, stopsOfBus } from '../../src/core/nearest/itinerant.ts';
import { locationPrecisionOf } from '../../src/core/nearest/location-precision.ts';
import { findNearestByGroup } from '../../src/data/nearest/find-nearest-by-group.ts';
import type { ServiceGroup } from '../../src/data/nearest/service-groups.ts';
import { fictionalManifest } from './helpers/fictional-manifest.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

describe('location precision', () => {
  it('reads the build flag: approximate means placed at the commune centre; an explicit field wins', () => {
    expect(locationPrecisionOf({ approximate: true })).toBe('commune');
    expect(locationPrecisionOf({ approximate: false })).toBe('exact');
    expect(locationPrecisionOf({})).toBe('exact');
    expect(locationPrecisionOf(null)).toBe('exact');
    expect(locationPrecisionOf({ approximate: false, location_precision: 'commune' })).toBe('commune');
  });
});

describe('orderHonestly', () => {
  const site = (id: string, distanceKm: number, precision: 'exact' | 'commune', communeCode = '99001') => ({
    id,
    distanceKm,
    precision,
    communeCode,
  });

  it('states its bands', () => {
    expect(DISTANCE_BANDS_KM).toEqual([0.5, 1, 2, 5, 10, 20, 50]);
    expect([0, 0.49, 0.5, 1.99, 2, 49.9, 50, 500].map(distanceBandOf)).toEqual([0, 0, 1, 2, 3, 6, 7, 7]);
  });

  it('lists commune-only sites after the placed ones of their band, never before a nearer band', () => {
    const ordered = orderHonestly([
      site('centre-10m', 0.01, 'commune'),
      site('placed-1.5km', 1.5, 'exact'),
      site('placed-0.4km', 0.4, 'exact'),
      site('centre-1.2km', 1.2, 'commune'),
      site('placed-3km', 3, 'exact'),
    ]);
    expect(ordered.map((s) => s.id)).toEqual(['placed-0.4km', 'centre-10m', 'placed-1.5km', 'centre-1.2km', 'placed-3km']);
  });

  it('puts the commune-only sites of the commune searched from in the first band', () => {
    const sites = [site('placed-0.3km', 0.3, 'exact'), site('here', 3, 'commune', '99001'), site('elsewhere', 3, 'commune', '99002')];
    expect(orderHonestly(sites, { originCommuneCode: '99001' }).map((s) => s.id)).toEqual(['placed-0.3km', 'here', 'elsewhere']);
    expect(orderHonestly(sites).map((s) => s.id)).toEqual(['placed-0.3km', 'here', 'elsewhere']);
    expect(orderHonestly([site('placed-0.7km', 0.7, 'exact'), ...sites.slice(1)], { originCommuneCode: '99001' }).map((s) => s.id)).toEqual(
      ['here', 'placed-0.7km', 'elsewhere'],
    );
  });

  it('never quotes a commune-only site as the nearest distance', () => {
    const ordered = orderHonestly([site('centre', 0.01, 'commune'), site('placed', 0.3, 'exact')]);
    expect(honestSummary(ordered)).toEqual({ nearestExact: expect.objectContaining({ id: 'placed' }), communeOnlyBefore: 0 });
    expect(honestSummary([site('centre', 0.01, 'commune')])).toEqual({ nearestExact: null, communeOnlyBefore: 1 });
  });

  it('keeps the input order for ties and does not modify its input', () => {
    const input = [site('a', 1.5, 'exact'), site('b', 1.5, 'exact')];
    const before = structuredClone(input);
    expect(orderHonestly(input).map((s) => s.id)).toEqual(['a', 'b']);
    expect(input).toStrictEqual(before);
  });
});

describe('itinerant France Services', () => {
  it('reads a bus of the ANCT list as a base: schedule text, territory from its name, no directions', () => {
    expect(
      itinerantServiceOf(
        { name: "Bus France services de l'Orval", kind: 'bus', comment: 'Horaires variables selon les jours de marché' },
        'france-services',
      ),
    ).toEqual({ role: 'base', scheduleText: 'Horaires variables selon les jours de marché', territory: 'Orval', directions: false });
    expect(itinerantServiceOf({ name: 'Bus France services Territoire du Fictif', kind: 'bus' }, 'france-services')).toMatchObject({
      territory: 'Territoire du Fictif',
      scheduleText: null,
    });
    expect(itinerantServiceOf({ name: 'Espace mobile', kind: 'bus' }, 'france-services')).toMatchObject({ role: 'base', territory: null });
  });

  it('reads the copies of a bus in other lists as a base, and the "Camion bleu" records as stops', () => {
    expect(itinerantServiceOf({ name: 'Bus itinérant de l’Orval' }, 'digital-inclusion')).toMatchObject({
      role: 'base',
      territory: 'Orval',
    });
    expect(itinerantServiceOf({ name: 'Camion bleu France Services Orval', commune_name: 'Bourgval' }, 'digital-inclusion')).toEqual({
      role: 'stop',
      scheduleText: null,
      territory: 'Orval',
      directions: true,
    });
    // a stop named after its own commune names no territory
    expect(
      itinerantServiceOf({ name: 'Camion Bleu France Services Bourgval', commune_name: 'BOURGVAL' }, 'digital-inclusion'),
    ).toMatchObject({
      role: 'stop',
      territory: null,
    });
  });

  it('leaves places one walks into alone', () => {
    for (const name of ['Centre social La Busette', 'Bibliobus', 'France services Bourgval', 'Maison France Services']) {
      expect(itinerantServiceOf({ name, kind: 'fixed' }, 'france-services'), name).toBeNull();
    }
  });

  it('finds the stops of a bus by the territory its name gives', () => {
    const stops = [
      { name: 'Camion bleu France Services Orval', commune_name: 'Bourgval' },
      { name: 'Camion bleu France Services Cambrésis-Fictif', commune_name: 'Mont' },
      { name: 'Camion Bleu France Services Bourgval', commune_name: 'Bourgval' },
      { name: 'Camion bleu France Services Orval', commune_name: 'Val' },
    ].map((p) => ({ name: p.name, service: itinerantServiceOf(p, 'digital-inclusion')! }));
    expect(stopsOfBus("Bus France services de l'Orval", stops)).toEqual([0, 3]);
    expect(stopsOfBus('Bus France services de la Communauté Fictive', stops)).toEqual([]);
  });
});

describe('findNearestByGroup: places apart from buses, honest order', () => {
  const GROUP: ServiceGroup = { id: 'test', title: 'Test', layers: ['a', 'b'] };
  function feature(id: string, lngLat: [number, number], props: Record<string, unknown> = {}) {
    const properties: Record<string, unknown> = { id, name: `Lieu ${id}`, ...props };
    return { type: 'Feature', geometry: { type: 'Point', coordinates: lngLat }, properties };
  }
  const random = mulberry32(7);
  const layer = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const r = random();
      const props =
        r < 0.25 ? { approximate: true, commune_code: `990${i % 5}` } : r < 0.35 ? { name: `Bus France services du Fictif ${i}` } : {};
      return feature(`${prefix}${i}`, [uniform(random, 3, 3.2), uniform(random, 50, 50.2)], props);
    });
  const data = { a: { features: layer('a', 300) }, b: { features: layer('b', 200) } } as Record<string, { features: unknown[] }>;

  it('lists the k walk-in places in honest order, as a brute force over every site does', () => {
    for (let q = 0; q < 30; q++) {
      const point: [number, number] = [uniform(random, 3, 3.2), uniform(random, 50, 50.2)];
      const k = 1 + (q % 6);
      const [g] = findNearestByGroup([GROUP], (l) => data[l], point, k);
      const all = ['a', 'b'].flatMap((l) =>
        data[l].features.map((f) => {
          const ft = f as ReturnType<typeof feature>;
          return {
            id: ft.properties.id,
            distanceKm: distanceKm(point, ft.geometry.coordinates as [number, number]),
            precision: ft.properties.approximate ? ('commune' as const) : ('exact' as const),
            bus: String(ft.properties.name).startsWith('Bus '),
          };
        }),
      );
      const expected = orderHonestly(all.filter((s) => !s.bus))
        .slice(0, k)
        .map((s) => s.id);
      expect(
        g.places.map((r) => r.site.id),
        `query ${q}`,
      ).toEqual(expected);
      expect(g.places.map((r) => r.rank)).toEqual(expected.map((_, i) => i + 1));
      const buses = all
        .filter((s) => s.bus)
        .sort((x, y) => x.distanceKm - y.distanceKm)
        .slice(0, k)
        .map((s) => s.id);
      expect(g.itinerant.map((r) => r.site.id)).toEqual(buses);
      expect(g.itinerant.every((r) => r.itinerant?.role === 'base' && r.itinerant.directions === false)).toBe(true);
      // the plain list is unchanged: k nearest of any kind
      expect(g.results.map((r) => r.site.id)).toEqual(
        [...all]
          .sort((x, y) => x.distanceKm - y.distanceKm)
          .slice(0, k)
          .map((s) => s.id),
      );
    }
  });

  it('does not let k records at a commune centre hide the placed places', () => {
    const centre: [number, number] = [3.1, 50.1];
    const crowded = {
      a: { features: [...[1, 2, 3, 4].map((i) => feature(`c${i}`, centre, { approximate: true })), feature('placed', [3.1, 50.101])] },
    };
    const [g] = findNearestByGroup([{ id: 't', title: 'T', layers: ['a'] }], (l) => crowded[l as 'a'], centre, 3);
    expect(g.places.map((r) => [r.site.id, r.precision])).toEqual([
      ['placed', 'exact'],
      ['c1', 'commune'],
      ['c2', 'commune'],
    ]);
    expect(g.results.map((r) => r.site.id)).toEqual(['c1', 'c2', 'c3']);
  });
});

describe('nearest CLI rows carry the location precision', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'maillage-precision-'));
    const dir = join(dataDir, '59');
    mkdirSync(dir);
    const features = [
      // as the build writes them now: location_precision on every site
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [3.96, 50.28] },
        properties: { id: 'centre', name: 'A', approximate: true, location_precision: 'commune' },
      },
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [3.97, 50.29] },
        properties: { id: 'placed', name: 'B', approximate: false, location_precision: 'exact' },
      },
      // an older bundle: the approximate flag only
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [3.98, 50.3] },
        properties: { id: 'old-centre', name: 'C', approximate: true },
      },
      // the written precision wins over the flag
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [3.99, 50.31] },
        properties: { id: 'written', name: 'D', location_precision: 'commune' },
      },
    ];
    writeFileSync(join(dir, 'digital-inclusion.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(
        fictionalManifest(
          { code: '59', name: 'Nord', extent: [2.06, 49.96, 4.24, 51.09] },
          { 'digital-inclusion': { file: 'digital-inclusion.geojson', features: 4 } },
        ),
      ),
    );
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says exact or commune for every row, from the precision the build wrote (the approximate flag of an older bundle)', async () => {
    const { rows } = await runNearest({
      dept: '59',
      dataDir,
      point: toLngLat(3.96, 50.28),
      layers: ['digital-inclusion'],
      k: 4,
      at: new Date('2024-08-05T10:00:00+02:00'),
    });
    expect(rows.map((r) => [r.id, r.location_precision])).toEqual([
      ['centre', 'commune'],
      ['placed', 'exact'],
      ['old-centre', 'commune'],
      ['written', 'commune'],
    ]);
  });
});
