import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { dataLayerIdOf, legendFor, type LayerData, type LayerManifest } from '../../state/store.ts';
import { areaFillLayer } from './area-fill.layer.ts';
import { areaOutlineLayer } from './area-outline.layer.ts';
import { choroplethLayers } from './choropleth.layer.ts';
import { clusterLayers, clusterSourceOptions, UNCLUSTERED_POINT } from './cluster.layer.ts';
import { IS_HOVERED, IS_SELECTED } from './expressions.ts';
import { areaLabelLayer } from './label.layer.ts';
import { FIND_LAYERS } from './find-results.layer.ts';
import { franceServicesLayer } from './france-services.layer.ts';
import { populationGridLayer } from './population-grid.layer.ts';
import { servicePointsLayer } from './service-points.layer.ts';

/** Suffixes of the style layers drawn for one data layer. */
const FILL = '--fill';
const LINE = '--line';
const LABEL = '--label';
/** An invisible fill that makes areas clickable (cantons outside the planner view). */
const HIT = '--hit';

/** Dense point layers whose sources are clustered. */
export function isClusteredLayer(layerId: string): boolean {
  return legendFor(layerId).clustered === true;
}

/**
 * Stacking order of style layers, bottom to top. Style layers of unknown data
 * layers sit between the administrative boundaries and the point sites.
 */
const Z_ORDER: readonly string[] = [
  'basemap--raster',
  `departement${FILL}`,
  `priority-zones${FILL}`,
  `illectronisme${FILL}`,
  `illectronisme${LINE}`,
  `health-mediators${FILL}`,
  `health-mediators${LINE}`,
  `rural-communes${FILL}`,
  'population-grid',
  `priority-zones${LINE}`,
  `cantons${HIT}`,
  'cantons--coverage',
  `communes${LINE}`,
  `epci${LINE}`,
  `cantons${LINE}`,
  'cantons--coverage-line',
  `arrondissements${LINE}`,
  `departement${LINE}`,
  '*',
  'qpv',
  'digital-inclusion',
  'digital-inclusion--cluster',
  'digital-inclusion--cluster-count',
  'first-reception',
  'first-reception--cluster',
  'first-reception--cluster-count',
  'msap',
  'msp',
  'france-services-nearby',
  'france-services',
  // names above the sites, so that points never hide them (their halo keeps the sites readable)
  `communes${LABEL}`,
  `cantons${LABEL}`,
  `epci${LABEL}`,
  `arrondissements${LABEL}`,
  // "Trouver un service": the searched place and the result rings, above everything
  ...FIND_LAYERS,
];

/** Rank of a style layer in the stacking order (higher draws above). */
export function zIndexOf(styleLayerId: string): number {
  const i = Z_ORDER.indexOf(styleLayerId);
  if (i >= 0) return i;
  return Z_ORDER.indexOf('*') + (styleLayerId.endsWith(LINE) || styleLayerId.endsWith(FILL) ? 0 : 0.5);
}

/** Source id of a data layer. */
export function sourceIdOf(layerId: string): string {
  return `maillage-${layerId}`;
}

/**
 * Style layers of a layer, as plain specifications (visibility set by the caller). A derived
 * layer (rural communes, illectronisme) draws on its base layer's source.
 */
export function styleLayersFor(layerId: string): LayerSpecification[] {
  const src = sourceIdOf(dataLayerIdOf(layerId));
  const colour = legendFor(layerId).colour;
  switch (layerId) {
    case 'france-services':
      return [franceServicesLayer(layerId, src, { colour, radius: 6.5 })];
    case 'france-services-nearby':
      return [servicePointsLayer(layerId, src, { colour, radius: 3.8, opacity: 0.8, strokeColour: '#8a3a00', strokeWidth: 0.8 })];
    case 'msap':
      return [servicePointsLayer(layerId, src, { colour, radius: 5 })];
    case 'msp':
      return [servicePointsLayer(layerId, src, { colour, radius: 5 })];
    case 'first-reception':
    case 'digital-inclusion':
      return [
        { ...servicePointsLayer(layerId, src, { colour, radius: 3.6, strokeWidth: 1 }), filter: UNCLUSTERED_POINT } as LayerSpecification,
        ...clusterLayers(layerId, src, colour),
      ];
    case 'qpv':
      return [servicePointsLayer(layerId, src, { colour, radius: 4.5, strokeColour: '#000000', strokeWidth: 1.2 })];
    case 'population-grid':
      return [populationGridLayer(layerId, src)];
    case 'health-mediators':
      // communes drawn above the EPCI that hold them
      return choroplethLayers(layerId, src, {
        opacity: 0.75,
        lineColour: '#023858',
        sortKey: ['case', ['==', ['get', 'territory_type'], 'commune'], 1, 0],
      });
    case 'rural-communes':
      return [
        { ...areaFillLayer(`${layerId}${FILL}`, src, { colour, opacity: 0.45 }), filter: ['all', POLYGONS, RURAL] } as LayerSpecification,
      ];
    case 'illectronisme':
      return choroplethLayers(layerId, src, { opacity: 0.75, lineColour: '#3f007d', filter: ['has', 'illectronisme_rate_pct'] });
    case 'priority-zones':
      return [
        areaFillLayer(`${layerId}${FILL}`, src, { colour, opacity: 0.16 }),
        areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 2.5 }),
      ];
    case 'departement':
      return [
        areaFillLayer(`${layerId}${FILL}`, src, { colour: '#ffffff', opacity: 0.85 }),
        areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 2 }),
      ];
    case 'arrondissements':
      return [areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 1.4, opacity: 0.8 })];
    case 'cantons':
      return [cantonsHitLayer(layerId, src, colour), cantonsOutlineLayer(layerId, src, colour)];
    case 'epci':
      return [areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 1.6 })];
    case 'communes':
      return [areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 0.5, opacity: 0.9 })];
    default:
      // An imported layer (its own colour, white ring) or one this version does not know (grey): points as discs, areas as outlines.
      return [
        servicePointsLayer(
          layerId,
          src,
          layerId.startsWith('import-') ? { colour, radius: 4.5, strokeColour: '#ffffff', strokeWidth: 1.2 } : { colour, radius: 3.5 },
        ),
        areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 1 }),
      ];
  }
}

/** Style layers drawn for looks only: never picked by a click or a hover. */
const DECORATION = /--(fill|line|label|cluster-count|coverage-line|raster)$/;

/**
 * Style layers that react to a click (their features can be selected or expanded): sites,
 * clusters (zoom in), cantons (their invisible hit fill, or the planner's choropleth).
 */
export function isClickableStyleLayer(styleLayerId: string): boolean {
  return styleLayerId !== 'population-grid' && !DECORATION.test(styleLayerId);
}

/** True for the cluster discs of a clustered layer (a click zooms in). */
export function isClusterStyleLayer(styleLayerId: string): boolean {
  return styleLayerId.endsWith('--cluster');
}

/** Data layer id of a style layer id. */
export function dataLayerOf(styleLayerId: string): string {
  return styleLayerId.replace(/--(fill|line|coverage|coverage-line|hit|cluster|cluster-count|label)$/, '');
}

const RURAL: ExpressionSpecification = ['==', ['get', 'rural'], true];
const POLYGONS: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];

/** Cantons: a transparent fill to click and hover (tinted when hovered or selected). */
function cantonsHitLayer(layerId: string, sourceId: string, colour: string): LayerSpecification {
  return {
    id: `${layerId}${HIT}`,
    type: 'fill',
    source: sourceId,
    filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
    paint: {
      'fill-color': colour,
      'fill-opacity': ['case', IS_SELECTED, 0.16, IS_HOVERED, 0.08, 0],
    },
  };
}

/** Canton boundaries, dashed; the hovered or selected canton drawn solid and thicker. */
function cantonsOutlineLayer(layerId: string, sourceId: string, colour: string): LayerSpecification {
  const base = areaOutlineLayer(`${layerId}${LINE}`, sourceId, { colour, width: 1, dash: [3, 2] });
  return {
    ...base,
    paint: {
      ...(base as { paint: Record<string, unknown> }).paint,
      'line-width': [
        'interpolate',
        ['linear'],
        ['zoom'],
        6,
        ['case', IS_SELECTED, 3, IS_HOVERED, 2, 0.6],
        13,
        ['case', IS_SELECTED, 4.5, IS_HOVERED, 3, 1.6],
      ],
    },
  } as LayerSpecification;
}

/** Areas whose names are written on the map, with the zooms they show at. */
const AREA_LABELS: Record<string, Parameters<typeof areaLabelLayer>[2]> = {
  arrondissements: { minzoom: 6, maxzoom: 9.5, size: [11, 14], colour: '#333333', bold: true, uppercase: true },
  epci: { minzoom: 8, maxzoom: 11, size: [11, 14], colour: '#7a2e5c', bold: true },
  cantons: { minzoom: 8.5, maxzoom: 11.5, size: [11, 14], colour: '#08306b' },
  communes: { minzoom: 10, size: [11, 15], colour: '#1a1a1a' },
};

/** Source id of the label points of a data layer. */
export function labelSourceIdOf(layerId: string): string {
  return `${sourceIdOf(layerId)}${LABEL}`;
}

/** The label layer of a data layer, or null if its areas are not named on the map. */
export function labelLayerFor(layerId: string): LayerSpecification | null {
  const style = AREA_LABELS[layerId];
  return style ? areaLabelLayer(`${layerId}${LABEL}`, labelSourceIdOf(layerId), style) : null;
}

/** The property used as feature id: `id` for sites and zones, `code` for administrative areas. */
export function promoteIdFor(data: LayerData): string {
  const first = data.features.find((f) => f.properties);
  // an empty layer (or one filtered down to nothing) is a point layer: sites and zones carry `id`
  if (!first?.properties) return 'id';
  return 'id' in first.properties ? 'id' : 'code';
}

/** Attribution text of a layer: each distinct `attribution` of its sources. */
export function attributionOf(layer: LayerManifest | undefined): string | undefined {
  if (!layer) return undefined;
  const parts = [...new Set(layer.sources.map((s) => s.attribution).filter((a) => a && a.trim() !== ''))];
  return parts.length ? parts.join(' ; ') : undefined;
}

/** GeoJSON source specification of a data layer (clustered for dense point layers). */
export function sourceFor(data: LayerData, layer: LayerManifest | undefined, layerId = layer?.id ?? ''): GeoJSONSourceSpecification {
  const attribution = attributionOf(layer);
  return {
    type: 'geojson',
    data: data as GeoJSONSourceSpecification['data'],
    promoteId: promoteIdFor(data),
    ...(isClusteredLayer(layerId) ? clusterSourceOptions() : {}),
    ...(attribution ? { attribution } : {}),
  };
}
