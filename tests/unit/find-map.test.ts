import { describe, expect, it } from 'vitest';
import { FIND_LAYERS, FIND_RANKS, FIND_RESULTS, findResultsLayers } from '../../src/map/layers/find-results.layer.ts';
import { findResultsToGeoJSON } from '../../src/map/sync-find-to-map.ts';
import { isClickableStyleLayer } from '../../src/map/layers/layer-catalog.ts';
import type { FindResults } from '../../src/state/slices/find.slice.ts';
import { SERVICE_GROUPS } from '../../src/data/nearest/service-groups.ts';

const site = (layer: string, id: string, lngLat: [number, number]) => ({ layer, id, lngLat, properties: { id, name: `Site ${id}` } });
const results: FindResults = {
  origin: { kind: 'commune', label: 'Maubeuge (59600)', lngLat: [3.96, 50.28], code: '59392' },
  loading: false,
  groups: [
    {
      group: SERVICE_GROUPS[0],
      status: 'ok',
      error: null,
      items: [
        {
          key: 'france-services:1',
          group: 'france-services',
          rank: 1,
          site: site('france-services', '2124', [3.95, 50.27]),
          distanceKm: 1.7,
          travel: { roadKm: 2.2, carMinutes: 4 },
          precision: 'exact',
          band: 2,
          itinerant: null,
          directionsUrl: '',
          communeName: null,
        },
        {
          key: 'france-services:2',
          group: 'france-services',
          rank: 2,
          site: site('france-services-nearby', '20', [3.93, 50.05]),
          distanceKm: 26,
          travel: { roadKm: 34, carMinutes: 58 },
          precision: 'exact',
          band: 6,
          itinerant: null,
          directionsUrl: '',
          communeName: null,
        },
      ],
      buses: [],
      nearestExact: null,
    },
    { group: SERVICE_GROUPS[3], status: 'no-data', error: null, items: [], buses: [], nearestExact: null },
  ],
};

describe('the map of "Trouver un service"', () => {
  it('writes the searched place and one point per result, keyed for feature state', () => {
    const fc = findResultsToGeoJSON(results);
    expect(fc.features.map((f) => [f.properties.key, f.properties.role, f.geometry.coordinates])).toEqual([
      ['origin', 'origin', [3.96, 50.28]],
      ['france-services:1', 'result', [3.95, 50.27]],
      ['france-services:2', 'result', [3.93, 50.05]],
    ]);
    expect(fc.features[2].properties).toMatchObject({ group: 'france-services', rank: 2, layer: 'france-services-nearby', id: '20' });
    expect(findResultsToGeoJSON(null).features).toEqual([]);
  });

  it('draws the nearest with a larger ring from the `nearest` feature state', () => {
    const ring = findResultsLayers().find((l) => l.id === FIND_RESULTS)!;
    expect(JSON.stringify(ring.paint)).toContain('["feature-state","nearest"]');
    expect(findResultsLayers().map((l) => l.id)).toEqual([...FIND_LAYERS]);
  });

  it('numbers each marker with its number in the list, and draws commune-only places paler', () => {
    const fc = findResultsToGeoJSON(results);
    expect(fc.features.filter((f) => f.properties.role === 'result').map((f) => [f.properties.rank, f.properties.precision])).toEqual([
      [1, 'exact'],
      [2, 'exact'],
    ]);
    const ranks = findResultsLayers().find((l) => l.id === FIND_RANKS)!;
    expect(ranks.type).toBe('symbol');
    expect(JSON.stringify(ranks.layout)).toContain('["get","rank"]');
    const ring = findResultsLayers().find((l) => l.id === FIND_RESULTS)!;
    expect(JSON.stringify(ring.paint)).toContain('["get","precision"],"commune"');
  });

  it('keeps its layers out of click and hover picking, so a click reaches the site under a ring', () => {
    for (const id of FIND_LAYERS) expect(isClickableStyleLayer(id), id).toBe(false);
  });
});
