import { OKABE_ITO } from '../../layers/palettes.ts';

/**
 * Colour and dash of each line of the growth chart, by position: Okabe–Ito colours (safe for the
 * common colour-vision deficiencies) and a different dash per line, so that colour is never the
 * only cue. Shared by the chart (loaded lazily) and its legend (in the first view).
 */
export const GROWTH_STYLES = [
  { colour: OKABE_ITO.blue, dash: [] as number[], width: 3 },
  { colour: OKABE_ITO.vermillion, dash: [10, 5], width: 3 },
  { colour: OKABE_ITO.bluishGreen, dash: [3, 4], width: 3 },
] as const;

/** Fill of the bars of a yearly count. */
export const BAR_COLOUR = OKABE_ITO.blue;
