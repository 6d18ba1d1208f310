/**
 * The pure helpers behind the Plan view, the growth chart and the printed canton sheet: French
 * wording of targets, measures and dates, the chart's text alternative, what the 2020 snapshot
 * says, and the sheet map's projection. Fictional figures only.
 */
import { describe, expect, it } from 'vitest';
import type { PlanRow } from '../../src/core/plan/plan-types.ts';
import type { SnapshotComparison } from '../../src/core/timeline/compare-snapshots.ts';
import type { GrowthPoint } from '../../src/core/timeline/coverage-timeline.ts';
import {
  formatAsOfFr,
  formatMeasuredFr,
  formatPeriodFr,
  formatTargetFr,
  rowKeys,
  rowsByAction,
  statusSummaryFr,
} from '../../src/ui/plan/plan-format.ts';
import { fitProjection, geometryBounds, pathOf, scaleBar } from '../../src/ui/print/canton-map-geometry.ts';
import { franceServicesFr, growthSummaryFr, pointOn, snapshotTextFr } from '../../src/ui/timeline/growth-text.ts';

const row = (over: Partial<PlanRow>): PlanRow => ({
  action: 'A01',
  actionTitle: 'Action fictive',
  indicator: 'france_services_total',
  label: 'France Services',
  target: null,
  targetBy: null,
  measured: null,
  unit: 'sites',
  source: '',
  asOf: null,
  status: 'not measurable',
  note: '',
  ...over,
});

const point = (date: string, fixed: number, buses: number, met: number, pct: number | null): GrowthPoint => ({
  date,
  franceServices: fixed,
  franceServicesBuses: buses,
  added: 1,
  addedNearby: 0,
  cantons: 3,
  cantonsMet: met,
  gap: 3 - met,
  populationWithin10Km: null,
  populationWithin10KmPct: pct,
});

describe('plan formatting', () => {
  it('writes targets with their deadline, shares as percentages, and a dash without a target', () => {
    expect(formatTargetFr(row({ target: 44, targetBy: '2021-12-31' }))).toBe('44 (échéance : 31 décembre 2021)');
    expect(formatTargetFr(row({ target: 1, targetBy: '2021-12-31', unit: 'part des France Services' }))).toBe(
      '100 % (échéance : 31 décembre 2021)',
    );
    expect(formatTargetFr(row({ target: 3 }))).toBe('3');
    expect(formatTargetFr(row({}))).toBe('–');
  });

  it('writes measures with their unit, and dates as days, months, years or spans', () => {
    expect(formatMeasuredFr(row({ measured: 1060, unit: 'lieux' }))).toMatch(/^1\s060 lieux$/);
    expect(formatMeasuredFr(row({ measured: null }))).toBe('–');
    expect(formatAsOfFr('2024-08-01')).toBe('1er août 2024');
    expect(formatAsOfFr('2023-04')).toBe('avril 2023');
    expect(formatAsOfFr('2018-2020')).toBe('2018–2020');
    expect(formatAsOfFr('2021')).toBe('2021');
    expect(formatAsOfFr(null)).toBe('–');
    expect(formatPeriodFr('2021/2023')).toBe('2021–2023');
  });

  it('gives each row a distinct key, also for an indicator measured twice', () => {
    const rows = [
      row({ target: 41, targetBy: '2023-12-31', asOf: '2023-12-31' }),
      row({ target: 41, targetBy: '2023-12-31', asOf: '2024-08-01' }),
      row({ indicator: '' }),
      row({ indicator: '' }),
    ];
    const keys = rowKeys(rows);
    expect(new Set(keys).size).toBe(rows.length);
    expect(rowKeys(rows)).toEqual(keys);
  });

  it('groups rows by action in order, and counts the statuses (against a direct count)', () => {
    const rows = [
      row({ action: 'A01', status: 'reached' }),
      row({ action: 'A03', status: 'no target' }),
      row({ action: 'A01', status: 'not reached' }),
      row({ action: 'A01', status: 'reached' }),
    ];
    const groups = rowsByAction(rows);
    expect([...groups.keys()]).toEqual(['A01', 'A03']);
    expect(groups.get('A01')!.map((r) => r.status)).toEqual(['reached', 'not reached', 'reached']);
    expect(statusSummaryFr(rows)).toBe(
      '2 atteints, 1 non atteint, 1 mesuré sans cible chiffrée, 0 non mesurable avec les données ouvertes',
    );
  });
});

describe('growth text', () => {
  const series = [point('2020-01-01', 2, 1, 0, 40), point('2021-03-15', 4, 1, 2, 71.25), point('2024-08-01', 6, 2, 3, 96.1)];
  const growth = { listDate: '2024-08-01', cantons: 3, series, snapshot: null, undated: [] };

  it('finds the point in force on a day: the last on or before it, none before the first', () => {
    expect(pointOn(series, '2019-12-31')).toBeNull();
    expect(pointOn(series, '2020-01-01')).toBe(series[0]);
    expect(pointOn(series, '2020-12-31')).toBe(series[0]);
    expect(pointOn(series, '2021-03-15')).toBe(series[1]);
    expect(pointOn(series, '2030-01-01')).toBe(series[2]);
  });

  it('sums fixed sites and buses, and says how many of each', () => {
    expect(franceServicesFr(series[2])).toBe('8 (6 sites fixes + 2 bus)');
    expect(franceServicesFr({ ...series[2], franceServicesBuses: 0 })).toBe('6');
  });

  it('sums up the series for screen readers, with the chosen day when there is one', () => {
    const text = growthSummaryFr(growth, 'Fictif');
    expect(text).toContain('du 1er janvier 2020 au 1er août 2024');
    expect(text).toContain('de 3 à 8 (6 sites fixes + 2 bus)');
    expect(text).toContain('de 0 à 3 sur 3');
    expect(text).toMatch(/de 40\s%\sà 96,1\s%/);
    expect(growthSummaryFr(growth, 'Fictif', '2021-06-30')).toContain('au 30 juin 2021 (date choisie) : 5 (4 sites fixes + 1 bus)');
    expect(growthSummaryFr({ ...growth, series: [] }, 'Fictif')).toBe('Aucune France Services datée pour Fictif.');
  });

  it('says which 2020 sites are missing, moved or renamed, and nothing without a snapshot', () => {
    const snapshot: SnapshotComparison = {
      thresholds: { movedKm: 0.25, searchKm: 1 },
      older: 3,
      newer: 8,
      counts: { kept: 1, moved: 1, renamed: 0, 'moved-renamed': 0, missing: 1 },
      sites: [
        { id: '1', name: 'Site Un', status: 'kept', newer: { id: '1', name: 'Site Un', distanceKm: 0 }, candidate: null },
        { id: '2', name: 'Site Deux', status: 'moved', newer: { id: '2', name: 'Site Deux', distanceKm: 1.5 }, candidate: null },
        { id: '3', name: 'Site Trois', status: 'missing', newer: null, candidate: null },
      ],
    };
    const text = snapshotTextFr(snapshot, '2024-08-01')!;
    expect(text.headline).toContain('3 France Services');
    expect(text.headline).toContain('1 manque à la liste du 1er août 2024');
    expect(text.changes).toHaveLength(2);
    expect(text.changes[0]).toMatch(/« Site Deux » \(n° 2\) a été déplacé de 1,5\skm/);
    expect(text.changes[1]).toContain('« Site Trois » (n° 3) manque à la liste');
    expect(snapshotTextFr(null, '2024-08-01')).toBeNull();
  });
});

describe('canton sheet map', () => {
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [3, 50],
        [3.2, 50],
        [3.2, 50.1],
        [3, 50.1],
        [3, 50],
      ],
    ],
  };

  it('fits the canton in the box, north up, keeping its shape', () => {
    const bounds = geometryBounds(square);
    expect(bounds).toEqual([3, 50, 3.2, 50.1]);
    const p = fitProjection(bounds, 400, 400, 16);
    const [x0, y0] = p.project([3, 50.1]);
    const [x1, y1] = p.project([3.2, 50]);
    expect(Math.min(x0, y0)).toBeGreaterThanOrEqual(16 - 1e-9);
    expect(Math.max(x1, y1)).toBeLessThanOrEqual(384 + 1e-9);
    expect(y0).toBeLessThan(y1);
    // 0.2° of longitude at 50.05° N against 0.1° of latitude: width / height = 2 cos(50.05°)
    expect((x1 - x0) / (y1 - y0)).toBeCloseTo(2 * Math.cos((50.05 * Math.PI) / 180), 6);
    // kilometres per unit: the 0.1° of latitude (11.12 km) over its height in units
    expect((y1 - y0) * p.kmPerUnit).toBeCloseTo(11.1195, 3);
  });

  it('draws closed rings, and a round scale bar no longer than asked', () => {
    const p = fitProjection(geometryBounds(square), 400, 400, 16);
    expect(pathOf(square, p)).toMatch(/^M[\d. L]+Z$/);
    const bar = scaleBar(p, 400 / 3);
    expect([0.5, 1, 2, 5, 10, 20, 50, 100]).toContain(bar.km);
    expect(bar.units).toBeLessThanOrEqual(400 / 3);
    expect(bar.units * p.kmPerUnit).toBeCloseTo(bar.km, 9);
  });
});
