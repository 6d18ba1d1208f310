import type { ScenarioZones } from '../core/planning/scenario-zones.ts';
import { ISOCHRONE_NO_TIME } from '../layers/isochrones.ts';
import type { LayerData } from './app-state.ts';

const cache = new WeakMap<ScenarioZones, { data: LayerData; result: LayerData }>();

/**
 * The drive-time zones layer as a scenario makes it: each cell's band and minutes replaced by the
 * scenario's (ScenarioOutcome.zones, computed by the coverage worker on the road graph), its
 * nearest site unknown (null: the scenario may have changed it), `scenario: true`. Same geometries;
 * cells the scenario did not time stay as built. Memoised per zones and data; inputs not modified.
 */
export function isochronesUnderScenario(data: LayerData, zones: ScenarioZones): LayerData {
  const hit = cache.get(zones);
  if (hit && hit.data === data) return hit.result;
  const at = new Map(zones.cellIds.map((id, i) => [id, i]));
  const features = data.features.map((f) => {
    const i = at.get(String(f.properties?.id));
    if (i === undefined) return f;
    const b = zones.band[i];
    const timed = b <= 3;
    return {
      ...f,
      properties: {
        ...f.properties,
        band: timed ? b : ISOCHRONE_NO_TIME,
        minutes: timed ? Math.round(zones.minutes[i] * 10) / 10 : null,
        nearest_site: null,
        scenario: true,
      },
    };
  });
  const result: LayerData = { ...data, features };
  cache.set(zones, { data, result });
  return result;
}
