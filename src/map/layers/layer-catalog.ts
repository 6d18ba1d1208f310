import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification, LineLayerSpecification } from 'maplibre-gl';
import type { LayerData, LayerManifest } from '../../data/bundle/bundle-types.ts';
import { LAYERS, dataLayerIdOf, isImportedLayerId, layerDef, legendFor } from '../../layers/layer-registry.ts';
import type { LayerStyle, LayerZRanks } from '../../layers/layer-types.ts';
import { areaFillLayer } from './area-fill.layer.ts';
import { OUTLINED_FILL } from './gl-programs.ts';
import { areaOutlineLayer, type AreaOutlineStyle } from './area-outline.layer.ts';
import { choroplethLayers } from './choropleth.layer.ts';
import { clusterLayers, clusterSourceOptions, UNCLUSTERED_POINT } from './cluster.layer.ts';
import { IS_HOVERED, IS_SELECTED } from './expressions.ts';
import { areaLabelLayer } from './label.layer.ts';
import { FIND_LAYERS } from './find-results.layer.ts';
import { franceServicesLayer } from './france-services.layer.ts';
import { populationGridLayer } from './population-grid.layer.ts';
import { servicePointsLayer } from './service-points.layer.ts';
import { CONTEXT_SOURCE, LABEL_SOURCE, groupFilter, isContextLayer, withGroupFilter } from './source-groups.ts';
import { AREA_TILING } from './tiling.ts';

/** Suffixes of the style layers drawn for one data layer, by their role in the registry's z-ranks. */
const SUFFIX: Record<Exclude<keyof LayerZRanks, 'cluster'>, string> = {
  main: '',
  fill: '--fill',
  line: '--line',
  hit: '--hit',
  label: '--label',
};
const LINE = SUFFIX.line;
const FILL = SUFFIX.fill;
const LABEL = SUFFIX.label;
const HIT = SUFFIX.hit;

/** Dense point layers whose sources are clustered. */
export function isClusteredLayer(layerId: string): boolean {
  return layerDef(layerId)?.style.kind === 'clustered-points';
}

/** Ranks of the style layers the map adds itself (bands: src/layers/layer-types.ts, LayerZRanks). */
const MAP_Z: Record<string, number> = {
  'basemap--raster': 0,
  'cantons--coverage': 210,
  'cantons--coverage-line': 250,
  // the planner's sites (src/map/planner/planner-sites.layer.ts): above the France Services, under the names
  'planner--path': 462,
  'planner--removed': 463,
  'planner--removed-cross': 464,
  'planner--hypothetical': 465,
  'planner--hypothetical-dot': 466,
  'planner--suggestion': 470,
  'planner--suggestion-rank': 471,
  'planner--pick': 472,
};
/** Imported layers and layers this version does not know: above the outlines, under the known sites. */
const OTHER_Z = 300;
/** "Trouver un service": the searched place and the result rings, above everything. */
const FIND_Z = 600;

/** Stacking rank of every style layer of the registry's layers and of the map's own. */
const Z_RANKS: ReadonlyMap<string, number> = new Map([
  ...Object.entries(MAP_Z),
  ...LAYERS.flatMap((l) =>
    Object.entries(l.zRank).flatMap(([role, rank]): [string, number][] =>
      role === 'cluster'
        ? [
            [`${l.id}--cluster`, rank],
            [`${l.id}--cluster-count`, rank + 1],
          ]
        : [[`${l.id}${SUFFIX[role as keyof typeof SUFFIX]}`, rank]],
    ),
  ),
  ...FIND_LAYERS.map((id, i): [string, number] => [id, FIND_Z + i]),
]);

/** Rank of a style layer in the stacking order (higher draws above). */
export function zIndexOf(styleLayerId: string): number {
  const z = Z_RANKS.get(styleLayerId);
  if (z !== undefined) return z;
  return OTHER_Z + (styleLayerId.endsWith(LINE) || styleLayerId.endsWith(FILL) ? 0 : 0.5);
}

/** Source id of a data layer: its own, or the shared context source (./source-groups.ts). */
export function sourceIdOf(layerId: string): string {
  return isContextLayer(layerId) ? CONTEXT_SOURCE : `maillage-${layerId}`;
}

const POLYGONS: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];

/** The style layers of one style kind of the registry (src/layers/layer-types.ts, LayerStyle). */
function styleLayersOfKind(layerId: string, src: string, colour: string, style: LayerStyle): LayerSpecification[] {
  switch (style.kind) {
    case 'france-services':
      return [franceServicesLayer(layerId, src, { colour, radius: style.radius })];
    case 'points':
      return [
        servicePointsLayer(layerId, src, {
          colour,
          radius: style.radius,
          opacity: style.opacity,
          strokeColour: style.strokeColour,
          strokeWidth: style.strokeWidth,
        }),
      ];
    case 'clustered-points':
      return [
        {
          ...servicePointsLayer(layerId, src, { colour, radius: style.radius, strokeWidth: style.strokeWidth }),
          filter: UNCLUSTERED_POINT,
        } as LayerSpecification,
        ...clusterLayers(layerId, src, colour),
      ];
    case 'population-grid':
      return [populationGridLayer(layerId, src)];
    case 'choropleth':
      return choroplethLayers(layerId, src, {
        opacity: style.opacity,
        lineColour: style.lineColour,
        filter: style.filter as ExpressionSpecification | undefined,
        sortKey: style.sortKey as ExpressionSpecification | undefined,
      });
    case 'areas': {
      const specs: LayerSpecification[] = [];
      if (style.fill)
        specs.push(
          areaFillLayer(`${layerId}${FILL}`, src, {
            colour: style.fill.colour ?? colour,
            opacity: style.fill.opacity,
            outlined: style.outline !== undefined,
          }),
        );
      if (style.outline) specs.push(areaOutlineLayer(`${layerId}${LINE}`, src, outlineStyle(style.outline, colour)));
      const filter = style.filter as ExpressionSpecification | undefined;
      return filter ? specs.map((s) => ({ ...s, filter: ['all', POLYGONS, filter] }) as LayerSpecification) : specs;
    }
    case 'context-lines': {
      const { filter: _polygonsOnly, ...lines } = areaOutlineLayer(
        `${layerId}${LINE}`,
        src,
        outlineStyle(style.outline, colour),
      ) as LineLayerSpecification;
      return [lines as LayerSpecification];
    }
    case 'selectable-areas':
      return [
        selectableAreasHitLayer(layerId, src, colour),
        selectableAreasOutlineLayer(layerId, src, outlineStyle(style.outline, colour)),
      ];
  }
}

function outlineStyle(o: { colour?: string; width: number; opacity?: number; dash?: readonly number[] }, colour: string): AreaOutlineStyle {
  return {
    colour: o.colour ?? colour,
    width: o.width,
    ...(o.opacity !== undefined ? { opacity: o.opacity } : {}),
    ...(o.dash ? { dash: [...o.dash] } : {}),
  };
}

/**
 * Style layers of a layer, as plain specifications (visibility set by the caller), from its
 * registry entry's style. A derived layer (rural communes, illectronisme) draws on its base
 * layer's source.
 */
export function styleLayersFor(layerId: string): LayerSpecification[] {
  const src = sourceIdOf(dataLayerIdOf(layerId));
  const colour = legendFor(layerId).colour;
  const def = layerDef(layerId);
  if (def) {
    const own = styleLayersOfKind(layerId, src, colour, def.style);
    const specs = isContextLayer(layerId)
      ? own.map((s) => ({ ...s, filter: withGroupFilter(layerId, (s as { filter?: unknown }).filter) }) as LayerSpecification)
      : own;
    return def.minzoom === undefined ? specs : specs.map((s) => ({ ...s, minzoom: Math.max(def.minzoom ?? 0, s.minzoom ?? 0) }));
  }
  // An imported layer (its own colour, white ring) or one this version does not know (grey): points as discs, areas as outlines.
  return [
    servicePointsLayer(
      layerId,
      src,
      isImportedLayerId(layerId) ? { colour, radius: 4.5, strokeColour: '#ffffff', strokeWidth: 1.2 } : { colour, radius: 3.5 },
    ),
    areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 1 }),
  ];
}

/** Style layers drawn for looks only: never picked by a click or a hover. */
const DECORATION = /--(fill|line|label|cluster-count|coverage-line|raster)$/;

/**
 * Style layers that react to a click (their features can be selected or expanded): sites,
 * clusters (zoom in), cantons (their invisible hit fill, or the planner's choropleth).
 */
export function isClickableStyleLayer(styleLayerId: string): boolean {
  // the planner's sites answer the planner's own handlers (src/map/planner/planner-interactions.ts)
  return styleLayerId !== 'population-grid' && !DECORATION.test(styleLayerId) && !styleLayerId.startsWith('planner--');
}

/** True for the cluster discs of a clustered layer (a click zooms in). */
export function isClusterStyleLayer(styleLayerId: string): boolean {
  return styleLayerId.endsWith('--cluster');
}

/** Data layer id of a style layer id. */
export function dataLayerOf(styleLayerId: string): string {
  return styleLayerId.replace(/--(fill|line|coverage|coverage-line|hit|cluster|cluster-count|label)$/, '');
}

/** Selectable areas (cantons): a transparent fill to click and hover (tinted when hovered or selected). */
function selectableAreasHitLayer(layerId: string, sourceId: string, colour: string): LayerSpecification {
  return {
    id: `${layerId}${HIT}`,
    type: 'fill',
    source: sourceId,
    filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
    paint: {
      'fill-color': colour,
      'fill-opacity': ['case', IS_SELECTED, 0.16, IS_HOVERED, 0.08, 0],
      ...OUTLINED_FILL,
    },
  };
}

/** Selectable areas' boundaries, dashed; the hovered or selected area drawn solid and thicker. */
function selectableAreasOutlineLayer(layerId: string, sourceId: string, style: AreaOutlineStyle): LayerSpecification {
  const base = areaOutlineLayer(`${layerId}${LINE}`, sourceId, style);
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

/** The label layer of a data layer (drawn from the shared label source), or null if its areas are not named on the map. */
export function labelLayerFor(layerId: string): LayerSpecification | null {
  const style = layerDef(layerId)?.labels;
  if (!style) return null;
  return { ...areaLabelLayer(`${layerId}${LABEL}`, LABEL_SOURCE, style), filter: groupFilter(layerId) } as LayerSpecification;
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

/** Style kinds that draw areas (the population grid's squares excepted: see `AREA_TILING`). */
const AREA_KINDS: ReadonlySet<LayerStyle['kind']> = new Set(['choropleth', 'areas', 'selectable-areas', 'context-lines']);

/** Whether a layer's source gets `AREA_TILING`: its style draws areas (an imported layer's: its first geometry is not a point). */
export function isAreaTiled(layerId: string, data: LayerData): boolean {
  const kind = layerDef(layerId)?.style.kind;
  if (kind !== undefined) return AREA_KINDS.has(kind);
  const type = data.features.find((f) => f.geometry)?.geometry?.type;
  return type !== undefined && type !== 'Point' && type !== 'MultiPoint';
}

/** GeoJSON source specification of a data layer (clustered for dense point layers, `AREA_TILING` for areas). */
export function sourceFor(data: LayerData, layer: LayerManifest | undefined, layerId = layer?.id ?? ''): GeoJSONSourceSpecification {
  const attribution = attributionOf(layer);
  return {
    type: 'geojson',
    data: data as GeoJSONSourceSpecification['data'],
    promoteId: promoteIdFor(data),
    ...(isClusteredLayer(layerId) ? clusterSourceOptions() : {}),
    ...(isAreaTiled(layerId, data) ? AREA_TILING : {}),
    ...(attribution ? { attribution } : {}),
  };
}
