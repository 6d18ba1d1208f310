import { useEffect, useMemo } from 'react';
import type { LayerData } from '../../state/app-state.ts';
import { COMMUNES } from '../../layers/communes.ts';
import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import { LAYERS } from '../../layers/layer-registry.ts';
import { useAppStore } from '../use-app-store.ts';
import { usePlaceNames } from './use-place-names.ts';
import type { ScenarioSite } from '../../core/coverage/scenario-types.ts';

/** One empty list for every render (a selector returning a new [] would re-render for ever). */
const NO_SITES: readonly ScenarioSite[] = [];

/** Point layers listed per canton: the France Services and the layers the table counts. */
const COUNTED = LAYERS.filter((l) => l.coverage?.role === 'counted');

const nameOf = (p: Record<string, unknown> | null) => (typeof p?.name === 'string' && p.name.trim() ? p.name : 'Sans nom');

function inCanton(data: LayerData | undefined, code: string): { id: string; name: string; kind: unknown; commune: unknown }[] {
  return (data?.features ?? [])
    .filter((f) => f.properties?.canton_code === code)
    .map((f) => ({
      id: String(f.properties?.id ?? ''),
      name: nameOf(f.properties),
      kind: f.properties?.kind,
      commune: f.properties?.commune_name,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/**
 * A canton's sites and communes, in the details panel: its France Services (fixed and buses, and
 * what the scenario adds, moves or closes), the sites of the other counted layers, and its communes
 * (those shared with other cantons named apart). Loads the layers it lists.
 */
export function CantonSites({ code }: { code: string }) {
  const ensureLayer = useAppStore((s) => s.ensureLayer);
  const layerData = useAppStore((s) => s.layerData);
  const row = useAppStore((s) => s.coverageTable?.rows.find((r) => r.cantonCode === code));
  const scenarioSites = useAppStore((s) => (s.coverageDate === null ? (s.scenarioOutcome?.sites ?? NO_SITES) : NO_SITES));
  const names = usePlaceNames();
  useEffect(() => {
    for (const id of [FRANCE_SERVICES.id, COMMUNES.id, ...COUNTED.map((l) => l.id)]) void ensureLayer(id);
  }, [ensureLayer]);
  const fs = useMemo(() => inCanton(layerData[FRANCE_SERVICES.id], code), [layerData, code]);
  const changed = new Map(scenarioSites.filter((s) => s.action !== 'add').map((s) => [s.id, s.action]));
  const added = scenarioSites.filter((s) => s.action !== 'close' && s.cantonCode === code);
  const communes = useMemo(
    () =>
      (layerData[COMMUNES.id]?.features ?? [])
        .filter((f) => f.properties?.canton_code === code)
        .map((f) => nameOf(f.properties))
        .sort((a, b) => a.localeCompare(b, 'fr')),
    [layerData, code],
  );
  return (
    <div className="canton-sites">
      <h3>France Services du canton</h3>
      {fs.length === 0 && added.length === 0 ? (
        <p>Aucune France Services dans ce canton.</p>
      ) : (
        <ul>
          {fs.map((s) => (
            <li key={s.id}>
              {s.name}
              {typeof s.commune === 'string' ? ` — ${s.commune}` : ''} ({s.kind === 'bus' ? 'bus itinérant, à sa base' : 'site fixe'})
              {changed.get(s.id) === 'close' && <strong> — fermée dans le scénario</strong>}
              {changed.get(s.id) === 'move' && <strong> — déplacée dans le scénario</strong>}
            </li>
          ))}
          {added.map((s) => (
            <li key={`${s.operation}-${s.id}`}>
              <strong>Hypothétique :</strong> {s.name ?? names.site(s.id) ?? s.id}
              {names.commune(s.communeCode) ? ` — ${names.commune(s.communeCode)}` : ''}
              {s.action === 'move' ? ' (déplacée ici par le scénario)' : ' (ajoutée par le scénario)'}
            </li>
          ))}
        </ul>
      )}
      {COUNTED.map((layer) => {
        const data = layerData[layer.id];
        if (!data) return null;
        const sites = inCanton(data, code);
        return (
          <details key={layer.id} className="canton-sites__layer">
            <summary>
              {layer.title} : {sites.length}
            </summary>
            <ul>
              {sites.map((s) => (
                <li key={s.id}>
                  {s.name}
                  {typeof s.commune === 'string' ? ` — ${s.commune}` : ''}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
      <details className="canton-sites__layer" open={communes.length <= 12}>
        <summary>
          Communes : {communes.length + (row?.splitCommunes.length ?? 0)}
          {row && row.splitCommunes.length > 0 ? ` dont ${row.splitCommunes.length} partagée(s)` : ''}
        </summary>
        <p>
          {communes.join(', ')}
          {row && row.splitCommunes.length > 0 && (
            <>
              {communes.length ? ' ; ' : ''}
              partagée(s) avec d’autres cantons : {row.splitCommunes.join(', ')}
            </>
          )}
        </p>
      </details>
    </div>
  );
}
