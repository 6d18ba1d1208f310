/**
 * The layer registry (src/layers/) is the one place that says what each layer is: these checks keep
 * its entries consistent with each other and with the source mappings of data/sources/.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_LAYERS,
  LAYERS,
  dataLayerIdOf,
  derivedLayersOf,
  isDefaultVisible,
  kindLabelOf,
  layerDef,
} from '../../src/layers/layer-registry.ts';
import { SERVICE_GROUPS } from '../../src/data/nearest/service-groups.ts';
import { COUNTED_LAYERS, COVERAGE_OPTIONAL_LAYERS, COVERAGE_REQUIRED_LAYERS } from '../../src/data/coverage/coverage-input.ts';
import { IMPORT_TARGETS } from '../../src/data/import/import-fields.ts';

const SOURCE_IDS = readdirSync(resolve(__dirname, '../../data/sources')).map((f) => f.replace(/\.json$/, ''));

describe('layer registry', () => {
  it('has one entry per id, each a valid bundle layer id', () => {
    const ids = LAYERS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
    for (const id of ids) expect(layerDef(id)?.id).toBe(id);
  });

  it('cites only sources that have a mapping in data/sources/', () => {
    for (const l of LAYERS) {
      for (const s of [...l.sourceIds, ...(l.derived?.sourceIds ?? [])]) expect(SOURCE_IDS, `${l.id} cites ${s}`).toContain(s);
    }
  });

  it('draws derived layers from a bundle layer, and lists them under it', () => {
    const derived = LAYERS.filter((l) => l.derived);
    expect(derived.map((l) => l.id)).toEqual(['rural-communes', 'illectronisme']);
    for (const l of derived) {
      expect(BUNDLE_LAYERS.map((b) => b.id)).toContain(l.derived!.from);
      expect(dataLayerIdOf(l.id)).toBe(l.derived!.from);
      expect(derivedLayersOf(l.derived!.from)).toContain(l.id);
    }
    expect(BUNDLE_LAYERS.some((l) => l.derived)).toBe(false);
  });

  it('gives every style layer its own stacking rank', () => {
    const ranks = LAYERS.flatMap((l) => Object.entries(l.zRank).map(([role, z]) => ({ at: `${l.id}:${role}`, z })));
    const seen = new Map<number, string>();
    for (const { at, z } of ranks) {
      expect(seen.get(z), `${at} and ${seen.get(z)} share rank ${z}`).toBeUndefined();
      seen.set(z, at);
      // a cluster uses two ranks: its discs and their counts
      if (at.endsWith(':cluster')) seen.set(z + 1, `${at}-count`);
    }
  });

  it('groups the nearest search under one titled layer per group', () => {
    for (const g of SERVICE_GROUPS) {
      expect(LAYERS.filter((l) => l.nearest?.group === g.id && l.nearest.title)).toHaveLength(1);
      for (const id of g.layers) expect(layerDef(id)?.nearest?.group).toBe(g.id);
    }
    expect(SERVICE_GROUPS.map((g) => g.id)).toEqual(['france-services', 'first-reception', 'digital-inclusion', 'msp']);
    expect(SERVICE_GROUPS[0].layers).toEqual(['france-services', 'france-services-nearby']);
  });

  it('orders the coverage table’s layers: required first, counted layers as columns', () => {
    expect(COVERAGE_REQUIRED_LAYERS).toEqual(['cantons', 'communes', 'france-services']);
    expect(COUNTED_LAYERS).toEqual(['digital-inclusion', 'first-reception', 'msp']);
    for (const id of COUNTED_LAYERS) expect(COVERAGE_OPTIONAL_LAYERS).toContain(id);
    const orders = LAYERS.flatMap((l) => (l.coverage ? [l.coverage.order] : []));
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('offers an import target for each layer that declares one, joined to its nearest group, then "other"', () => {
    const declared = LAYERS.filter((l) => l.import).map((l) => l.id);
    expect(IMPORT_TARGETS.map((t) => t.id)).toEqual([...declared, 'other']);
    for (const t of IMPORT_TARGETS.slice(0, -1)) expect(t.findGroup).toBe(layerDef(t.id)?.nearest?.group ?? null);
  });

  it('labels site kinds in French, shows imported layers and hides unknown ones by default', () => {
    expect(kindLabelOf('bus')).toBe('Bus itinérant (placé à sa base)');
    expect(kindLabelOf('toString')).toBeUndefined();
    expect(isDefaultVisible('france-services')).toBe(true);
    expect(isDefaultVisible('import-other-liste')).toBe(true);
    expect(isDefaultVisible('a-newer-layer')).toBe(false);
  });
});
