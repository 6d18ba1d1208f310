import { useMemo } from 'react';
import { featureIdOf, type AnyFeature } from '../state/store.ts';
import { telHref } from './format-fr.ts';
import { useAppStore } from './use-app-store.ts';

const LAYER = 'france-services';

interface Row {
  id: string;
  name: string;
  kind: string;
  commune: string;
  address: string;
  phone: string;
  appointment: boolean | null;
}

function rowOf(f: AnyFeature): Row | null {
  const id = featureIdOf(f);
  const p = f.properties ?? {};
  if (!id) return null;
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  return {
    id,
    name: s('name') || 'Sans nom',
    kind: p.kind === 'bus' ? 'Bus itinérant' : 'Site fixe',
    commune: s('commune_name'),
    address: [s('address'), s('postcode')].filter(Boolean).join(', '),
    phone: s('phone'),
    appointment: typeof p.appointment === 'boolean' ? p.appointment : null,
  };
}

/** The France Services of the département as a table: an accessible alternative to the map. */
export function FranceServicesTable() {
  const data = useAppStore((s) => s.layerData[LAYER]);
  const status = useAppStore((s) => s.layerStatus[LAYER] ?? 'idle');
  const deptName = useAppStore((s) => s.manifest?.departement.name);
  const hasLayer = useAppStore((s) => s.manifest?.layers[LAYER]?.status === 'ok');
  const manifestLoading = useAppStore((s) => s.manifestStatus === 'loading' || s.manifestStatus === 'idle');
  const error = useAppStore((s) => s.layerErrors[LAYER]);
  const selectedId = useAppStore((s) => (s.selected?.layer === LAYER ? s.selected.id : null));
  const select = useAppStore((s) => s.select);
  const ensureLayer = useAppStore((s) => s.ensureLayer);

  const rows = useMemo(
    () =>
      (data?.features as AnyFeature[] | undefined)
        ?.map(rowOf)
        .filter((r): r is Row => r !== null)
        .sort((a, b) => a.commune.localeCompare(b.commune, 'fr') || a.name.localeCompare(b.name, 'fr')) ?? [],
    [data],
  );

  /** Selects the site and moves focus to its details (which may be far up the page on a phone). */
  const showDetails = (id: string) => {
    select({ layer: LAYER, id });
    requestAnimationFrame(() => document.getElementById('details-title')?.focus());
  };

  if (!data) {
    return (
      <div className="fs-table">
        <h2>Liste des France Services</h2>
        {status === 'loading' || manifestLoading ? (
          <p>Chargement…</p>
        ) : status === 'error' ? (
          <p role="alert">Liste indisponible : {error}</p>
        ) : hasLayer ? (
          <button type="button" onClick={() => void ensureLayer(LAYER)}>
            Charger la liste
          </button>
        ) : (
          <p>Liste indisponible : aucune donnée France Services pour ce département.</p>
        )}
      </div>
    );
  }

  return (
    <div className="fs-table">
      <h2 id="fs-table-title">Liste des France Services</h2>
      <div className="table-scroll" role="region" aria-labelledby="fs-table-title" tabIndex={0}>
        <table>
          <caption>
            {rows.length} France Services{deptName ? ` dans le département ${deptName}` : ''}, par commune
          </caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Commune</th>
              <th scope="col">Adresse</th>
              <th scope="col">Type</th>
              <th scope="col">Téléphone</th>
              <th scope="col">Rendez-vous</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const tel = r.phone ? telHref(r.phone) : null;
              const isSelected = r.id === selectedId;
              return (
                <tr key={r.id} className={isSelected ? 'is-selected' : undefined} aria-current={isSelected ? 'true' : undefined}>
                  <th scope="row">{r.name}</th>
                  <td>{r.commune}</td>
                  <td>{r.address}</td>
                  <td>{r.kind}</td>
                  <td>{tel ? <a href={tel}>{r.phone}</a> : r.phone}</td>
                  <td>{r.appointment === true ? 'oui' : r.appointment === false ? 'non' : '—'}</td>
                  <td>
                    <button type="button" onClick={() => showDetails(r.id)} aria-pressed={isSelected}>
                      Voir<span className="visually-hidden"> {r.name} sur la carte</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
