import { describe, expect, it } from 'vitest';
import {
  diffNetworks,
  NetworkChangesError,
  type CantonSnapshot,
  type NetworkSnapshot,
  type SiteSnapshot,
} from '../../src/core/changes/network-changes.ts';

/** Fictional sites and cantons (code 97): nothing here comes from real data. */
const site = (id: string, name: string, lng: number, lat: number, cantonCode: string | null): SiteSnapshot => ({
  id,
  name,
  lngLat: [lng, lat],
  cantonCode,
  communeName: `Commune-${id}`,
});
const canton = (code: string, status: 'met' | 'gap', franceServices: number): CantonSnapshot => ({
  code,
  name: `Canton-Fictif-${code}`,
  status,
  franceServices,
  target: 1,
});

/** One metre of latitude, in degrees (about). */
const M = 1 / 111_195;

const previous: NetworkSnapshot = {
  builtAt: '2026-01-01T00:00:00.000Z',
  sites: [
    site('A', 'France services Alpha', 1.0, 45.0, '9701'),
    site('B', 'France services Bravo', 1.1, 45.0, '9702'),
    site('C', 'France services Charlie', 1.2, 45.0, '9703'),
    site('D', 'France services Delta', 1.3, 45.0, '9704'),
    site('E', 'France services Echo', 1.4, 45.0, '9705'),
  ],
  cantons: [
    canton('9701', 'met', 1),
    canton('9702', 'met', 1),
    canton('9703', 'met', 1),
    canton('9704', 'met', 1),
    canton('9705', 'met', 1),
    canton('9706', 'gap', 0),
  ],
};

const next: NetworkSnapshot = {
  builtAt: '2026-02-01T00:00:00.000Z',
  sites: [
    site('A', 'France services Alpha', 1.0, 45.0 + 50 * M, '9701'), // 50 m: not a move
    // B closed
    site('C', 'France services Charlie', 1.2, 45.0 + 500 * M, '9703'), // moved 500 m
    site('D', 'France services Delta-Nouveau', 1.3, 45.0, '9704'), // renamed
    site('E', '  France services   Echo ', 1.4, 45.0, '9705'), // spacing only: not renamed
    site('F', 'France services Foxtrot', 1.5, 45.0, '9706'), // added
  ],
  cantons: [
    canton('9701', 'met', 1),
    canton('9702', 'gap', 0),
    canton('9703', 'met', 1),
    canton('9704', 'met', 1),
    canton('9705', 'met', 1),
    canton('9706', 'met', 1),
  ],
};

describe('diffNetworks', () => {
  it('finds the added, closed, moved (over 100 m) and renamed sites, per canton, and the status changes', () => {
    const changes = diffNetworks(previous, next);
    expect(changes.totals).toEqual({ added: 1, closed: 1, moved: 1, renamed: 1, statusChanged: 2 });
    expect(changes.previousBuiltAt).toBe('2026-01-01T00:00:00.000Z');
    expect(changes.builtAt).toBe('2026-02-01T00:00:00.000Z');
    expect(changes.movedThresholdM).toBe(100);
    expect(changes.cantons.map((c) => c.cantonCode)).toEqual(['9702', '9703', '9704', '9706']);
    const [bravo, charlie, delta, foxtrot] = changes.cantons;
    expect(bravo.closed.map((s) => s.id)).toEqual(['B']);
    expect(bravo.status).toEqual({ before: 'met', after: 'gap', franceServicesBefore: 1, franceServicesAfter: 0, target: 1 });
    expect(bravo.cantonName).toBe('Canton-Fictif-9702');
    expect(charlie.moved).toHaveLength(1);
    expect(charlie.moved[0].movedM).toBeGreaterThanOrEqual(499);
    expect(charlie.moved[0].movedM).toBeLessThanOrEqual(501);
    expect(charlie.moved[0].previousLngLat).toEqual([1.2, 45.0]);
    expect(charlie.moved[0].previousCantonCode).toBeUndefined();
    expect(charlie.status).toBeNull();
    expect(delta.renamed).toEqual([
      {
        id: 'D',
        name: 'France services Delta-Nouveau',
        previousName: 'France services Delta',
        communeName: 'Commune-D',
        lngLat: [1.3, 45.0],
      },
    ]);
    expect(foxtrot.added.map((s) => s.name)).toEqual(['France services Foxtrot']);
    expect(foxtrot.status).toMatchObject({ before: 'gap', after: 'met' });
  });

  it('reports nothing for two identical networks', () => {
    const changes = diffNetworks(previous, structuredClone(previous));
    expect(changes.cantons).toEqual([]);
    expect(changes.totals).toEqual({ added: 0, closed: 0, moved: 0, renamed: 0, statusChanged: 0 });
  });

  it('puts a site that moved into another canton under its new canton, naming the former one', () => {
    const moved: NetworkSnapshot = {
      ...previous,
      sites: previous.sites.map((s) => (s.id === 'A' ? { ...s, lngLat: [1.05, 45.0], cantonCode: '9702' } : s)),
    };
    const changes = diffNetworks(previous, moved);
    expect(changes.cantons).toHaveLength(1);
    expect(changes.cantons[0].cantonCode).toBe('9702');
    expect(changes.cantons[0].moved[0]).toMatchObject({ id: 'A', previousCantonCode: '9701' });
  });

  it('follows the threshold it is given, and a site both moved and renamed is in both lists', () => {
    const both: NetworkSnapshot = { ...previous, sites: [site('A', 'Autre nom', 1.0, 45.0 + 50 * M, '9701')] };
    const changes = diffNetworks({ ...previous, sites: [previous.sites[0]] }, both, 20);
    expect(changes.totals).toMatchObject({ moved: 1, renamed: 1 });
    expect(diffNetworks({ ...previous, sites: [previous.sites[0]] }, both, 100).totals).toMatchObject({ moved: 0, renamed: 1 });
  });

  it('groups sites outside every canton last, under a null canton', () => {
    const outside: NetworkSnapshot = { ...previous, sites: [...previous.sites, site('Z', 'Hors canton', 0, 0, null)] };
    const changes = diffNetworks(previous, outside);
    expect(changes.cantons.map((c) => c.cantonCode)).toEqual([null]);
    expect(changes.cantons[0].added.map((s) => s.id)).toEqual(['Z']);
  });

  it('refuses a snapshot with two sites of one id, naming the id', () => {
    const twice: NetworkSnapshot = { ...previous, sites: [...previous.sites, previous.sites[0]] };
    expect(() => diffNetworks(previous, twice)).toThrow(NetworkChangesError);
    expect(() => diffNetworks(previous, twice)).toThrow(/« A »/);
  });

  it('does not change its inputs', () => {
    const a = structuredClone(previous);
    const b = structuredClone(next);
    const changes = diffNetworks(a, b);
    expect(a).toEqual(previous);
    expect(b).toEqual(next);
    // the result shares no array with the inputs
    changes.cantons[0].closed[0].lngLat[0] = 99;
    expect(a.sites[1].lngLat[0]).toBe(1.1);
  });
});
