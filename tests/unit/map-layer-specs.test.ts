/**
 * The map's layer specifications are plain data (src/map/layers): clusters, labels,
 * choropleths, derived layers, stacking order, click targets, the offline style and the basemap.
 */
import { describe, expect, it } from 'vitest';
import { baseStyle } from '../../src/map/base-style.ts';
import { basemapSource } from '../../src/map/basemap.ts';
import {
  dataLayerOf,
  isClickableStyleLayer,
  isClusterStyleLayer,
  isAreaTiled,
  labelLayerFor,
  sourceFor,
  styleLayersFor,
  zIndexOf,
} from '../../src/map/layers/layer-catalog.ts';
import { groupSourceFor } from '../../src/map/layers/source-groups.ts';
import { AREA_TILING } from '../../src/map/layers/tiling.ts';
import { labelPointsFor } from '../../src/map/sync-layer-extras.ts';
import type { LayerData } from '../../src/state/app-state.ts';

const POINTS: LayerData = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [3, 50] }, properties: { id: 'x' } }],
};

type Spec = {
  id: string;
  type: string;
  source?: string;
  filter?: unknown;
  minzoom?: number;
  maxzoom?: number;
  layout?: Record<string, unknown>;
  paint?: Record<string, unknown>;
};
const specsOf = (id: string) => styleLayersFor(id) as unknown as Spec[];

describe('clustered point layers', () => {
  it('cluster the digital-inclusion and first-reception sources only', () => {
    expect(sourceFor(POINTS, undefined, 'digital-inclusion')).toMatchObject({ cluster: true, promoteId: 'id' });
    expect(sourceFor(POINTS, undefined, 'first-reception')).toMatchObject({ cluster: true });
    expect(sourceFor(POINTS, undefined, 'france-services')).not.toHaveProperty('cluster');
  });

  it('draw single points, cluster discs and their counts, each from the right features', () => {
    const specs = specsOf('digital-inclusion');
    expect(specs.map((s) => s.id)).toEqual(['digital-inclusion', 'digital-inclusion--cluster', 'digital-inclusion--cluster-count']);
    expect(JSON.stringify(specs[0].filter)).toContain('["!",["has","point_count"]]');
    expect(specs[1].filter).toEqual(['has', 'point_count']);
    expect(specs[2].layout?.['text-field']).toEqual(['number-format', ['get', 'point_count'], { locale: 'fr-FR' }]);
    expect(isClusterStyleLayer('digital-inclusion--cluster')).toBe(true);
    expect(isClickableStyleLayer('digital-inclusion--cluster')).toBe(true);
    expect(isClickableStyleLayer('digital-inclusion--cluster-count')).toBe(false);
    expect(dataLayerOf('first-reception--cluster')).toBe('first-reception');
  });
});

const AREAS: LayerData = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: null, properties: { code: '0' } },
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [3, 50],
            [3.1, 50],
            [3.1, 50.1],
            [3, 50],
          ],
        ],
      },
      properties: { code: '1' },
    },
  ],
} as LayerData;

describe('tiling of area sources', () => {
  it('cuts areas with a 1 px tolerance and a 32 px buffer; points and the population grid keep MapLibre defaults', () => {
    for (const id of ['cantons', 'arrondissements', 'communes', 'neighbours'])
      expect(sourceFor(AREAS, undefined, id), id).toMatchObject({ tolerance: 1, buffer: 32 });
    for (const id of ['france-services', 'digital-inclusion', 'population-grid']) {
      const spec = sourceFor(id === 'population-grid' ? AREAS : POINTS, undefined, id);
      expect(spec, id).not.toHaveProperty('tolerance');
      expect(spec, id).not.toHaveProperty('buffer');
    }
    expect(groupSourceFor({ type: 'FeatureCollection', features: [] })).toMatchObject(AREA_TILING);
  });

  it('decides an imported layer by its first geometry (a feature without one skipped)', () => {
    expect(isAreaTiled('import-other-a', AREAS)).toBe(true);
    expect(isAreaTiled('import-other-b', POINTS)).toBe(false);
    expect(isAreaTiled('import-other-c', { type: 'FeatureCollection', features: [] })).toBe(false);
    expect(sourceFor(AREAS, undefined, 'import-other-a')).toMatchObject(AREA_TILING);
  });
});

describe('labels', () => {
  it('name communes from zoom 10, arrondissements only at low zooms, from a string field (never HTML)', () => {
    const communes = labelLayerFor('communes') as unknown as Spec;
    // every layer's names share one source, each label layer keeping its own layer's points
    expect(communes).toMatchObject({ type: 'symbol', minzoom: 10, source: 'maillage-labels' });
    expect(communes.filter).toEqual(['==', ['get', 'maillage_layer'], 'communes']);
    expect(communes.layout?.['text-field']).toEqual(['to-string', ['get', 'name']]);
    expect(communes.paint?.['text-halo-width']).toBeGreaterThan(1);
    const arr = labelLayerFor('arrondissements') as unknown as Spec;
    expect(arr.maxzoom).toBeLessThanOrEqual(10);
    for (const id of ['cantons', 'epci']) {
      const s = labelLayerFor(id) as unknown as Spec;
      expect(s.minzoom).toBeGreaterThanOrEqual(7);
      expect(s.maxzoom).toBeLessThanOrEqual(12);
    }
    expect(labelLayerFor('france-services')).toBeNull();
  });

  it('are drawn above the sites, and the offline style has no glyphs URL (glyphs drawn locally)', () => {
    expect(zIndexOf('communes--label')).toBeGreaterThan(zIndexOf('france-services'));
    expect(zIndexOf('arrondissements--label')).toBeLessThan(zIndexOf('find-results--line'));
    expect(baseStyle()).not.toHaveProperty('glyphs');
  });

  it('are placed inside each area, the larger ranking first', () => {
    const points = labelPointsFor({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [2, 0],
                [2, 2],
                [0, 2],
                [0, 0],
              ],
            ],
          },
          properties: { code: '99001', name: 'Bourg', population: 120 },
        },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { code: '99002', name: 'Un point' } },
      ],
    });
    expect(points.features).toHaveLength(1);
    expect(points.features[0]).toMatchObject({ geometry: { coordinates: [1, 1] }, properties: { id: '99001', name: 'Bourg', rank: 120 } });
  });
});

describe('thematic layers', () => {
  it('colour the choropleths from feature state, so that a year change re-uploads no geometry', () => {
    for (const id of ['health-mediators', 'illectronisme']) {
      const fill = specsOf(id).find((s) => s.type === 'fill')!;
      expect(JSON.stringify(fill.paint?.['fill-color'])).toContain('["feature-state","fill"]');
    }
    expect(specsOf('illectronisme')[0].source).toBe('maillage-epci');
  });

  it('draw rural communes on the communes source, rural ones only', () => {
    const [fill] = specsOf('rural-communes');
    expect(fill.source).toBe('maillage-communes');
    expect(JSON.stringify(fill.filter)).toContain('["==",["get","rural"],true]');
  });

  it('stack choropleths above the priority territories’ tint but under their outline and the sites', () => {
    expect(zIndexOf('health-mediators--fill')).toBeGreaterThan(zIndexOf('priority-zones--fill'));
    expect(zIndexOf('illectronisme--fill')).toBeLessThan(zIndexOf('priority-zones--line'));
    expect(zIndexOf('rural-communes--fill')).toBeLessThan(zIndexOf('qpv'));
  });

  it('make cantons clickable through an invisible fill, and never the decoration layers', () => {
    const [hit] = specsOf('cantons');
    expect(hit.id).toBe('cantons--hit');
    expect(isClickableStyleLayer('cantons--hit')).toBe(true);
    expect(dataLayerOf('cantons--hit')).toBe('cantons');
    for (const id of ['cantons--line', 'communes--label', 'rural-communes--fill', 'basemap--raster', 'population-grid'])
      expect(isClickableStyleLayer(id)).toBe(false);
  });
});

describe('context layer (neighbouring départements, border, coastline)', () => {
  it('draws area outlines and lines alike, under every other layer but the basemap, with names under the others', () => {
    const [line] = specsOf('neighbours');
    // drawn from the shared context source, its own features only (no polygon-only filter: lines too)
    expect(line).toMatchObject({ id: 'neighbours--line', type: 'line', source: 'maillage-context' });
    expect(line.filter).toEqual(['==', ['get', 'maillage_layer'], 'neighbours']);
    expect(zIndexOf('neighbours--line')).toBeGreaterThan(zIndexOf('basemap--raster'));
    expect(zIndexOf('neighbours--line')).toBeLessThan(zIndexOf('departement--fill'));
    expect(labelLayerFor('neighbours')).toMatchObject({ id: 'neighbours--label', source: 'maillage-labels' });
    for (const other of ['communes--label', 'cantons--label', 'epci--label', 'arrondissements--label'])
      expect(zIndexOf('neighbours--label')).toBeLessThan(zIndexOf(other));
    expect(isClickableStyleLayer('neighbours--line')).toBe(false);
    expect(isClickableStyleLayer('neighbours--label')).toBe(false);
  });
});

describe('online basemap', () => {
  it('is the Plan IGN v2 WMTS of the Géoplateforme in Web Mercator tiles, credited to the IGN', () => {
    const s = basemapSource();
    expect(s.tiles?.[0]).toMatch(
      /^https:\/\/data\.geopf\.fr\/wmts\?.*LAYER=GEOGRAPHICALGRIDSYSTEMS\.PLANIGNV2.*TILEMATRIXSET=PM.*TILEMATRIX=\{z\}&TILEROW=\{y\}&TILECOL=\{x\}/,
    );
    expect(s.attribution).toMatch(/IGN/);
  });
});
