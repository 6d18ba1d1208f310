import type { LayerSpecification } from 'maplibre-gl';
import { LAYERS } from '../../layers/layer-registry.ts';
import { coverageLayers } from './coverage.layer.ts';
import { labelLayerFor, styleLayersFor } from './layer-catalog.ts';
import { PLANNER_FILTER_PROPERTIES } from '../planner/sync-planner-to-map.ts';

/**
 * The feature properties the map reads. A layer's features carry everything the panels show
 * (address, hours, phone, sources…), and MapLibre would copy all of it to its worker, cut it
 * into tiles, encode it in each tile and decode it again: about a tenth of the worker's time on the
 * first view (docs/benchmarks.md, "Map idle", eighth round), for values no style reads. The
 * map gets each feature with only:
 *
 * - the properties a style layer of the app reads (`get`, `has`, in paint, layout or filter);
 * - the planner's date and scenario filter's (`PLANNER_FILTER_PROPERTIES`, set at run time);
 * - `id` and `code` (the feature-state id MapLibre promotes, and the selection's id), `name`
 *   (said when a place is chosen with the keyboard, the planner's label of a site).
 *
 * The store keeps the whole features: the details, the list and the exports read them there. A
 * shared source's layer and key (src/map/layers/source-groups.ts) are added after, by `mergeGroup`.
 */
export const ALWAYS_KEPT = ['id', 'code', 'name'] as const;

/**
 * Adds to `into` every feature property an expression or style value reads with `get` or `has` (not
 * a `get` from an object). A key computed at run time, or the whole `properties` object, cannot be
 * known here: it throws, so that such a style fails the unit tests rather than draw without its data.
 * Filters are expressions (MapLibre's legacy filter syntax, which names properties without `get`, is
 * not used; `tests/unit/map-properties.test.ts` checks every filter of the registry).
 */
export function propertiesReadBy(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    if ((value[0] === 'get' || value[0] === 'has') && value.length === 2) {
      if (typeof value[1] !== 'string') throw new Error(`the map cannot tell which property ${JSON.stringify(value)} reads`);
      into.add(value[1]);
    }
    if (value.length === 1 && value[0] === 'properties') throw new Error('the map cannot tell which properties ["properties"] reads');
    for (const item of value) propertiesReadBy(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) propertiesReadBy(item, into);
  }
  return into;
}

let registryKept: ReadonlySet<string> | null = null;

/** What every registry layer's style layers (clusters included), names and the choropleth read, the ids and the planner's filters. */
function registryProperties(): ReadonlySet<string> {
  if (registryKept) return registryKept;
  const kept = new Set<string>([...ALWAYS_KEPT, ...PLANNER_FILTER_PROPERTIES]);
  const specs: LayerSpecification[] = [];
  for (const layer of LAYERS) {
    specs.push(...styleLayersFor(layer.id));
    const label = labelLayerFor(layer.id);
    if (label) specs.push(label);
  }
  specs.push(...coverageLayers('cantons'));
  for (const spec of specs) propertiesReadBy(spec, kept);
  registryKept = kept;
  return kept;
}

const keptByLayer = new Map<string, ReadonlySet<string>>();

/** The properties the map keeps for the features of layer `layerId` (a registry layer or an imported one). */
export function mapPropertiesOf(layerId: string): ReadonlySet<string> {
  let kept = keptByLayer.get(layerId);
  if (!kept) {
    const own = new Set(registryProperties());
    for (const spec of styleLayersFor(layerId)) propertiesReadBy(spec, own);
    kept = own;
    keptByLayer.set(layerId, kept);
  }
  return kept;
}

/**
 * `data` with each feature's properties narrowed to `kept` (geometry and top-level members shared,
 * not copied). The input is not modified.
 */
export function withPropertiesKept<T extends { features: readonly KeptFeature[] }>(data: T, kept: ReadonlySet<string>): T {
  const features = data.features.map((f) => {
    const from = f.properties;
    if (!from) return f;
    const properties: Record<string, unknown> = {};
    for (const key of kept) if (Object.hasOwn(from, key)) properties[key] = from[key];
    return { ...f, properties };
  });
  return { ...data, features };
}

/** A feature as `withPropertiesKept` reads it (GeoJSON's, or a layer's whose geometry may be null). */
interface KeptFeature {
  properties?: Record<string, unknown> | null;
}
