import { OKABE_ITO } from './palettes.ts';

/**
 * How the planner's own sites are drawn (src/map/planner-sites.layer.ts) and shown in its legend
 * (src/ui/planner/PlannerSymbols.tsx): shapes that read apart without colour (a ringed dot, a
 * cross, a numbered disc), in Okabe–Ito colours next to the vermillion France Services.
 */
export const PLANNER_SYMBOLS = {
  /** A France Services added or moved by the scenario: white disc, thick black ring, vermillion centre. */
  hypothetical: {
    fill: '#ffffff',
    ring: '#1a1a1a',
    dot: OKABE_ITO.vermillion,
    label: 'France Services hypothétique (ajoutée ou déplacée)',
  },
  /** Where a closed or moved France Services was: a grey ring with a black cross. */
  removed: { ring: '#6e6e6e', cross: '#1a1a1a', label: 'France Services fermée ou ancien emplacement d’un site déplacé' },
  /** A suggested placement: a yellow disc with its rank in black. */
  suggestion: { fill: OKABE_ITO.yellow, ring: '#1a1a1a', text: '#1a1a1a', label: 'Emplacement suggéré (numéro : rang)' },
  /** A site picked to be moved, and the path of a moved site. */
  accent: OKABE_ITO.blue,
} as const;
