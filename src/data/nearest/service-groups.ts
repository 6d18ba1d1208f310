import { LAYERS } from '../../layers/layer-registry.ts';

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

/**
 * The groups, from the layer registry: each layer with a `nearest` group joins it (layers in
 * registry order, the tie-break order); the group's first layer gives its title and rank.
 */
export const SERVICE_GROUPS: readonly ServiceGroup[] = LAYERS.filter((l) => l.nearest?.title !== undefined)
  .sort((a, b) => (a.nearest?.order ?? 0) - (b.nearest?.order ?? 0))
  .map((home) => ({
    id: home.nearest!.group,
    title: home.nearest!.title!,
    layers: LAYERS.filter((l) => l.nearest?.group === home.nearest!.group).map((l) => l.id),
  }));

/** k nearest sites per group when nothing else is asked. */
export const DEFAULT_NEAREST_K = 3;
