/**
 * Classes of the planner's canton choropleth, shared by the map and its legend (blue–red: safe for
 * colour-vision deficiencies). Presentation of the coverage table's status column.
 */
export const COVERAGE_CLASSES = [
  { id: 'met', level: 0, label: 'Cible atteinte', colour: '#2166AC' },
  { id: 'gap-1', level: 1, label: 'Il manque 1 France Services', colour: '#F4A582' },
  { id: 'gap-2', level: 2, label: 'Il en manque 2 ou plus', colour: '#B2182B' },
] as const;

/** Choropleth level of a row: 0 met, 1 one missing, 2 two or more missing. */
export function coverageLevelOf(row: { gap: number }): 0 | 1 | 2 {
  return row.gap <= 0 ? 0 : row.gap === 1 ? 1 : 2;
}
