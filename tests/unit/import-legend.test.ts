/**
 * Imported layers each get a colour of their own (Paul Tol's muted palette, by a stable hash of
 * the layer id), the same in the legend, the Importer tab (both read legendFor) and on the map.
 */
import { describe, expect, it } from 'vitest';
import { perFeature } from '../../src/map/layers/gl-programs.ts';
import { styleLayersFor } from '../../src/map/layers/layer-catalog.ts';
import { legendFor } from '../../src/layers/layer-registry.ts';
import { IMPORTED_PALETTE, importedColourOf } from '../../src/layers/palettes.ts';

describe('colours of imported layers', () => {
  it('gives an imported layer a palette colour, always the same for the same id', () => {
    const legend = legendFor('import-msp-msp');
    expect(IMPORTED_PALETTE).toContain(legend.colour);
    expect(legendFor('import-msp-msp').colour).toBe(legend.colour);
    expect(importedColourOf('import-msp-msp')).toBe(legend.colour);
    expect(legend).toMatchObject({ id: 'import-msp-msp', group: 'services', symbol: 'point' });
  });

  it('tells two imports apart: different ids get different colours, and the palette is used evenly', () => {
    // the same file imported twice (`-2`), and the two layers of the e2e suite
    expect(legendFor('import-msp-msp').colour).not.toBe(legendFor('import-msp-msp-2').colour);
    expect(legendFor('import-msp-mspessai').colour).not.toBe(legendFor('import-first-reception-inconnu').colour);
    const ids = Array.from({ length: 700 }, (_, i) => `import-first-reception-fichier-${i}`);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(legendFor(id).colour, (counts.get(legendFor(id).colour) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...IMPORTED_PALETTE].sort());
    for (const n of counts.values()) expect(n).toBeGreaterThan(60);
  });

  it('draws the layer on the map in its legend colour', () => {
    for (const id of ['import-msp-msp', 'import-first-reception-mairies', 'import-other-liste-2']) {
      const points = styleLayersFor(id).find((l) => l.type === 'circle') as { paint: Record<string, unknown> };
      expect(points.paint['circle-color']).toEqual(perFeature(legendFor(id).colour));
    }
  });

  it('leaves bundle layers and unknown ids as they were', () => {
    expect(legendFor('msp').colour).toBe('#56B4E9');
    expect(legendFor('a-newer-layer').colour).toBe('#999999');
  });
});
