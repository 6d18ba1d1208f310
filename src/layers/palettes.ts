/**
 * Colours of the map and its legends, chosen for the common colour-vision deficiencies.
 * Presentation data: the layer registry and the map read them; nothing in src/state does.
 */

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

/** The ramp of `scheme` made for `n` classes (the nearest one when there is none for `n`). */
export function rampFor(scheme: keyof typeof COLORBREWER, n: number): readonly string[] {
  const ramps = COLORBREWER[scheme] as Record<number, readonly string[]>;
  if (ramps[n]) return ramps[n];
  return n < 2 ? ramps[2].slice(-1) : ramps[5];
}

/** Colours of imported layers: Paul Tol's "muted" scheme (colour-blind safe), wine first. */
export const IMPORTED_PALETTE = ['#882255', '#117733', '#332288', '#999933', '#44AA99', '#AA4499', '#DDCC77'] as const;

/** The colour of an imported layer: a stable hash (FNV-1a) of its id into IMPORTED_PALETTE, the same on the map and in every legend. */
export function importedColourOf(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return IMPORTED_PALETTE[h % IMPORTED_PALETTE.length];
}
