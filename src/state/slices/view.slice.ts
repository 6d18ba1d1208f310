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

export type LegendSymbol = 'point' | 'ring' | 'area' | 'outline' | 'dashed' | 'grid';
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
  { id: 'first-reception', group: 'services', colour: OKABE_ITO.bluishGreen, symbol: 'point', defaultVisible: false },
  { id: 'digital-inclusion', group: 'services', colour: OKABE_ITO.blue, symbol: 'point', defaultVisible: false },
  { id: 'health-mediators', group: 'territories', colour: OKABE_ITO.skyBlue, symbol: 'area', defaultVisible: false },
  { id: 'qpv', group: 'territories', colour: OKABE_ITO.yellow, symbol: 'point', defaultVisible: true },
  { id: 'priority-zones', group: 'territories', colour: OKABE_ITO.orange, symbol: 'area', defaultVisible: true },
  { id: 'population-grid', group: 'territories', colour: '#555555', symbol: 'grid', defaultVisible: false },
  { id: 'departement', group: 'context', colour: OKABE_ITO.black, symbol: 'outline', defaultVisible: true },
  { id: 'arrondissements', group: 'context', colour: '#444444', symbol: 'outline', defaultVisible: true },
  { id: 'cantons', group: 'context', colour: OKABE_ITO.blue, symbol: 'dashed', defaultVisible: false },
  { id: 'epci', group: 'context', colour: OKABE_ITO.reddishPurple, symbol: 'outline', defaultVisible: false },
  { id: 'communes', group: 'context', colour: '#9a9a9a', symbol: 'outline', defaultVisible: true },
];

const FALLBACK_LEGEND: Omit<LayerLegend, 'id'> = { group: 'context', colour: OKABE_ITO.grey, symbol: 'outline', defaultVisible: false };

/** Legend entry of a layer id; unknown ids (a newer bundle) get a neutral grey entry. */
export function legendFor(id: string): LayerLegend {
  return LAYER_LEGEND.find((l) => l.id === id) ?? { id, ...FALLBACK_LEGEND };
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  visible: Object.fromEntries(LAYER_LEGEND.map((l) => [l.id, l.defaultVisible])),

  setLayerVisible(id, visible) {
    if ((get().visible[id] ?? false) === visible) return;
    set((s) => ({
      visible: { ...s.visible, [id]: visible },
      // A hidden layer cannot keep a selected feature on the map.
      selected: !visible && s.selected?.layer === id ? null : s.selected,
    }));
    if (visible) void get().ensureLayer(id);
  },
});
