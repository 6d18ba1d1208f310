import { describe, expect, it } from 'vitest';
import { communeCentresFromLayer, driveTimeSitesFromLayers, populationCellsFromGrid } from '../../src/data/roads/drive-time-inputs.ts';

const point = (coordinates: [number, number], properties: Record<string, unknown>) => ({
  type: 'Feature' as const,
  geometry: { type: 'Point' as const, coordinates },
  properties,
});

describe('drive-time inputs from the bundle layers', () => {
  it('takes the fixed France Services of the département and across the border, never buses', () => {
    const fs = { features: [point([3, 50], { id: '1', kind: 'fixed', name: 'A' }), point([3.1, 50], { id: '2', kind: 'bus' })] };
    const nearby = { features: [point([2.9, 50.1], { id: '9', kind: 'fixed', name: 'B' })] };
    const copy = structuredClone([fs, nearby]);
    const sites = driveTimeSitesFromLayers(fs, nearby);
    expect([fs, nearby]).toEqual(copy);
    expect(sites.ids).toEqual(['1', '9']);
    expect(sites.layers).toEqual(['france-services', 'france-services-nearby']);
    expect(Array.from(sites.lng)).toEqual([3, 2.9]);
    expect(sites.names).toEqual(['A', 'B']);
    expect(driveTimeSitesFromLayers(fs, null).ids).toEqual(['1']);
  });

  it('refuses a site whose kind is neither fixed nor bus, naming layer, feature and field', () => {
    expect(() => driveTimeSitesFromLayers({ features: [point([3, 50], { id: '1', kind: 'mobile' })] }, null)).toThrow(
      /france-services, entité 1, champ « kind » : "fixed" ou "bus" attendu/,
    );
  });

  it('keeps the grid cells inside the département with their population', () => {
    const grid = {
      features: [
        point([3, 50], { id: 'a', population: 10, in_departement: 1 }),
        point([3.5, 50], { id: 'b', population: 7, in_departement: 0 }),
      ],
    };
    const cells = populationCellsFromGrid(grid);
    expect(cells.ids).toEqual(['a']);
    expect(Array.from(cells.weights)).toEqual([10]);
    expect(() => populationCellsFromGrid({ features: [point([3, 50], { id: 'a', population: -1, in_departement: 1 })] })).toThrow(
      /population-grid, entité 1, champ « population »/,
    );
  });

  it('places communes at their centroid (west of Greenwich too)', () => {
    const communes = {
      features: [
        {
          type: 'Feature' as const,
          geometry: null,
          properties: { code: '29999', name: 'Ouest-sur-Mer', population: 100, centroid_lng: -4.49, centroid_lat: 48.4 },
        },
      ],
    };
    const c = communeCentresFromLayer(communes);
    expect(Array.from(c.lng)).toEqual([-4.49]);
    expect(c.ids).toEqual(['29999']);
  });
});
