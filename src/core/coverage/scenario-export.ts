import type { CoverageRow } from './coverage-types.ts';
import type { CoverageScenarioInfo } from './scenario-types.ts';

/** "1 site", "2 sites": French plural of a count. */
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * With a scenario: the column saying how many of the canton's France Services are hypothetical
 * (added, or moved to a new place). Same shape as the export's other columns.
 */
export function hypotheticalColumn(scenario: CoverageScenarioInfo) {
  const placed = scenario.sites.filter((s) => s.hypothetical && s.cantonCode !== null);
  return {
    name: 'hypothetical_france_services',
    titleFr: 'France Services hypothétiques (scénario)',
    datatype: 'integer' as const,
    description:
      'France Services du canton (sites fixes et bus) qui sont hypothétiques : ajoutés ou déplacés par le scénario, ils ne sont pas dans la liste officielle. Ligne total : tous les sites hypothétiques placés dans un canton.',
    value: (r: CoverageRow) => (r.rowType === 'total' ? placed.length : placed.filter((s) => s.cantonCode === r.cantonCode).length),
  };
}

/** The scenario's line of the method text: its name, how many hypothetical sites, and every operation. */
export function scenarioMethodText(scenario: CoverageScenarioInfo): string[] {
  const hypothetical = scenario.sites.filter((s) => s.hypothetical).length;
  const what = scenario.sites.map((s) => {
    if (s.action === 'close') return `fermeture de ${s.id}`;
    const where = `en ${s.lngLat![0]}, ${s.lngLat![1]}${s.cantonCode ? ` (canton ${s.cantonCode})` : ' (hors de tout canton)'}`;
    return s.action === 'add' ? `ajout de « ${s.name ?? s.id} » (${s.id}) ${where}` : `déplacement de ${s.id} ${where}`;
  });
  return [
    `Scénario${scenario.name ? ` « ${scenario.name} »` : ''} : ${plural(hypothetical, 'France Services hypothétique', 'France Services hypothétiques')} (absent${hypothetical > 1 ? 's' : ''} de la liste officielle), comptés dans les chiffres : ${what.join(' ; ') || 'aucune opération'}.`,
  ];
}

/** The scenario in the exports' metadata, snake_case like the columns. */
export function scenarioMetadata(scenario: CoverageScenarioInfo) {
  return {
    name: scenario.name,
    sites: scenario.sites.map((s) => ({
      action: s.action,
      id: s.id,
      name: s.name,
      hypothetical: s.hypothetical,
      kind: s.kind,
      lon: s.lngLat?.[0] ?? null,
      lat: s.lngLat?.[1] ?? null,
      commune_code: s.communeCode,
      canton_code: s.cantonCode,
    })),
  };
}
