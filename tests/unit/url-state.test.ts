import { describe, expect, it } from 'vitest';
import { EMPTY_URL_STATE, formatUrlState, parseUrlState, type UrlState } from '../../src/state/url-state.ts';
import type { CoverageRule } from '../../src/core/coverage/coverage-types.ts';

const RULE: CoverageRule = {
  target: 1,
  priorityTarget: 2,
  countBuses: true,
  priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
};
const DEFAULTS = { layers: ['france-services', 'qpv', 'communes'], rule: RULE };

describe('url state', () => {
  it('round-trips every field', () => {
    const state: UrlState = {
      dept: '62',
      camera: { lng: 3.12345, lat: 50.48123, zoom: 9.25 },
      layers: ['france-services', 'cantons'],
      selected: { layer: 'france-services', id: '345' },
      planner: true,
      plan: false,
      rule: { target: 2, priorityTarget: 3, countBuses: false, priority: { qpv: false, ruralPopulationShareMin: 0.35, territories: true } },
      filter: { priorityOnly: true, gapsOnly: true, withoutOnly: true },
      date: '2021-06-30',
      scenario: {
        name: 'Plan 2027',
        operations: [
          { action: 'add', lngLat: [3.15, 50.68], communeCode: '59163', name: 'Site: hypothétique 1' },
          { action: 'move', id: '347', lngLat: [3.5, 50.35] },
          { action: 'close', id: '346' },
        ],
        ignored: 0,
      },
      layerFilters: {
        'digital-inclusion': {
          labels: ['Aidants Connect', 'CNFS'],
          services: ['Prendre en main un smartphone, une tablette; un ordinateur'],
        },
        'first-reception': { kind: ['mairie-ccas'] },
      },
      mediatorsYear: 2023,
      basemap: true,
      embed: true,
    };
    const search = formatUrlState(state, DEFAULTS);
    expect(search).toBe(
      '?dept=62&carte=9.25/50.48123/3.12345&couches=france-services,cantons&sel=france-services:345&vue=planifier&regle=2-3-rural35-terr&filtre=prioritaires,ecarts,sans-fs' +
        '&date=2021-06-30&scenario=Plan+2027&op=add:3.15,50.68:59163:Site:+hypoth%C3%A9tique+1&op=move:3.5,50.35:347&op=close:346' +
        '&f.digital-inclusion.labels=Aidants+Connect&f.digital-inclusion.labels=CNFS&f.digital-inclusion.services=Prendre+en+main+un+smartphone,+une+tablette%3B+un+ordinateur' +
        '&f.first-reception.kind=mairie-ccas&annee=2023&fond=ign&embed=1',
    );
    expect(parseUrlState(search)).toEqual(state);
  });

  it('carries the Plan view as vue=plan, the view shown in place of the map', () => {
    expect(formatUrlState({ ...EMPTY_URL_STATE, plan: true }, DEFAULTS)).toBe('?vue=plan');
    expect(formatUrlState({ ...EMPTY_URL_STATE, planner: true, plan: true }, DEFAULTS)).toBe('?vue=plan');
    expect(parseUrlState('?vue=plan')).toEqual({ ...EMPTY_URL_STATE, plan: true });
    expect(parseUrlState('?vue=couverture').plan).toBe(false);
  });

  it('opens the planner for the former view name, and only for a real day', () => {
    expect(parseUrlState('?vue=couverture').planner).toBe(true);
    expect(parseUrlState('?vue=planifier').planner).toBe(true);
    expect(parseUrlState('?date=2021-02-30').date).toBeNull();
    expect(parseUrlState('?date=2021-6-30').date).toBeNull();
    expect(parseUrlState('?date=2020-02-29').date).toBe('2020-02-29');
  });

  it('leaves out what equals the defaults', () => {
    expect(formatUrlState({ ...EMPTY_URL_STATE, layers: ['qpv', 'communes', 'france-services'], rule: RULE }, DEFAULTS)).toBe('');
    expect(parseUrlState('')).toEqual(EMPTY_URL_STATE);
  });

  it('rounds coordinates to about a metre', () => {
    expect(formatUrlState({ ...EMPTY_URL_STATE, camera: { lng: 3.123456789, lat: 50.987654321, zoom: 10.123456 } }, DEFAULTS)).toBe(
      '?carte=10.12/50.98765/3.12346',
    );
  });

  it('ignores malformed or hostile parts instead of failing', () => {
    const s = parseUrlState(
      '?dept=<script>&carte=99/500/3&couches=ok-layer,<img>,BAD&sel=france-services:a%01b&regle=a-b-bus&filtre=zzz&embed=yes&vue=other',
    );
    expect(s).toEqual({ ...EMPTY_URL_STATE, layers: ['ok-layer'] });
    // an id is only ever text that selects a loaded feature: spaces and markup characters stay plain text
    expect(parseUrlState('?sel=digital-inclusion:2227+-+APTIC+%231').selected).toEqual({
      layer: 'digital-inclusion',
      id: '2227 - APTIC #1',
    });
    expect(parseUrlState('?sel=france-services:<x>').selected).toEqual({ layer: 'france-services', id: '<x>' });
    expect(parseUrlState('?regle=1-2-rural250').rule).toBeNull();
    expect(parseUrlState('?carte=9/50.5').camera).toBeNull();
    expect(parseUrlState('?sel=nocolon').selected).toBeNull();
  });

  it('keeps an empty layer list (every layer hidden) apart from the defaults', () => {
    const s = formatUrlState({ ...EMPTY_URL_STATE, layers: [] }, DEFAULTS);
    expect(s).toBe('?couches=');
    expect(parseUrlState(s).layers).toEqual([]);
  });

  it('accepts 2A, 2B and overseas codes, normalised to upper case', () => {
    expect(parseUrlState('?dept=2a').dept).toBe('2A');
    expect(parseUrlState('?dept=974').dept).toBe('974');
    expect(parseUrlState('?dept=5').dept).toBeNull();
  });

  it('bounds the map filters a link may carry', () => {
    const many = Array.from({ length: 80 }, (_, i) => `f.digital-inclusion.services=s${i}`).join('&');
    const s = parseUrlState(
      `?${many}&f.first-reception.kind=${'x'.repeat(201)}&f.BAD.kind=a&f.first-reception.Kind=a&f.france-services.name=zzz&f.digital-inclusion.nope=a&annee=1850`,
    );
    expect(s.layerFilters['digital-inclusion'].services).toHaveLength(50);
    expect(s.layerFilters['first-reception']).toBeUndefined();
    // only the filters the app offers: an unknown layer or field could hide a layer for good
    expect(Object.keys(s.layerFilters)).toEqual(['digital-inclusion']);
    expect(Object.keys(s.layerFilters['digital-inclusion'])).toEqual(['services']);
    expect(s.mediatorsYear).toBeNull();
  });
});
