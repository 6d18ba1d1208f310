/**
 * The drive-time zones follow scenarios (src/core/planning/scenario-zones.ts, the overlay of
 * src/state/scenario-zones-overlay.ts), on the hand-written river with one bridge
 * (tests/unit/helpers/river-roads.ts): a France Services on the west street, cells on both banks;
 * adding a site on the east bank brings the east cells within 10 minutes, closing the west one
 * sends the west cell round by the bridge. Times known by hand (residential 30 km/h: 2 min per km).
 */
import { describe, expect, it } from 'vitest';
import type { FranceServicesSite } from '../../src/core/coverage/coverage-types.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';
import { createPlanningSession } from '../../src/core/planning/planning-session.ts';
import type { ScenarioZones } from '../../src/core/planning/scenario-zones.ts';
import { BAND_OFF_NETWORK } from '../../src/core/roads/point-drive-times.ts';
import { ISOCHRONE_NO_TIME } from '../../src/layers/isochrones.ts';
import { selectLayerData } from '../../src/state/imported-layers.ts';
import { isochronesUnderScenario } from '../../src/state/scenario-zones-overlay.ts';
import type { LayerData } from '../../src/state/app-state.ts';
import { riverDepartement } from './helpers/river-roads.ts';

const km = (a: [number, number], b: [number, number]) => distanceKm(toLngLat(...a), toLngLat(...b));
const WEST_SITE: FranceServicesSite = { id: 'fs-ouest', kind: 'fixed', lngLat: [3.0, 50], communeCode: '99011' };
/** The zones layer's cells: the three populated cells of riverDepartement, and one 27 km from any road. */
const CELLS = { ids: ['w1', 'e1', 'e2', 'loin'], lng: [3.02, 3.06, 3.07, 3.02], lat: [50, 50, 50, 50.25] };
const RULE = {
  target: 1,
  priorityTarget: 1,
  countBuses: true,
  priority: { qpv: false, ruralPopulationShareMin: null, territories: false },
};

describe('drive-time zones under a scenario', () => {
  const session = createPlanningSession(riverDepartement([WEST_SITE], true), CELLS);

  it('adding a site on the east bank brings the east cells within 10 minutes; the west cell keeps its time', () => {
    const today = session.applyScenario({ name: null, operations: [] }, RULE).zones!;
    expect(today.cellIds).toEqual(['w1', 'e1', 'e2', 'loin']);
    // w1: 2 blocks west street (2.86 km) = 5.7 min; e1: 4 blocks + bank road, bridge, bank road: over 30 min
    expect(today.minutes[0]).toBeCloseTo(km([3.0, 50], [3.02, 50]) * 2, 1);
    expect([...today.band]).toEqual([0, 3, 3, BAND_OFF_NETWORK]);
    const added = session.applyScenario({ name: 'Est', operations: [{ action: 'add', lngLat: [3.08, 50], name: 'Rive-Est' }] }, RULE)
      .zones!;
    expect([...added.band]).toEqual([0, 0, 0, BAND_OFF_NETWORK]);
    expect(added.minutes[1]).toBeCloseTo(km([3.06, 50], [3.08, 50]) * 2, 1); // 2.9 min
    expect(added.minutes[0]).toBeCloseTo(today.minutes[0], 5);
  });

  it('closing the west site sends the west cell round by the bridge (33.7 min: beyond 30)', () => {
    const z = session.applyScenario(
      {
        name: 'Déplacement',
        operations: [
          { action: 'add', lngLat: [3.08, 50], name: 'Rive-Est' },
          { action: 'close', id: 'fs-ouest' },
        ],
      },
      RULE,
    ).zones!;
    const byBridge =
      km([3.02, 50], [3.04, 50]) + 2 * km([3.04, 50], [3.04, 50.05]) + km([3.04, 50.05], [3.06, 50.05]) + km([3.06, 50], [3.08, 50]);
    expect(z.minutes[0]).toBeCloseTo(byBridge * 2, 1);
    expect([...z.band]).toEqual([3, 0, 0, BAND_OFF_NETWORK]);
  });

  it('gives no zones without a road graph or without zone cells', () => {
    expect(
      createPlanningSession(riverDepartement([WEST_SITE], false), CELLS).applyScenario({ name: null, operations: [] }, RULE).zones,
    ).toBeUndefined();
    expect(
      createPlanningSession(riverDepartement([WEST_SITE], true)).applyScenario({ name: null, operations: [] }, RULE).zones,
    ).toBeUndefined();
  });
});

describe('the isochrones layer as a scenario makes it', () => {
  const cell = (id: string, band: number, minutes: number | null) => ({
    type: 'Feature' as const,
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    },
    properties: { id, band, minutes, population: 10, nearest_site: 'France Services Ouest' },
  });
  const layer: LayerData = { type: 'FeatureCollection', features: [cell('w1', 0, 5.7), cell('e1', 3, 31.2), cell('autre', 1, 12)] };
  const zones: ScenarioZones = {
    cellIds: ['w1', 'e1'],
    band: Uint8Array.from([BAND_OFF_NETWORK, 0]),
    minutes: Float32Array.from([NaN, 2.86]),
  };

  it('takes each cell’s band and minutes from the scenario, leaves the others, and modifies nothing', () => {
    const before = JSON.stringify(layer);
    const shown = isochronesUnderScenario(layer, zones);
    expect(shown.features.map((f) => [f.properties?.id, f.properties?.band, f.properties?.minutes, f.properties?.nearest_site])).toEqual([
      ['w1', ISOCHRONE_NO_TIME, null, null],
      ['e1', 0, 2.9, null],
      ['autre', 1, 12, 'France Services Ouest'],
    ]);
    expect(shown.features[0].geometry).toBe(layer.features[0].geometry);
    expect(JSON.stringify(layer)).toBe(before);
    expect(isochronesUnderScenario(layer, zones)).toBe(shown); // memoised
  });

  it('is what selectLayerData shows while the scenario is applied, and only then', () => {
    const base = { layerData: { isochrones: layer }, imports: [], dept: '99' };
    const outcome = { table: null, comparison: null, sites: [], zones } as never;
    expect(selectLayerData({ ...base, scenarioOutcome: outcome }).isochrones.features[1].properties?.band).toBe(0);
    expect(selectLayerData({ ...base, scenarioOutcome: null }).isochrones).toBe(layer);
  });
});
