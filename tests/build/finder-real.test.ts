/**
 * The resident finder on the real Nord bundle, built from the official files mirrored in
 * ../shared/opendata as tests/build/bundle.test.ts does: the commune search on the hand-written
 * misspellings and on seeded typos of every commune; the merge of one place listed by several
 * sources (digital-inclusion, first-reception, both), with its counts printed; what the build's
 * `approximate` flag means on each layer; the buses; the honest nearest list from Maubeuge.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recallOf, syntheticTypos, type RecallCase } from '../../bench/lib/place-search-contenders.ts';
import { createPlaceFinder as createPreviousFinder } from '../../bench/lib/previous-place-finder.ts';
import { defaultDataOptions, runData } from '../../src/cli/actions/data.action.ts';
import { openBundle } from '../../src/cli/io/file-bundle-source.ts';
import { runNearest } from '../../src/cli/actions/nearest.action.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';
import { itinerantServiceOf, stopsOfBus } from '../../src/core/nearest/itinerant.ts';
import { mergeSamePlaces, SAME_PLACE_THRESHOLDS, type PlaceRecord } from '../../src/core/places/merge-same-places.ts';
import { placeRecordOfSite } from '../../src/core/places/place-record-of-site.ts';
import { createPlaceFinder, type PlaceItem } from '../../src/core/search/create-place-finder.ts';
import type { BundleManifest, LayerData } from '../../src/data/bundle/bundle-types.ts';
import { findNearestByGroup } from '../../src/data/nearest/find-nearest-by-group.ts';
import { placesFromCommunes } from '../../src/data/nearest/places-from-communes.ts';
import { SERVICE_GROUPS } from '../../src/data/nearest/service-groups.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const out = mkdtempSync(join(tmpdir(), 'maillage-finder-real-'));
const layers: Record<string, LayerData> = {};
let communes: PlaceItem[] = [];
let manifest: BundleManifest;
const centroid = new Map<string, [number, number]>();
const communeName = new Map<string, string>();

beforeAll(async () => {
  await runData({ ...defaultDataOptions(ROOT), dept: '59', outDir: out, rawFolders: [MIRROR], log: () => {} });
  const bundle = await openBundle(out, '59');
  manifest = bundle.manifest;
  for (const id of ['communes', 'france-services', 'france-services-nearby', 'msap', 'first-reception', 'digital-inclusion', 'qpv']) {
    const data = await bundle.layer(id);
    if (data) layers[id] = data;
  }
  communes = placesFromCommunes(layers.communes).places;
  for (const f of layers.communes.features) {
    const p = f.properties as Record<string, unknown>;
    centroid.set(String(p.code), [Number(p.centroid_lng), Number(p.centroid_lat)]);
    communeName.set(String(p.code), String(p.name));
  }
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const manifestStats = (id: string) => manifest.layers[id].stats as Record<string, number> & { merged_by_reason: Record<string, number> };
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const props = (f: LayerData['features'][number]) => f.properties as Record<string, unknown>;
const point = (f: LayerData['features'][number]) => (f.geometry as unknown as { coordinates: [number, number] }).coordinates;

describe('commune search on the 647 communes of the Nord', () => {
  it('finds the commune meant first for at least 95 % of the hand-written misspellings, and within 5 for 98 %', () => {
    const hand = (JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/find-place/misspellings.json'), 'utf8')) as { entries: RecallCase[] })
      .entries;
    expect(hand.length).toBeGreaterThanOrEqual(150);
    const finder = createPlaceFinder(communes);
    const ours = recallOf((q, limit) => finder.search(q, limit).map((m) => m.item.code), hand);
    const previous = createPreviousFinder(communes);
    const before = recallOf((q, limit) => previous.search(q, limit).map((m) => m.item.code), hand);
    console.log(
      `find-place, ${hand.length} hand-written misspellings: recall@1 ${pct(ours.at1)}, @5 ${pct(ours.at5)} (previous finder: ${pct(before.at1)}, ${pct(before.at5)})`,
    );
    expect(ours.at1, JSON.stringify(ours.misses)).toBeGreaterThanOrEqual(0.95);
    expect(ours.at5).toBeGreaterThanOrEqual(0.98);
  });

  it('finds at least 95 % of seeded phone typos of every commune first', () => {
    const cases = syntheticTypos(communes, 12);
    const finder = createPlaceFinder(communes);
    const r = recallOf((q, limit) => finder.search(q, limit).map((m) => m.item.code), cases);
    console.log(`find-place, ${cases.length} seeded typos: recall@1 ${pct(r.at1)}, @5 ${pct(r.at5)}`);
    expect(r.at1).toBeGreaterThanOrEqual(0.95);
  });

  it('reads "maubege" as Maubeuge and 59600 as a postcode, never as Tourmignies (INSEE 59600) unless labelled', () => {
    const finder = createPlaceFinder(communes);
    expect(finder.search('maubege')[0].item.name).toBe('Maubeuge');
    const byPostcode = finder.search('59600', 50);
    expect(byPostcode[0].item.name).toBe('Maubeuge');
    expect(byPostcode.map((m) => m.item.name)).not.toContain('Tourmignies');
    expect(finder.search('insee 59600').map((m) => m.item.name)).toEqual(['Tourmignies']);
  });
});

describe('one place, one card: records of one place in several sources', () => {
  const recordsOf = (ids: string[]) =>
    ids.flatMap((id) =>
      layers[id].features.map((f) => placeRecordOfSite(props(f), point(f), communeName.get(String(props(f).commune_code)) ?? null)),
    );
  /** The built place that lists the record `id` among its sources. */
  const placeOf = (layer: string, id: string) =>
    layers[layer].features.find((f) => (props(f).sources as { id: string }[]).some((s) => s.id === id));
  const together = (layer: string, a: string, b: string) => placeOf(layer, a) !== undefined && placeOf(layer, a) === placeOf(layer, b);

  it.each([['digital-inclusion'], ['first-reception']])('the build has merged every record of one place in %s, and says how many', (id) => {
    const stats = manifestStats(id);
    console.log(
      `build merge ${id}: ${stats.records_before_merge} records → ${stats.places_after_merge} places (${stats.merged_records} merged: ${JSON.stringify(stats.merged_by_reason)})`,
    );
    expect(stats.places_after_merge).toBe(layers[id].features.length);
    expect(stats.records_before_merge - stats.places_after_merge).toBe(stats.merged_records);
    expect(stats.merged_records).toBeGreaterThan(0);
    // the same rule run again on the built places finds nothing left to merge
    expect(mergeSamePlaces(recordsOf([id])).links).toEqual([]);
  });

  it('counts the places listed in both layers (not merged: two kinds of service)', () => {
    const records: PlaceRecord[] = recordsOf(['digital-inclusion', 'first-reception']);
    const result = mergeSamePlaces(records);
    console.log(`digital-inclusion + first-reception: ${records.length} places → ${result.groups.length} if merged across the two layers`);
    for (const l of result.links) {
      const [a, b] = [records[l.record], records[l.mergedWith]];
      expect(a.communeCode).toBe(b.communeCode);
      if (l.distanceM !== null) expect(l.distanceM).toBeLessThanOrEqual(SAME_PLACE_THRESHOLDS.sameAddressMetres);
      else expect(a.precision).toBe('commune');
    }
  });

  it('shows the Maubeuge cases of the issue as one card, and keeps the near-misses apart', () => {
    const layer = 'digital-inclusion';
    // COMMUNE DE MAUBEUGE: the 2023 conseillers numériques record (commune only) is the 2021 host structure (same SIRET)
    expect(together(layer, 'cnum2023-21590392300013', 'cnfs2021-611')).toBe(true);
    expect(props(placeOf(layer, 'cnfs2021-611')!).location_precision).toBe('exact');
    // the same SIRET listed three times in 2021 (one row per selection committee) is one place
    expect(together(layer, 'cnfs2021-573', 'cnfs2021-575')).toBe(true);
    // two Pôle emploi agencies of Maubeuge (a network's branches in one commune) stay apart
    const agencies = layers[layer].features.filter((f) => /^13(09|10)-mediation-numerique-assembleurs$/.test(String(props(f).id)));
    expect(agencies).toHaveLength(2);
    // a social centre annex and a town-hall annex at one address (two places in one building) stay apart
    const annexes = layers[layer].features.filter(
      (f) => /annexe/i.test(String(props(f).name)) && props(f).commune_code === '59392' && /r[ée]publique/i.test(String(props(f).address)),
    );
    expect(annexes).toHaveLength(2);
  });
});

describe('location precision: carried by every site of the service layers', () => {
  it('is `commune` exactly for sites placed at their commune centroid, `exact` otherwise', () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const id of ['france-services', 'france-services-nearby', 'msap', 'first-reception', 'digital-inclusion']) {
      for (const f of layers[id].features) {
        const p = props(f);
        expect(p.location_precision, `${id} ${p.id}`).toBe(p.approximate === true ? 'commune' : 'exact');
        if (p.location_precision === 'commune') {
          counts[id] ??= {};
          counts[id][String(p.source)] = (counts[id][String(p.source)] ?? 0) + 1;
          expect(point(f), `${id} ${p.id}`).toEqual(centroid.get(String(p.commune_code)));
        }
      }
    }
    console.log(`commune-only places per layer and source: ${JSON.stringify(counts)}`);
    // the 82 conseillers numériques 2023 records have no coordinates: those not joined to a placed record of their SIRET or name stay commune-only
    expect(Object.keys(counts)).toEqual(['digital-inclusion']);
    expect(Object.keys(counts['digital-inclusion'])).toEqual(['assembleurs-conseillers-numeriques-2023']);
    expect(counts['digital-inclusion']['assembleurs-conseillers-numeriques-2023']).toBeGreaterThan(0);
    // the QPV layer's points are commune centroids standing for the commune's QPV list, not sites
    expect(layers.qpv.features.every((f) => props(f).approximate === true)).toBe(true);
  });

  it('reaches the CLI: the nearest rows say the precision the build wrote', async () => {
    const { rows } = await runNearest({
      dept: '59',
      dataDir: out,
      point: toLngLat(...centroid.get('59178')!),
      layers: ['digital-inclusion'],
      k: 10,
      at: new Date('2024-08-05T10:00:00+02:00'),
    });
    const built = new Map(layers['digital-inclusion'].features.map((f) => [String(props(f).id), props(f).location_precision]));
    expect(rows.map((r) => r.location_precision)).toEqual(rows.map((r) => built.get(r.id)));
    expect(rows.filter((r) => r.location_precision === 'commune').length).toBeGreaterThan(0);
  });

  it('never lets commune-centre records be quoted first from the centre of Douai', () => {
    const douai = centroid.get('59178')!;
    const dataOf = (l: string) => layers[l] ?? null;
    const [digital] = findNearestByGroup(
      SERVICE_GROUPS.filter((g) => g.id === 'digital-inclusion'),
      dataOf,
      douai,
      5,
      { originCommuneCode: '59178' },
    );
    // the plain list starts with the 2023 records at the commune's centroid, "0 m" away
    expect(digital.results[0].precision).toBe('commune');
    expect(digital.results[0].distanceKm).toBeLessThan(0.01);
    // the honest list starts with a placed site; commune-only ones come after the placed ones of their band
    expect(digital.places[0].precision).toBe('exact');
    for (let i = 1; i < digital.places.length; i++) {
      const [a, b] = [digital.places[i - 1], digital.places[i]];
      expect(a.band < b.band || (a.band === b.band && !(a.precision === 'commune' && b.precision === 'exact'))).toBe(true);
    }
  });
});

describe('buses: France Services itinérantes', () => {
  it('finds the 7 Nord buses of the ANCT list as bases, with what the list says about them', () => {
    const buses = layers['france-services'].features
      .map((f) => ({ p: props(f), s: itinerantServiceOf(props(f), 'france-services') }))
      .filter((b) => b.s !== null);
    expect(buses).toHaveLength(7);
    expect(buses.every((b) => b.s!.role === 'base' && !b.s!.directions)).toBe(true);
    const territories = buses.map((b) => b.s!.territory).sort();
    console.log(`bus territories named: ${territories.join(', ')}; schedule texts: ${buses.filter((b) => b.s!.scheduleText).length} of 7`);
    expect(territories).toContain('Avesnois');
    expect(buses.filter((b) => b.s!.scheduleText !== null).map((b) => b.s!.scheduleText)).toEqual(
      expect.arrayContaining(['Service itinérant, horaires variables selon les jours de marché']),
    );
  });

  it('links the "Camion bleu" stops of the 2023 list to the bus whose territory they name', () => {
    const stops = layers['digital-inclusion'].features
      .map((f) => ({
        name: String(props(f).name),
        service: itinerantServiceOf(props(f), 'digital-inclusion'),
        commune: props(f).commune_code,
      }))
      .filter((s): s is { name: string; service: NonNullable<typeof s.service>; commune: unknown } => s.service?.role === 'stop');
    const avesnois = stopsOfBus("Bus France services de l'Avesnois", stops);
    console.log(
      `bus stops in the 2023 list: ${stops.length}; Avesnois ${avesnois.length}, Cambrésis ${stopsOfBus('Bus France services du Cambrésis', stops).length}, Douaisis ${stopsOfBus('Bus France services Territoire du Douaisis', stops).length}, named after their commune only ${stops.filter((s) => !s.service.territory).length}`,
    );
    expect(avesnois.length).toBeGreaterThan(10);
    expect(stopsOfBus("Bus France services de la Communauté d'agglomération de Cambrai", stops)).toEqual([]);
    // every stop is within the Nord, far from being one address
    const points = avesnois.map((i) => centroid.get(String(stops[i].commune))!).filter(Boolean);
    expect(Math.max(...points.map((p) => distanceKm(p, points[0])))).toBeGreaterThan(10);
  });
});
