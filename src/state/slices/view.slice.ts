import type { StateCreator } from 'zustand/vanilla';
import type { AppState, ViewSlice } from '../app-state.ts';

/** Okabe–Ito colours (safe for the common colour-vision deficiencies). */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
} as const;

/**
 * Sequential ColorBrewer ramps (colour-blind safe), lightest first, keyed by the number of
 * classes: a choropleth with fewer classes than planned takes the ramp made for that count.
 */
export const COLORBREWER = {
  /** Purples: rates (illectronisme); apart from the vermillion sites and the orange priority territories. */
  purples: {
    2: ['#cbc9e2', '#6a51a3'],
    3: ['#efedf5', '#bcbddc', '#756bb1'],
    4: ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#6a51a3'],
    5: ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'],
  },
  /** PuBu without its lightest step (kept apart for "none"): counts (adultes-relais posts). */
  puBu: {
    2: ['#a6bddb', '#0570b0'],
    3: ['#a6bddb', '#3690c0', '#034e7b'],
    4: ['#bdc9e1', '#74a9cf', '#2b8cbe', '#045a8d'],
    5: ['#d0d1e6', '#a6bddb', '#74a9cf', '#2b8cbe', '#045a8d'],
  },
} as const satisfies Record<string, Record<number, readonly string[]>>;

export type LegendSymbol = 'point' | 'ring' | 'area' | 'outline' | 'dashed' | 'grid' | 'cluster';
export type LegendGroup = 'services' | 'territories' | 'context';

/** How a layer reads in the legend; the map layer specs use the same colours. */
export interface LayerLegend {
  id: string;
  group: LegendGroup;
  colour: string;
  symbol: LegendSymbol;
  defaultVisible: boolean;
  /** Secondary entries shown under the layer (e.g. fixed sites vs buses). */
  variants?: { label: string; colour: string; symbol: LegendSymbol }[];
  /** Dense points: grouped into numbered clusters at low zoom. */
  clustered?: boolean;
  /**
   * A layer drawn from another layer's data, with no file of its own (rural communes from the
   * communes, illectronisme from the EPCI): its title, and the ids of the base layer's sources it cites.
   */
  derived?: { from: string; title: string; sourceIds: readonly string[]; caveats: readonly string[] };
}

/** Legend of the known layers, in panel order (services first). */
export const LAYER_LEGEND: readonly LayerLegend[] = [
  {
    id: 'france-services',
    group: 'services',
    colour: OKABE_ITO.vermillion,
    symbol: 'point',
    defaultVisible: true,
    variants: [
      { label: 'site fixe', colour: OKABE_ITO.vermillion, symbol: 'point' },
      { label: 'bus (itinérant, à sa base)', colour: OKABE_ITO.vermillion, symbol: 'ring' },
    ],
  },
  { id: 'france-services-nearby', group: 'services', colour: '#E8A57F', symbol: 'point', defaultVisible: true },
  { id: 'msap', group: 'services', colour: OKABE_ITO.reddishPurple, symbol: 'point', defaultVisible: false },
  { id: 'msp', group: 'services', colour: OKABE_ITO.skyBlue, symbol: 'point', defaultVisible: false },
  {
    id: 'first-reception',
    group: 'services',
    colour: OKABE_ITO.bluishGreen,
    symbol: 'point',
    defaultVisible: false,
    clustered: true,
    variants: [
      { label: 'un lieu', colour: OKABE_ITO.bluishGreen, symbol: 'point' },
      { label: 'groupe de lieux (nombre) : zoomer pour les séparer', colour: OKABE_ITO.bluishGreen, symbol: 'cluster' },
    ],
  },
  {
    id: 'digital-inclusion',
    group: 'services',
    colour: OKABE_ITO.blue,
    symbol: 'point',
    defaultVisible: false,
    clustered: true,
    variants: [
      { label: 'un lieu', colour: OKABE_ITO.blue, symbol: 'point' },
      { label: 'groupe de lieux (nombre) : zoomer pour les séparer', colour: OKABE_ITO.blue, symbol: 'cluster' },
    ],
  },
  { id: 'health-mediators', group: 'territories', colour: COLORBREWER.puBu[4][2], symbol: 'area', defaultVisible: false },
  { id: 'qpv', group: 'territories', colour: OKABE_ITO.yellow, symbol: 'point', defaultVisible: true },
  { id: 'priority-zones', group: 'territories', colour: OKABE_ITO.orange, symbol: 'area', defaultVisible: true },
  {
    id: 'rural-communes',
    group: 'territories',
    colour: '#7a9a3a',
    symbol: 'area',
    defaultVisible: false,
    derived: {
      from: 'communes',
      title: 'Communes rurales',
      sourceIds: ['anct-densite-communes', 'ign-communes-2018'],
      caveats: [
        'Commune rurale : niveaux de densité « Bourgs ruraux », « Rural à habitat dispersé » et « Rural à habitat très dispersé » de la grille communale de densité.',
      ],
    },
  },
  {
    id: 'illectronisme',
    group: 'territories',
    colour: COLORBREWER.purples[4][2],
    symbol: 'area',
    defaultVisible: false,
    derived: {
      from: 'epci',
      title: 'Illectronisme par EPCI',
      sourceIds: ['insee-illectronisme-epci', 'etalab-decoupage-administratif'],
      caveats: [
        'Part des personnes en situation d’illectronisme (étude INSEE Hauts-de-France) ; millésime non précisé par la source.',
        'Un EPCI à cheval sur deux départements n’est dessiné que pour sa partie dans le département.',
      ],
    },
  },
  { id: 'population-grid', group: 'territories', colour: '#555555', symbol: 'grid', defaultVisible: false },
  { id: 'departement', group: 'context', colour: OKABE_ITO.black, symbol: 'outline', defaultVisible: true },
  { id: 'arrondissements', group: 'context', colour: '#444444', symbol: 'outline', defaultVisible: true },
  { id: 'cantons', group: 'context', colour: OKABE_ITO.blue, symbol: 'dashed', defaultVisible: false },
  { id: 'epci', group: 'context', colour: OKABE_ITO.reddishPurple, symbol: 'outline', defaultVisible: false },
  { id: 'communes', group: 'context', colour: '#9a9a9a', symbol: 'outline', defaultVisible: true },
];

const FALLBACK_LEGEND: Omit<LayerLegend, 'id'> = { group: 'context', colour: OKABE_ITO.grey, symbol: 'outline', defaultVisible: false };

/** Imported layers (`import-…`): drawn as points, each in a colour of IMPORTED_PALETTE. */
const IMPORTED_LEGEND: Omit<LayerLegend, 'id'> = { group: 'services', colour: '#882255', symbol: 'point', defaultVisible: true };

/** Colours of imported layers: Paul Tol's "muted" scheme (colour-blind safe), wine first. */
export const IMPORTED_PALETTE = ['#882255', '#117733', '#332288', '#999933', '#44AA99', '#AA4499', '#DDCC77'] as const;

/** The colour of an imported layer: a stable hash (FNV-1a) of its id into IMPORTED_PALETTE, the same on the map and in every legend. */
export function importedColourOf(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return IMPORTED_PALETTE[h % IMPORTED_PALETTE.length];
}

/** Legend entry of a layer id; imported layers get a colour of their own, unknown ids (a newer bundle) a neutral grey entry. */
export function legendFor(id: string): LayerLegend {
  return (
    LAYER_LEGEND.find((l) => l.id === id) ??
    (id.startsWith('import-') ? { id, ...IMPORTED_LEGEND, colour: importedColourOf(id) } : { id, ...FALLBACK_LEGEND })
  );
}

/** The layer whose data a layer is drawn from: itself, or the base of a derived layer. */
export function dataLayerIdOf(id: string): string {
  return legendFor(id).derived?.from ?? id;
}

/** Layers drawn from the data of `baseId` (e.g. `communes` → `rural-communes`). */
export function derivedLayersOf(baseId: string): string[] {
  return LAYER_LEGEND.filter((l) => l.derived?.from === baseId).map((l) => l.id);
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get, api) => {
  // A derived layer shown before the manifest arrived (a shared link) needs its base loaded once it does.
  api.subscribe((s, prev) => {
    if (!s.manifest || s.manifest === prev.manifest) return;
    for (const l of LAYER_LEGEND) if (l.derived && s.visible[l.id]) void s.ensureLayer(l.derived.from);
  });

  return {
    visible: Object.fromEntries(LAYER_LEGEND.map((l) => [l.id, l.defaultVisible])),
    layerFilters: {},
    mediatorsYear: null,
    basemap: false,
    basemapStatus: 'off',

    setLayerVisible(id, visible) {
      if ((get().visible[id] ?? false) === visible) return;
      set((s) => ({
        visible: { ...s.visible, [id]: visible },
        // A hidden layer cannot keep a selected feature on the map.
        selected: !visible && s.selected?.layer === id ? null : s.selected,
      }));
      if (visible) void get().ensureLayer(dataLayerIdOf(id));
    },

    setLayerFilter(layerId, field, values) {
      const current = get().layerFilters[layerId] ?? {};
      const next = [...new Set(values)].sort();
      const before = current[field] ?? [];
      if (before.length === next.length && before.every((v, i) => v === next[i])) return;
      const filter = { ...current };
      if (next.length) filter[field] = next;
      else delete filter[field];
      set((s) => {
        const layerFilters = { ...s.layerFilters };
        if (Object.keys(filter).length) layerFilters[layerId] = filter;
        else delete layerFilters[layerId];
        return { layerFilters };
      });
    },

    clearLayerFilters(layerId) {
      if (!(layerId in get().layerFilters)) return;
      set((s) => {
        const layerFilters = { ...s.layerFilters };
        delete layerFilters[layerId];
        return { layerFilters };
      });
    },

    setMediatorsYear(year) {
      if (get().mediatorsYear !== year) set({ mediatorsYear: year });
    },

    setBasemap(on) {
      if (get().basemap === on) return;
      set({ basemap: on, basemapStatus: on ? 'loading' : 'off' });
    },

    reportBasemapStatus(status) {
      const s = get();
      if (!s.basemap || s.basemapStatus === status) return;
      set({ basemapStatus: status });
    },
  };
};
