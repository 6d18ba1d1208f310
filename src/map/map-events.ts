import type { GeoJSONSource, Map as MapLibreMap, MapGeoJSONFeature, MapMouseEvent, PointLike } from 'maplibre-gl';
import type { AppStore } from '../state/store.ts';
import { dataLayerOf, isClickableStyleLayer, isClusterStyleLayer, sourceIdOf } from './layers/layer-catalog.ts';

/** Half-size in pixels of the box searched around a click or tap. */
const TOLERANCE_PX = 7;
/** Half-size of the box searched around the centre of the map when Enter is pressed on it. */
const KEYBOARD_TOLERANCE_PX = 14;

function clickableLayers(map: MapLibreMap): string[] {
  return map
    .getLayersOrder()
    .filter((id) => id !== 'background' && isClickableStyleLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
}

/** The feature at a point of the canvas: topmost layer first, then the nearest point of that layer. */
function pickFeature(map: MapLibreMap, at: { x: number; y: number }, tolerance = TOLERANCE_PX): MapGeoJSONFeature | undefined {
  const layers = clickableLayers(map);
  if (layers.length === 0) return undefined;
  const { x, y } = at;
  const box: [PointLike, PointLike] = [
    [x - tolerance, y - tolerance],
    [x + tolerance, y + tolerance],
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

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Zooms to where a cluster splits up (MapLibre's getClusterExpansionZoom, or the `expansion_zoom`
 * of a tiled imported layer's cluster, src/map/imported-source.ts), centred on it. Returns its size.
 */
function expandCluster(map: MapLibreMap, f: MapGeoJSONFeature): number {
  const source = map.getSource(f.source) as GeoJSONSource | undefined;
  const clusterId = Number(f.properties?.cluster_id);
  const count = Number(f.properties?.point_count ?? 0);
  if (!source || !Number.isFinite(clusterId) || f.geometry.type !== 'Point') return count;
  const center = f.geometry.coordinates as [number, number];
  const tiled = Number(f.properties?.expansion_zoom);
  const expansionZoom =
    source.type === 'geojson'
      ? source.getClusterExpansionZoom(clusterId)
      : Promise.resolve(Number.isFinite(tiled) ? tiled : map.getZoom() + 2);
  expansionZoom.then(
    // at least one zoom level, so that every click visibly zooms in (clusters are made per whole zoom level)
    (zoom) =>
      map.easeTo({
        center,
        zoom: Math.min(Math.max(zoom, map.getZoom() + 1), map.getMaxZoom()),
        duration: prefersReducedMotion() ? 0 : 500,
      }),
    // the cluster vanished meanwhile (new data, filter change): zoom in one step instead
    () => map.easeTo({ center, zoom: Math.min(map.getZoom() + 2, map.getMaxZoom()) }),
  );
  return count;
}

const formatCount = (n: number) => n.toLocaleString('fr-FR');

/**
 * Keyboard use of the map canvas (focusable, with a visible focus ring and a centre reticle
 * drawn by CSS): arrows and +/− move and zoom (MapLibre), Enter or Space acts on what lies
 * under the reticle, like a click. A polite live region says what happened.
 */
function keyboardHelp(map: MapLibreMap): { announce(text: string): void; remove(): void } {
  const container = map.getContainer();
  const canvas = map.getCanvas();
  const help = document.createElement('p');
  help.id = `${container.id || 'maillage-map'}-keys`;
  help.className = 'visually-hidden';
  help.textContent =
    'Flèches : déplacer la carte ; plus et moins : zoomer ; Entrée : choisir le lieu, le groupe de lieux ou le canton sous la mire au centre.';
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  status.dataset.testid = 'map-status';
  container.append(help, status);
  canvas.setAttribute('aria-describedby', help.id);
  return {
    announce(text) {
      status.textContent = text;
    },
    remove() {
      canvas.removeAttribute('aria-describedby');
      help.remove();
      status.remove();
    },
  };
}

/** Wires clicks and Enter (selection, cluster expansion) and hover (cursor and hover state) to the store. Returns an unbinder. */
export function bindMapEvents(map: MapLibreMap, store: AppStore): () => void {
  let hovered: { source: string; sourceLayer?: string; id: string | number } | null = null;
  const help = keyboardHelp(map);

  const setHover = (next: typeof hovered, pointer: boolean) => {
    map.getCanvas().style.cursor = pointer ? 'pointer' : '';
    if (hovered && next && hovered.source === next.source && hovered.id === next.id) return;
    if (hovered && map.getSource(hovered.source)) map.setFeatureState(hovered, { hover: false });
    hovered = next;
    if (hovered) map.setFeatureState(hovered, { hover: true });
  };

  /** Acts on the feature picked: expands a cluster, selects anything else, clears the selection on nothing. */
  const act = (f: MapGeoJSONFeature | undefined): string => {
    if (f && isClusterStyleLayer(f.layer.id)) {
      const n = expandCluster(map, f);
      return `Groupe de ${formatCount(n)} lieux : zoom avant pour les séparer.`;
    }
    if (!f || f.id === undefined) {
      store.getState().clearSelection();
      return 'Aucun lieu ni canton sous la mire. Déplacez la carte avec les flèches.';
    }
    store.getState().select({ layer: dataLayerOf(f.layer.id), id: String(f.id) });
    const name = f.properties?.name;
    return typeof name === 'string' && name.trim() ? `Sélectionné : ${name}.` : 'Élément sélectionné.';
  };

  const onClick = (e: MapMouseEvent) => {
    // handled by the planner's tools (src/map/planner/planner-interactions.ts)
    if (e.defaultPrevented) return;
    act(pickFeature(map, e.point));
  };

  const onMove = (e: MapMouseEvent) => {
    const f = pickFeature(map, e.point);
    if (!f) return setHover(null, false);
    if (isClusterStyleLayer(f.layer.id) || f.id === undefined) return setHover(null, isClusterStyleLayer(f.layer.id));
    setHover({ source: sourceIdOf(dataLayerOf(f.layer.id)), sourceLayer: f.sourceLayer, id: f.id }, true);
  };

  const onLeave = () => setHover(null, false);

  const canvas = map.getCanvas();
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.key !== 'Enter' && e.key !== ' ') || e.target !== canvas || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const centre = { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 };
    help.announce(act(pickFeature(map, centre, KEYBOARD_TOLERANCE_PX)));
  };

  map.on('click', onClick);
  map.on('mousemove', onMove);
  map.on('mouseout', onLeave);
  canvas.addEventListener('keydown', onKeyDown);
  return () => {
    map.off('click', onClick);
    map.off('mousemove', onMove);
    map.off('mouseout', onLeave);
    canvas.removeEventListener('keydown', onKeyDown);
    help.remove();
  };
}
