import type { GeoJSONSource, LayerSpecification, LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { selectFindResults, type FindResults } from '../state/slices/find.slice.ts';
import type { AppState } from '../state/app-state.ts';
import { FIND_SOURCE, findResultsLayers } from './layers/find-results.layer.ts';
import { beforeIdFor } from './sync-layer-extras.ts';

/** What was last applied of the "Trouver un service" search. */
export interface AppliedFind {
  results: FindResults | null;
  /** Keys given the `nearest` feature state. */
  nearestKeys: string[];
  /** The origin the view was last fitted to, and whether every group was loaded then. */
  fitted: { origin: FindResults['origin'] | null; complete: boolean };
  /** The source object the data went to (a new one after a style reset). */
  source: unknown;
}

export function emptyAppliedFind(): AppliedFind {
  return { results: null, nearestKeys: [], fitted: { origin: null, complete: false }, source: null };
}

type FindProps = {
  key: string;
  role: 'origin' | 'result';
  group?: string;
  rank?: number;
  layer?: string;
  id?: string;
  name?: string;
  precision?: 'exact' | 'commune';
};

/**
 * The searched place and its results as GeoJSON (a new collection per search): the places one
 * can walk into, numbered as in the list; buses at their base are not drawn as places to go.
 */
export function findResultsToGeoJSON(results: FindResults | null): FeatureCollection<Point, FindProps> {
  if (!results) return { type: 'FeatureCollection', features: [] };
  const features: Feature<Point, FindProps>[] = [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [...results.origin.lngLat] },
      properties: { key: 'origin', role: 'origin', name: results.origin.label },
    },
  ];
  for (const g of results.groups) {
    for (const item of g.items) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [...item.site.lngLat] },
        properties: {
          key: item.key,
          role: 'result',
          group: g.group.id,
          rank: item.rank,
          layer: item.site.layer,
          id: item.site.id,
          name: String(item.site.properties.name ?? ''),
          precision: item.precision,
        },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function fitToResults(map: MapLibreMap, results: FindResults): void {
  const points = [results.origin.lngLat, ...results.groups.flatMap((g) => g.items.map((i) => i.site.lngLat))];
  let [minLng, minLat, maxLng, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lng, lat] of points) {
    minLng = Math.min(minLng, lng);
    minLat = Math.min(minLat, lat);
    maxLng = Math.max(maxLng, lng);
    maxLat = Math.max(maxLat, lat);
  }
  const canvas = map.getCanvas();
  // room for the rings (up to 18 px) and the map controls
  const padding = Math.max(32, Math.min(80, Math.round(Math.min(canvas.clientWidth, canvas.clientHeight) / 7)));
  const bounds: LngLatBoundsLike = [
    [minLng, minLat],
    [maxLng, maxLat],
  ];
  map.fitBounds(bounds, { padding, maxZoom: 14, animate: !prefersReducedMotion(), duration: 700 });
}

/**
 * Shows the searched place and the results of "Trouver un service": `setData` on one GeoJSON
 * source when the results change, the `nearest` feature state on the first result of each
 * group, and a fit of the view to the place and its results (once per search, and once more
 * when the last group arrives). Returns true if it changed the map.
 */
export function syncFindToMap(map: MapLibreMap, state: AppState, applied: AppliedFind): boolean {
  let changed = false;
  let source = map.getSource(FIND_SOURCE) as GeoJSONSource | undefined;
  if (!source) {
    map.addSource(FIND_SOURCE, { type: 'geojson', data: findResultsToGeoJSON(null), promoteId: 'key' });
    // ranked last in the stacking order (layer-catalog.ts): every data layer added later goes below them
    for (const spec of findResultsLayers(FIND_SOURCE)) map.addLayer(spec as LayerSpecification, beforeIdFor(map, spec.id));
    source = map.getSource(FIND_SOURCE) as GeoJSONSource;
    changed = true;
  }

  const results = selectFindResults(state);
  if (results === applied.results && source === applied.source) return changed;
  source.setData(findResultsToGeoJSON(results));
  for (const key of applied.nearestKeys) map.setFeatureState({ source: FIND_SOURCE, id: key }, { nearest: false });
  applied.nearestKeys = results ? results.groups.flatMap((g) => (g.nearestExact ? [g.nearestExact.key] : [])) : [];
  for (const key of applied.nearestKeys) map.setFeatureState({ source: FIND_SOURCE, id: key }, { nearest: true });
  applied.results = results;
  applied.source = source;

  if (results) {
    const complete = !results.loading;
    const f = applied.fitted;
    if (f.origin !== results.origin || (complete && !f.complete)) {
      fitToResults(map, results);
      applied.fitted = { origin: results.origin, complete };
    }
  } else applied.fitted = { origin: null, complete: false };
  return true;
}
