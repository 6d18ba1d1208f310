/**
 * What "the nearest service" means for a resident: one group per kind of service, each searched
 * over one or more bundle layers taken together. France Services include those of the
 * neighbouring départements (`france-services-nearby`, within ~30 km of the border), so that
 * someone near the edge sees the truly nearest site. The MSAP layer is left out on purpose: it
 * is a history of sites since replaced or relabelled, not a place to go today.
 */
export interface ServiceGroup {
  /** Group id; the CLI's `--layer` value. */
  id: string;
  /** French title shown above the group's results. */
  title: string;
  /** Bundle layer ids searched together, in tie-break order. */
  layers: readonly string[];
}

export const SERVICE_GROUPS: readonly ServiceGroup[] = [
  { id: 'france-services', title: 'France Services', layers: ['france-services', 'france-services-nearby'] },
  { id: 'first-reception', title: 'Premier accueil social et lieux d’aide', layers: ['first-reception'] },
  { id: 'digital-inclusion', title: 'Aide au numérique', layers: ['digital-inclusion'] },
  { id: 'msp', title: 'Maisons de santé pluriprofessionnelles', layers: ['msp'] },
];

/** k nearest sites per group when nothing else is asked. */
export const DEFAULT_NEAREST_K = 3;
