/** A manifest of the bundle contract for hand-written test bundles: the given layers, fictional everything else. */
export function fictionalManifest(
  departement: { code: string; name: string; extent: [number, number, number, number] },
  layers: Record<string, { file: string; status?: 'ok' | 'no-data'; features?: number; title?: string }>,
): Record<string, unknown> {
  return {
    format: 'maillage-bundle',
    version: 1,
    departement,
    reference: { package: '@etalab/decoupage-administratif', version: '0.0.0-test' },
    coverage: {
      target: 1,
      priorityTarget: 2,
      priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
      ruralDensityLevels: [],
      basis: 'test',
    },
    layers: Object.fromEntries(
      Object.entries(layers).map(([id, l]) => [
        id,
        {
          id,
          title: l.title ?? `Titre ${id}`,
          file: l.file,
          status: l.status ?? 'ok',
          features: l.features ?? 0,
          sources: [],
          caveats: [],
        },
      ]),
    ),
    report: { entries: 0, by_action: {} },
  };
}
