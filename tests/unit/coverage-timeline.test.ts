/**
 * The network over time: dates typed by a person, the coverage input as of a date,
 * and the incremental timeline, whose figures at every date must equal the engine run
 * from scratch on the input as of that date (the oracle: prepareCoverage on the filtered
 * input), on the golden fixtures and on seeded random networks.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCoverageRule, prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageInput, CoverageRule, FranceServicesSite, PopulationCell } from '../../src/core/coverage/coverage-types.ts';
import { AsOfDateError, formatDayFr, isLabelledBy, isLabellingDate, parseAsOfDate } from '../../src/core/timeline/as-of-date.ts';
import { coverageInputAsOf, coverageInputAtDate, latestDay, type DatedNetwork } from '../../src/core/timeline/coverage-as-of.ts';
import { createCoverageTimeline } from '../../src/core/timeline/coverage-timeline.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/coverage');
const golden = (name: string) =>
  JSON.parse(readFileSync(resolve(FIXTURES, name, 'input.json'), 'utf8')) as { input: CoverageInput; rule: CoverageRule };

const DEFAULT_RULE: CoverageRule = {
  target: 1,
  priorityTarget: 2,
  countBuses: true,
  priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
};

describe('parseAsOfDate', () => {
  it('accepts real days, leap days included', () => {
    expect(parseAsOfDate('2021-06-30')).toBe('2021-06-30');
    expect(parseAsOfDate(' 2024-02-29 ')).toBe('2024-02-29');
  });

  it('refuses impossible days with a French message saying why', () => {
    expect(() => parseAsOfDate('2021-02-30')).toThrow(AsOfDateError);
    expect(() => parseAsOfDate('2021-02-30')).toThrow("« 2021-02-30 » n'existe pas : février 2021 compte 28 jours.");
    expect(() => parseAsOfDate('2023-02-29')).toThrow('février 2023 compte 28 jours');
    expect(() => parseAsOfDate('2021-04-31')).toThrow('avril 2021 compte 30 jours');
    expect(() => parseAsOfDate('2021-13-01')).toThrow("le mois 13 n'existe pas");
    expect(() => parseAsOfDate('2021-00-10')).toThrow("le mois 00 n'existe pas");
    expect(() => parseAsOfDate('2021-06-00')).toThrow('juin 2021 compte 30 jours');
  });

  it('refuses other formats, naming the expected one', () => {
    for (const bad of ['30/06/2021', '2021-6-30', '2021-06', 'demain', '', '2021-06-30T00:00'])
      expect(() => parseAsOfDate(bad)).toThrow(/n'est pas une date au format AAAA-MM-JJ \(par exemple 2021-06-30\)/);
  });

  it('refuses a day after the latest the data can tell', () => {
    expect(parseAsOfDate('2024-08-01', { latest: '2024-08-01' })).toBe('2024-08-01');
    expect(() => parseAsOfDate('2024-08-02', { latest: '2024-08-01' })).toThrow(
      /postérieure à la liste des France Services, datée du 1er août 2024/,
    );
  });

  it('writes days in French', () => {
    expect(formatDayFr('2024-08-01')).toBe('1er août 2024');
    expect(formatDayFr('2021-06-30')).toBe('30 juin 2021');
    expect(formatDayFr('2020-01')).toBe('janvier 2020');
  });

  it('compares a month-only labelling from the first of its month', () => {
    expect(isLabellingDate('2020-01')).toBe(true);
    expect(isLabellingDate('2020-13')).toBe(false);
    expect(isLabellingDate('2020-02-30')).toBe(false);
    expect(isLabelledBy('2020-01', '2020-01-01')).toBe(true);
    expect(isLabelledBy('2020-01', '2019-12-31')).toBe(false);
    expect(isLabelledBy('2021-01-15', '2021-01-14')).toBe(false);
    expect(isLabelledBy('2021-01-15', '2021-01-15')).toBe(true);
  });
});

/** The three-cantons fixture with labelling dates: a (2020-01-01), bus b (2021-01), c (2021-06-15), d undated; near-a 2020-09-01. */
function datedThreeCantons(): { input: CoverageInput; network: DatedNetwork } {
  const { input } = golden('three-cantons-grid');
  return {
    input,
    network: {
      listDate: '2024-08-01',
      franceServices: [
        { id: 'fs-a', labelledOn: '2020-01-01' },
        { id: 'fs-b', labelledOn: '2021-01' },
        { id: 'fs-c', labelledOn: '2021-06-15' },
        { id: 'fs-d', labelledOn: null },
      ],
      nearby: [{ id: 'near-a', labelledOn: '2020-09-01' }],
    },
  };
}

describe('coverageInputAsOf', () => {
  it('keeps the sites labelled on or before the day; an undated site counts from the list date', () => {
    const { input, network } = datedThreeCantons();
    const ids = (at: string) => {
      const i = coverageInputAsOf(input, network, at);
      return [...i.franceServices.map((s) => s.id), ...i.nearbyFranceServices.map((s) => s.id)];
    };
    expect(ids('2019-12-31')).toEqual([]);
    expect(ids('2020-01-01')).toEqual(['fs-a']);
    expect(ids('2020-12-31')).toEqual(['fs-a', 'near-a']);
    expect(ids('2021-01-01')).toEqual(['fs-a', 'fs-b', 'near-a']);
    expect(ids('2021-06-15')).toEqual(['fs-a', 'fs-b', 'fs-c', 'near-a']);
    expect(ids('2024-07-31')).toEqual(['fs-a', 'fs-b', 'fs-c', 'near-a']);
    expect(ids('2024-08-01')).toEqual(['fs-a', 'fs-b', 'fs-c', 'fs-d', 'near-a']);
  });

  it('says the date in the France Services sources and leaves the input untouched', () => {
    const { input, network } = datedThreeCantons();
    const before = structuredClone(input);
    const asOf = coverageInputAsOf(input, network, '2021-06-30');
    expect(input).toEqual(before);
    expect(asOf.sources.find((s) => s.layer === 'france-services')!.title).toBe(
      'France Services fictives — réseau au 30 juin 2021 (sites labellisés à cette date ou avant)',
    );
    expect(asOf.sources.find((s) => s.layer === 'cantons')!.title).toBe('Cantons fictifs');
  });

  it('refuses a site the dated network does not know (nothing silently dropped)', () => {
    const { input, network } = datedThreeCantons();
    const short = { ...network, franceServices: network.franceServices.slice(1) };
    expect(() => coverageInputAsOf(input, short, '2022-01-01')).toThrow('france-services: France Services fs-a has no labelling entry');
  });

  it('checks the typed date against the list (the CLI --at path)', () => {
    const { input, network } = datedThreeCantons();
    expect(latestDay(network)).toBe('2024-08-01');
    expect(coverageInputAtDate(input, network, '2021-01-01').input.franceServices.map((s) => s.id)).toEqual(['fs-a', 'fs-b']);
    expect(() => coverageInputAtDate(input, network, '2021-02-30')).toThrow('février 2021 compte 28 jours');
    expect(() => coverageInputAtDate(input, network, '2025-01-01')).toThrow(/datée du 1er août 2024/);
  });
});

/** The oracle: the engine from scratch on the input as of the day. */
const fromScratch = (input: CoverageInput, network: DatedNetwork, at: string) => prepareCoverage(coverageInputAsOf(input, network, at));

describe('createCoverageTimeline', () => {
  it('lists the days the network changes, the list date last', () => {
    const { input, network } = datedThreeCantons();
    expect(createCoverageTimeline(input, network).dates).toEqual(['2020-01-01', '2020-09-01', '2021-01-01', '2021-06-15', '2024-08-01']);
  });

  it.each(['three-cantons-grid', 'centroids-tricky-text'])('%s: equals the engine from scratch at every date and between', (name) => {
    const { input, rule } = golden(name);
    const days = ['2020-01-01', '2020-05-05', '2021-03-01', '2022-12-31'];
    const network: DatedNetwork = {
      listDate: '2024-08-01',
      franceServices: input.franceServices.map((s, i) => ({ id: s.id, labelledOn: days[i % days.length] })),
      nearby: input.nearbyFranceServices.map((s) => ({ id: s.id, labelledOn: '2021-03-01' })),
    };
    const before = structuredClone(input);
    const timeline = createCoverageTimeline(input, network);
    for (const at of ['2019-06-30', ...timeline.dates, '2020-12-31', '2021-02-28', '2024-08-01']) {
      expect(timeline.baseAt(at), at).toEqual(fromScratch(input, network, at));
      expect(timeline.tableAt(at, rule), at).toEqual(applyCoverageRule(fromScratch(input, network, at), rule));
    }
    expect(input).toEqual(before);
  });

  it('gives the growth series: counts equal a direct filter of the dated sites, coverage never shrinks', () => {
    const { input, network } = datedThreeCantons();
    const series = createCoverageTimeline(input, network).series(DEFAULT_RULE);
    expect(series.map((p) => [p.date, p.franceServices, p.franceServicesBuses, p.added, p.addedNearby])).toEqual([
      ['2020-01-01', 1, 0, 1, 0],
      ['2020-09-01', 1, 0, 0, 1],
      ['2021-01-01', 1, 1, 1, 0],
      ['2021-06-15', 2, 1, 1, 0],
      ['2024-08-01', 3, 1, 1, 0],
    ]);
    for (const p of series) {
      const table = applyCoverageRule(fromScratch(input, network, p.date), DEFAULT_RULE);
      expect(p.cantonsMet).toBe(table.rows.filter((r) => r.status === 'met').length);
      expect(p.populationWithin10KmPct).toBe(table.total.populationWithin10KmPct);
    }
  });
});

/** A random network on the three-cantons fixture: sites anywhere in and around it, random days 2019–2024, some undated. */
function randomNetwork(seed: number): { input: CoverageInput; network: DatedNetwork } {
  const random = mulberry32(seed);
  const { input } = golden('three-cantons-grid');
  const day = () => {
    if (random() < 0.08) return null;
    const y = 2019 + Math.floor(random() * 6);
    const m = 1 + Math.floor(random() * 12);
    return random() < 0.2
      ? `${y}-${String(m).padStart(2, '0')}`
      : `${y}-${String(m).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  };
  const communes = input.communes.map((c) => c.code);
  const site = (prefix: string, i: number): FranceServicesSite => ({
    id: `${prefix}-${i}`,
    kind: random() < 0.25 ? 'bus' : 'fixed',
    communeCode: random() < 0.6 ? communes[Math.floor(random() * communes.length)] : null,
    lngLat: [uniform(random, 0.95, 1.25), uniform(random, 0.95, 1.25)],
  });
  const franceServices = Array.from({ length: 25 }, (_, i) => site('fs', i));
  const nearbyFranceServices = Array.from({ length: 8 }, (_, i) => ({ ...site('near', i), communeCode: null }));
  const populationGrid: PopulationCell[] = Array.from({ length: 120 }, () => ({
    lngLat: [uniform(random, 0.99, 1.21), uniform(random, 0.99, 1.21)],
    population: random() < 0.1 ? 0 : Math.round(uniform(random, 1, 900)),
  }));
  return {
    input: { ...input, franceServices, nearbyFranceServices, populationGrid },
    network: {
      listDate: '2024-08-01',
      franceServices: franceServices.map((s) => ({ id: s.id, labelledOn: day() })),
      nearby: nearbyFranceServices.map((s) => ({ id: s.id, labelledOn: day() })),
    },
  };
}

describe('createCoverageTimeline on seeded random networks', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: equals the engine from scratch at every date, and grows only', (seed) => {
    const { input, network } = randomNetwork(seed);
    const timeline = createCoverageTimeline(input, network);
    const days = [...timeline.dates, '2018-01-01', '2022-06-30'];
    for (const at of days) expect(timeline.baseAt(at), `seed ${seed}, ${at}`).toEqual(fromScratch(input, network, at));
    const series = timeline.series(DEFAULT_RULE);
    for (let i = 1; i < series.length; i++) {
      expect(series[i].franceServices + series[i].franceServicesBuses).toBeGreaterThanOrEqual(
        series[i - 1].franceServices + series[i - 1].franceServicesBuses,
      );
      expect(series[i].cantonsMet).toBeGreaterThanOrEqual(series[i - 1].cantonsMet);
      expect(series[i].populationWithin10Km ?? 0).toBeGreaterThanOrEqual(series[i - 1].populationWithin10Km ?? 0);
    }
  });
});
