import type { PlannerScenario } from '../../state/app-state.ts';

/**
 * A scenario as the CLI reads it (`coverage --scenario plan.geojson`, docs/planning.md): a GeoJSON
 * FeatureCollection named after the scenario, one feature per operation in order (`action`, `id`
 * of an existing site, `name`), a closed site without geometry. Plain data: no HTML.
 */
export function scenarioToGeoJson(scenario: PlannerScenario): string {
  const features = scenario.operations.map((op) => ({
    type: 'Feature' as const,
    geometry: op.action === 'close' ? null : { type: 'Point' as const, coordinates: [op.lngLat[0], op.lngLat[1]] },
    properties:
      op.action === 'add'
        ? { action: 'add', ...(op.name ? { name: op.name } : {}) }
        : op.action === 'move'
          ? { action: 'move', id: op.id }
          : { action: 'close', id: op.id },
  }));
  return `${JSON.stringify({ type: 'FeatureCollection', name: scenario.name, features }, null, 2)}\n`;
}

/** An ASCII file name for the scenario: `scenario-plan-2027.geojson`. */
export function scenarioFileName(scenario: PlannerScenario): string {
  const slug = scenario.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `scenario-${slug || 'sans-nom'}.geojson`;
}
