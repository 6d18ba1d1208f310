import type { Map as MapLibreMap, MapGeoJSONFeature, MapMouseEvent, PointLike } from 'maplibre-gl';
import type { AppStore } from '../state/store.ts';
import { dataLayerOf, isClickableStyleLayer, sourceIdOf } from './layers/layer-catalog.ts';

/** Half-size in pixels of the box searched around a click or tap. */
const TOLERANCE_PX = 7;

function clickableLayers(map: MapLibreMap): string[] {
  return map
    .getLayersOrder()
    .filter((id) => id !== 'background' && isClickableStyleLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
}

/** The feature under the pointer: topmost layer first, then the nearest point of that layer. */
function pickFeature(map: MapLibreMap, e: MapMouseEvent): MapGeoJSONFeature | undefined {
  const layers = clickableLayers(map);
  if (layers.length === 0) return undefined;
  const { x, y } = e.point;
  const box: [PointLike, PointLike] = [
    [x - TOLERANCE_PX, y - TOLERANCE_PX],
    [x + TOLERANCE_PX, y + TOLERANCE_PX],
  ];
  const hits = map.queryRenderedFeatures(box, { layers });
  if (hits.length === 0) return undefined;
  const topLayer = hits[0].layer.id;
  let best: MapGeoJSONFeature | undefined;
  let bestD = Infinity;
  for (const f of hits) {
    if (f.layer.id !== topLayer) continue;
    if (f.geometry.type !== 'Point') return f;
    const p = map.project(f.geometry.coordinates as [number, number]);
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best;
}

/** Wires clicks (selection) and hover (cursor and hover state) to the store. Returns an unbinder. */
export function bindMapEvents(map: MapLibreMap, store: AppStore): () => void {
  let hovered: { source: string; id: string | number } | null = null;

  const setHover = (next: typeof hovered) => {
    if (hovered && next && hovered.source === next.source && hovered.id === next.id) return;
    if (hovered && map.getSource(hovered.source)) map.setFeatureState(hovered, { hover: false });
    hovered = next;
    if (hovered) map.setFeatureState(hovered, { hover: true });
    map.getCanvas().style.cursor = hovered ? 'pointer' : '';
  };

  const onClick = (e: MapMouseEvent) => {
    const f = pickFeature(map, e);
    if (!f || f.id === undefined) {
      store.getState().clearSelection();
      return;
    }
    store.getState().select({ layer: dataLayerOf(f.layer.id), id: String(f.id) });
  };

  const onMove = (e: MapMouseEvent) => {
    const f = pickFeature(map, e);
    setHover(f && f.id !== undefined ? { source: sourceIdOf(dataLayerOf(f.layer.id)), id: f.id } : null);
  };

  const onLeave = () => setHover(null);

  map.on('click', onClick);
  map.on('mousemove', onMove);
  map.on('mouseout', onLeave);
  return () => {
    map.off('click', onClick);
    map.off('mousemove', onMove);
    map.off('mouseout', onLeave);
  };
}
