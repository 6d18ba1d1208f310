/**
 * The layers drawn together share MapLibre's GL programs (src/map/layers/gl-programs.ts): each
 * layer type drawn with one set of per-feature paint properties, as MapLibre classifies them
 * (its style specification's own `createPropertyExpression`, which decides attribute or uniform).
 */
import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { LAYERS, isDefaultVisible } from '../../src/layers/layer-registry.ts';
import { coverageLayers } from '../../src/map/layers/coverage.layer.ts';
import { perFeature, perFeatureAndZoom } from '../../src/map/layers/gl-programs.ts';
import { tiledStyleLayers } from '../../src/map/imported-source.ts';
import { dataLayerOf, labelLayerFor, styleLayersFor } from '../../src/map/layers/layer-catalog.ts';

type Spec = { id: string; type: string; paint?: Record<string, unknown>; filter?: unknown };
const specsOf = (id: string) => [...styleLayersFor(id), ...[labelLayerFor(id)].filter((s) => s !== null)] as unknown as Spec[];

/** What decides a layer's GL program: its type, which paint properties are per feature, and for fills the antialiased edge. */
function programOf(spec: Spec): string {
  const props = (latest as unknown as Record<string, Record<string, { 'property-type'?: string }>>)[`paint_${spec.type}`] ?? {};
  // MapLibre's program key tells a value per feature from one per feature and zoom (`a_` and `z_`)
  const perFeatureProps = Object.entries(props)
    .filter(([name, p]) => p['property-type'] === 'data-driven' && spec.paint?.[name] !== undefined)
    .flatMap(([name, p]) => {
      const parsed = expression.createPropertyExpression(spec.paint?.[name], 'paint', p as never);
      if (parsed.result !== 'success') throw new Error(`${spec.id}: ${name} does not parse`);
      if (parsed.value.kind === 'composite') return [`${name} by zoom`];
      return parsed.value.kind === 'source' ? [name] : [];
    });
  const edge = spec.type === 'fill' && spec.paint?.['fill-antialias'] !== false ? ' +antialiased edge' : '';
  return `${spec.type}: ${perFeatureProps.join(', ') || '(none)'}${edge}`;
}

const DEFAULT_LAYERS = LAYERS.filter((l) => isDefaultVisible(l.id)).map((l) => l.id);

describe('GL programs', () => {
  it('perFeature makes a value per feature (an attribute) in MapLibre’s own reading', () => {
    const spec = latest.paint_circle['circle-color'] as never;
    expect(expression.createPropertyExpression(perFeature('#123456'), 'paint', spec).value).toMatchObject({ kind: 'source' });
    expect(expression.createPropertyExpression('#123456', 'paint', spec).value).toMatchObject({ kind: 'constant' });
    const radius = latest.paint_circle['circle-radius'] as never;
    expect(expression.createPropertyExpression(perFeatureAndZoom(['get', 'n']), 'paint', radius).value).toMatchObject({
      kind: 'composite',
    });
  });

  it('the default layers draw with one program per layer type', () => {
    expect(DEFAULT_LAYERS.length).toBeGreaterThan(4);
    const byType = new Map<string, Set<string>>();
    for (const spec of DEFAULT_LAYERS.flatMap(specsOf)) {
      const programs = byType.get(spec.type) ?? new Set<string>();
      programs.add(programOf(spec));
      byType.set(spec.type, programs);
    }
    expect([...byType.keys()].sort()).toEqual(['circle', 'fill', 'line', 'symbol']);
    for (const [type, programs] of byType) expect([...programs], type).toHaveLength(1);
  });

  it('every point layer and every cluster layer shares the France Services program', () => {
    const points = LAYERS.flatMap((l) => specsOf(l.id)).filter((s) => s.type === 'circle' && s.id !== 'population-grid');
    expect(points.map((s) => s.id)).toContain('france-services');
    expect(points.map((s) => s.id)).toContain('qpv');
    expect(points.map((s) => s.id)).toContain('digital-inclusion--cluster');
    const franceServices = programOf(points.find((s) => s.id === 'france-services') as Spec);
    expect(franceServices).toContain('circle-radius by zoom');
    for (const spec of points) expect(programOf(spec), spec.id).toBe(franceServices);
    // an imported layer too, its single points and the clusters its worker cuts
    expect(programOf(specsOf('import-fictif')[0])).toBe(franceServices);
    const tiled = tiledStyleLayers(styleLayersFor('import-fictif'), 'import-fictif', 'maillage-import-fictif') as unknown as Spec[];
    const discs = tiled.filter((s) => s.type === 'circle');
    expect(discs.map((s) => s.id)).toEqual(['import-fictif', 'import-fictif--cluster']);
    for (const spec of discs) expect(programOf(spec), spec.id).toBe(franceServices);
  });

  it('a fill whose edges an outline draws skips its own antialiased edge; a fill alone keeps it', () => {
    const all = [...LAYERS.flatMap((l) => specsOf(l.id)), ...(coverageLayers('maillage-cantons') as unknown as Spec[])];
    const fills = all.filter((s) => s.type === 'fill');
    expect(fills.length).toBeGreaterThan(3);
    for (const fill of fills) {
      const outlined = all.some((s) => s.type === 'line' && dataLayerOf(s.id) === dataLayerOf(fill.id));
      expect(programOf(fill).endsWith('+antialiased edge'), fill.id).toBe(!outlined);
    }
    expect(fills.map((s) => s.id)).toContain('rural-communes--fill'); // drawn without an outline
  });
});
