import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { legendFor, type LayerData, type LayerManifest } from '../../state/store.ts';
import { areaFillLayer } from './area-fill.layer.ts';
import { areaOutlineLayer } from './area-outline.layer.ts';
import { franceServicesLayer } from './france-services.layer.ts';
import { populationGridLayer } from './population-grid.layer.ts';
import { servicePointsLayer } from './service-points.layer.ts';

/** Suffixes of the style layers drawn for one data layer. */
const FILL = '--fill';
const LINE = '--line';

/**
 * Stacking order of style layers, bottom to top. Style layers of unknown data
 * layers sit between the administrative boundaries and the point sites.
 */
const Z_ORDER: readonly string[] = [
  `departement${FILL}`,
  'population-grid',
  `health-mediators${FILL}`,
  `health-mediators${LINE}`,
  `priority-zones${FILL}`,
  `priority-zones${LINE}`,
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
  'first-reception',
  'msap',
  'msp',
  'france-services-nearby',
  'france-services',
];

/** Rank of a style layer in the stacking order (higher draws above). */
export function zIndexOf(styleLayerId: string): number {
  // overlays of "Trouver un service" (searched place, results) stay above every data layer
  if (styleLayerId.startsWith('find-')) return Z_ORDER.length;
  const i = Z_ORDER.indexOf(styleLayerId);
  if (i >= 0) return i;
  return Z_ORDER.indexOf('*') + (styleLayerId.endsWith(LINE) || styleLayerId.endsWith(FILL) ? 0 : 0.5);
}

/** Source id of a data layer. */
export function sourceIdOf(layerId: string): string {
  return `maillage-${layerId}`;
}

/** Style layers of a data layer, as plain specifications (visibility set by the caller). */
export function styleLayersFor(layerId: string): LayerSpecification[] {
  const src = sourceIdOf(layerId);
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
      return [servicePointsLayer(layerId, src, { colour, radius: 3.2, strokeWidth: 0.75 })];
    case 'qpv':
      return [servicePointsLayer(layerId, src, { colour, radius: 4.5, strokeColour: '#000000', strokeWidth: 1.2 })];
    case 'population-grid':
      return [populationGridLayer(layerId, src)];
    case 'health-mediators':
      return [
        areaFillLayer(`${layerId}${FILL}`, src, { colour, opacity: 0.25 }),
        areaOutlineLayer(`${layerId}${LINE}`, src, { colour: '#1f6f99', width: 1.2 }),
      ];
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
      return [areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 1, dash: [3, 2] })];
    case 'epci':
      return [areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 1.6 })];
    case 'communes':
      return [areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 0.5, opacity: 0.9 })];
    default:
      // A layer this version does not know: points as grey discs, areas as grey outlines.
      return [
        servicePointsLayer(layerId, src, { colour, radius: 3.5 }),
        areaOutlineLayer(`${layerId}${LINE}`, src, { colour, width: 1 }),
      ];
  }
}

/** Style layers that react to a click (their features can be selected): sites, and cantons in the planner's choropleth. */
export function isClickableStyleLayer(styleLayerId: string): boolean {
  if (styleLayerId === 'cantons--coverage') return true;
  return !styleLayerId.endsWith(LINE) && !styleLayerId.endsWith(FILL) && styleLayerId !== 'population-grid' && styleLayerId !== 'cantons--coverage-line';
}

/** Data layer id of a style layer id. */
export function dataLayerOf(styleLayerId: string): string {
  return styleLayerId.replace(/--(fill|line|coverage|coverage-line)$/, '');
}

/** The property used as feature id: `id` for sites and zones, `code` for administrative areas. */
export function promoteIdFor(data: LayerData): string {
  const first = data.features.find((f) => f.properties);
  return first && first.properties && 'id' in first.properties ? 'id' : 'code';
}

/** Attribution text of a layer: each distinct `attribution` of its sources. */
export function attributionOf(layer: LayerManifest | undefined): string | undefined {
  if (!layer) return undefined;
  const parts = [...new Set(layer.sources.map((s) => s.attribution).filter((a) => a && a.trim() !== ''))];
  return parts.length ? parts.join(' ; ') : undefined;
}

/** GeoJSON source specification of a data layer. */
export function sourceFor(data: LayerData, layer: LayerManifest | undefined): GeoJSONSourceSpecification {
  const attribution = attributionOf(layer);
  return {
    type: 'geojson',
    data: data as GeoJSONSourceSpecification['data'],
    promoteId: promoteIdFor(data),
    ...(attribution ? { attribution } : {}),
  };
}
