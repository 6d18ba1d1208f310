/**
 * The map gets each feature with only the properties it reads (src/map/layers/map-properties.ts):
 * every filter the app gives MapLibre must decide the same on the narrowed feature as on the whole
 * one, and what only the panels show must not go to the map. Features here are fictional.
 */
import { expression, featureFilter, latest, type FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { LAYERS, dataLayerIdOf } from '../../src/layers/layer-registry.ts';
import { FRANCE_SERVICES } from '../../src/layers/france-services.ts';
import { FRANCE_SERVICES_NEARBY } from '../../src/layers/france-services-nearby.ts';
import type { AppState } from '../../src/state/app-state.ts';
import { labelLayerFor, styleLayersFor } from '../../src/map/layers/layer-catalog.ts';
import { mapPropertiesOf, propertiesReadBy, withPropertiesKept } from '../../src/map/layers/map-properties.ts';
import { franceServicesFilter } from '../../src/map/planner/sync-planner-to-map.ts';
import { GROUP_LAYER_PROP } from '../../src/map/layers/source-groups.ts';

/** A fictional feature of layer `layer` with every property a style might read, each in several values, and what only the panels show. */
function fictionalFeatures(layer: string) {
  const variants = [
    {
      kind: 'bus',
      role: 'result',
      rural: true,
      territory_type: 'commune',
      precision: 'commune',
      labelled_on: '2019-01-01',
      rank: 3,
      population: 0,
      illectronisme_rate_pct: 31.5,
      point_count: 12,
    },
    {
      kind: 'site',
      role: 'origin',
      rural: false,
      territory_type: 'epci',
      precision: 'address',
      labelled_on: '2024-06-01',
      rank: 1,
      population: 5000,
    },
    {
      kind: 'site',
      role: 'path',
      rural: null,
      territory_type: 'departement',
      precision: 'address',
      labelled_on: null,
      rank: 0,
      population: 120,
    },
  ];
  return variants.map((v, i) => ({
    type: 'Feature' as const,
    id: i,
    geometry: { type: 'Point' as const, coordinates: [3.1, 50.6] },
    properties: {
      id: `FICT-${i}`,
      code: `59${900 + i}`,
      name: `Lieu imaginaire ${i}`,
      [GROUP_LAYER_PROP]: layer,
      group: 'a',
      ...v,
      address: '1 rue de Nulle-Part, 59999 Imaginville',
      phone: '00 00 00 00 00',
      hours: { lundi: '9h-12h' },
      sources: [{ source: 'fictif' }],
      extra: { constructor: 'une colonne du fichier' },
    },
  }));
}

/** `features` as the map gets them for layer `layerId`. */
function narrowedFor(layerId: string, features: ReturnType<typeof fictionalFeatures>) {
  return withPropertiesKept({ type: 'FeatureCollection', features }, mapPropertiesOf(layerId)).features;
}

/** MapLibre's geometry types: point, line, polygon (filters and styles may read `geometry-type`). */
const GEOMETRY_TYPES = [1, 2, 3] as const;

function decisions(filter: unknown, features: readonly { properties: Record<string, unknown> | null }[]): boolean[] {
  const f = featureFilter(filter as FilterSpecification, 'filter');
  return features.flatMap((feature) =>
    GEOMETRY_TYPES.map((type) =>
      f.filter({ zoom: 9 }, { type, properties: feature.properties ?? {}, geometry: [] } as unknown as Parameters<typeof f.filter>[1]),
    ),
  );
}

type Spec = { id: string; type: string; filter?: unknown; paint?: Record<string, unknown>; layout?: Record<string, unknown> };

/** What each paint and layout value of `spec` that depends on the feature gives for each feature (at zoom 9, no feature state). */
function styledValues(spec: Spec, features: readonly { properties: Record<string, unknown> | null }[]): string[] {
  const out: string[] = [];
  for (const group of ['paint', 'layout'] as const) {
    const reference = (latest as unknown as Record<string, Record<string, { 'property-type'?: string }>>)[`${group}_${spec.type}`] ?? {};
    for (const [name, value] of Object.entries(spec[group] ?? {})) {
      const ref = reference[name];
      // constants (a font list among them) read no feature
      if (!ref || !expression.isExpression(value)) continue;
      if (ref['property-type'] !== 'data-driven' && ref['property-type'] !== 'cross-faded-data-driven') continue;
      const parsed = expression.createPropertyExpression(value, `${group}.${name}`, ref as never);
      if (parsed.result !== 'success') throw new Error(`${spec.id}: ${name} does not parse`);
      for (const f of features)
        for (const type of GEOMETRY_TYPES)
          out.push(
            `${name}=${JSON.stringify(parsed.value.evaluate({ zoom: 9 } as never, { type, properties: f.properties ?? {} } as never, {}))}`,
          );
    }
  }
  return out;
}

describe('the properties the map keeps', () => {
  it('finds the properties an expression reads, however deep, and no literal', () => {
    const expr = [
      'case',
      ['==', ['get', 'kind'], 'bus'],
      ['to-number', ['get', 'rank'], 0],
      ['has', 'point_count'],
      1,
      ['literal', ['get']],
      0,
    ];
    expect([...propertiesReadBy({ paint: { x: expr }, filter: ['get', 'role', ['literal', { role: 1 }]] })].sort()).toEqual([
      'kind',
      'point_count',
      'rank',
    ]);
  });

  it('decides every filter and styles every value of every layer the same on the narrowed features', () => {
    for (const layer of LAYERS) {
      const full = fictionalFeatures(layer.id);
      // the map narrows a source's data for the layer it belongs to (a derived layer draws from its base's)
      const narrowed = narrowedFor(dataLayerIdOf(layer.id), full);
      const specs = [...styleLayersFor(layer.id), ...[labelLayerFor(layer.id)].filter((s) => s !== null)] as unknown as Spec[];
      for (const spec of specs) {
        if (spec.filter !== undefined) expect(decisions(spec.filter, narrowed), spec.id).toEqual(decisions(spec.filter, full));
        expect(styledValues(spec, narrowed), spec.id).toEqual(styledValues(spec, full));
      }
    }
  });

  it('reads every filter of the app as an expression, and refuses a property it cannot name', () => {
    for (const layer of LAYERS) {
      const specs = [...styleLayersFor(layer.id), ...[labelLayerFor(layer.id)].filter((s) => s !== null)] as unknown as Spec[];
      for (const spec of specs) if (spec.filter !== undefined) expect(expression.isExpressionFilter(spec.filter), spec.id).toBe(true);
    }
    expect(() => propertiesReadBy(['get', ['concat', 'na', 'me']])).toThrow(/cannot tell/);
    expect(() => propertiesReadBy(['has', ['get', 'key']])).toThrow(/cannot tell/);
    expect(() => propertiesReadBy(['to-string', ['properties']])).toThrow(/cannot tell/);
  });

  it('keeps what the planner filters France Services on (labelling date, scenario)', () => {
    const state = {
      plannerOpen: true,
      coverageDate: '2021-06-30',
      coverageTimeline: { listDate: '2024-01-01' },
      scenario: { operations: [{ action: 'close', id: 'FICT-1' }] },
    } as unknown as AppState;
    const undated = { ...state, coverageDate: null } as unknown as AppState;
    for (const id of [FRANCE_SERVICES.id, FRANCE_SERVICES_NEARBY.id]) {
      const full = fictionalFeatures(id);
      const narrowed = narrowedFor(id, full);
      for (const s of [state, undated]) {
        const filter = franceServicesFilter(id, s);
        for (const read of propertiesReadBy(filter)) expect(mapPropertiesOf(id).has(read), `${id}: ${read}`).toBe(true);
        expect(decisions(filter, narrowed), id).toEqual(decisions(filter, full));
        // the scenario's closing applies to the département's own sites only
        if (s === state || id === FRANCE_SERVICES.id) expect(decisions(filter, full).includes(false), `${id}: a site left out`).toBe(true);
      }
    }
  });

  it('leaves out what only the panels show, keeps the ids and the name', () => {
    const kept = mapPropertiesOf(FRANCE_SERVICES.id);
    for (const key of ['id', 'code', 'name', 'kind', 'labelled_on']) expect(kept.has(key), key).toBe(true);
    for (const key of ['address', 'phone', 'hours', 'sources', 'extra']) expect(kept.has(key), key).toBe(false);
    // an imported layer (not in the registry) keeps the same ids and name
    const imported = mapPropertiesOf('import-fictif');
    for (const key of ['id', 'code', 'name']) expect(imported.has(key), key).toBe(true);
    expect(imported.has('extra')).toBe(false);
  });

  it('narrows without modifying the input, sharing the geometries', () => {
    const features = fictionalFeatures(FRANCE_SERVICES.id);
    const input = { type: 'FeatureCollection' as const, features };
    const before = JSON.stringify(input);
    const out = withPropertiesKept(input, new Set(['id', 'name']));
    expect(JSON.stringify(input)).toBe(before);
    expect(out.features[0].properties).toEqual({ id: 'FICT-0', name: 'Lieu imaginaire 0' });
    expect(out.features[0].geometry).toBe(features[0].geometry);
    expect(out.features[0].id).toBe(0);
    const nullProps = withPropertiesKept({ features: [{ properties: null }] }, new Set(['id']));
    expect(nullProps.features[0].properties).toBeNull();
  });
});
