import { useMemo } from 'react';
import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import { useAppStore } from '../use-app-store.ts';
import type { PlaceNames } from './scenario-text.ts';

/** The département's France Services as the planner lists them: id, name, commune, fixed or bus; by name. */
export interface ExistingSite {
  id: string;
  name: string;
  commune: string | null;
  kind: 'fixed' | 'bus';
}

/** The France Services of the bundle, by name (for the "move" and "close" lists). */
export function useExistingSites(): ExistingSite[] {
  const data = useAppStore((s) => s.layerData[FRANCE_SERVICES.id]);
  return useMemo(() => {
    const sites: ExistingSite[] = [];
    for (const f of data?.features ?? []) {
      const p = f.properties;
      if (!p || (typeof p.id !== 'string' && typeof p.id !== 'number')) continue;
      sites.push({
        id: String(p.id),
        name: typeof p.name === 'string' ? p.name : `France Services ${p.id}`,
        commune: typeof p.commune_name === 'string' ? p.commune_name : null,
        kind: p.kind === 'bus' ? 'bus' : 'fixed',
      });
    }
    return sites.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }, [data]);
}

/** Names of communes (the planner's candidates), cantons (the table) and existing France Services. */
export function usePlaceNames(): PlaceNames {
  const candidates = useAppStore((s) => s.coverageCandidates);
  const base = useAppStore((s) => s.coverageBase);
  const sites = useExistingSites();
  return useMemo(() => {
    const communes = new Map((candidates ?? []).map((c) => [c.communeCode, c.name]));
    const cantons = new Map((base?.cantons ?? []).map((c) => [c.code, c.name]));
    const byId = new Map(sites.map((s) => [s.id, s.name]));
    return {
      commune: (code) => (code ? (communes.get(code) ?? null) : null),
      canton: (code) => (code ? (cantons.get(code) ?? null) : null),
      site: (id) => byId.get(id) ?? null,
    };
  }, [candidates, base, sites]);
}
