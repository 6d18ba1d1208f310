import type { ScenarioOperation, ScenarioSite } from '../../core/coverage/scenario-types.ts';

/** What the planner needs to name places: communes by INSEE code, cantons by code, existing France Services by id. */
export interface PlaceNames {
  commune(code: string | null | undefined): string | null;
  canton(code: string | null | undefined): string | null;
  site(id: string): string | null;
}

const where = (names: PlaceNames, site: ScenarioSite | undefined) => {
  if (!site || site.action === 'close') return '';
  const commune = names.commune(site.communeCode);
  const canton = names.canton(site.cantonCode);
  if (!commune && !canton) return ' (hors des cantons du département)';
  return ` (${[commune, canton ? `canton de ${canton}` : null].filter(Boolean).join(', ')})`;
};

/** One operation of a scenario in French, with where it lands once applied (`site`, from the worker's outcome). */
export function describeOperation(op: ScenarioOperation, site: ScenarioSite | undefined, names: PlaceNames): string {
  switch (op.action) {
    case 'add':
      return `Ajout : ${op.name ?? 'site hypothétique'}${where(names, site)}`;
    case 'move':
      return `Déplacement : ${names.site(op.id) ?? `France Services ${op.id}`}${where(names, site)}`;
    case 'close': {
      const canton = names.canton(site?.cantonCode);
      return `Fermeture : ${names.site(op.id) ?? `France Services ${op.id}`}${canton ? ` (canton de ${canton})` : ''}`;
    }
  }
}
