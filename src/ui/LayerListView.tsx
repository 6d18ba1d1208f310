import { type ReactNode, useId, useMemo, useState } from 'react';
import { normalizeText } from '../core/text/normalize-text.ts';
import { dataLayerIdOf } from '../layers/layer-registry.ts';
import {
  derivedFeatureFilter,
  selectFilteredLayerData,
  selectLayerInfo,
  selectLegendLayerIds,
  type LayerInfo,
} from '../state/layer-views.ts';
import { featureIdOf, type AnyFeature } from '../layers/feature-props.ts';
import { formatCountFr, telHref } from './format-fr.ts';
import { useAppStore } from './use-app-store.ts';

type Props = Record<string, unknown>;

/** Rows shown at once; more on demand (the digital-inclusion layer has over a thousand places). */
const PAGE = 100;

const AREA_LAYERS = new Set([
  'departement',
  'arrondissements',
  'cantons',
  'epci',
  'communes',
  'priority-zones',
  'health-mediators',
  'rural-communes',
  'illectronisme',
]);

const text = (p: Props, k: string): string => {
  const v = p[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};
const count = (p: Props, k: string): string => (typeof p[k] === 'number' ? formatCountFr(p[k] as number) : '—');

interface Column {
  label: string;
  value(p: Props): string;
  numeric?: boolean;
  phone?: boolean;
}

/** The columns that say what the map shows for a layer. */
function columnsOf(layerId: string, features: AnyFeature[]): Column[] {
  if (layerId === 'qpv') {
    return [
      { label: 'Quartiers prioritaires', value: (p) => text(p, 'qpv_names') },
      { label: 'Nombre', value: (p) => count(p, 'qpv_count'), numeric: true },
    ];
  }
  if (layerId === 'health-mediators') {
    const latest =
      features
        .map((f) => text((f.properties ?? {}) as Props, 'latest_year'))
        .sort()
        .pop() ?? '';
    return [
      { label: 'Type de territoire', value: (p) => (text(p, 'territory_type') === 'epci' ? 'intercommunalité' : 'commune') },
      { label: `Postes adultes-relais ${latest}`, value: (p) => count(p, `posts_${latest}`), numeric: true },
    ];
  }
  if (AREA_LAYERS.has(layerId)) {
    const cols: Column[] = [
      { label: 'Code', value: (p) => text(p, 'code') },
      {
        label: 'Population',
        value: (p) =>
          count(p, typeof features[0]?.properties?.population_in_departement === 'number' ? 'population_in_departement' : 'population'),
        numeric: true,
      },
    ];
    if (layerId === 'epci' || layerId === 'illectronisme')
      cols.push({
        label: 'Illectronisme (%)',
        value: (p) => (typeof p.illectronisme_rate_pct === 'number' ? String(p.illectronisme_rate_pct).replace('.', ',') : '—'),
        numeric: true,
      });
    if (layerId === 'communes' || layerId === 'rural-communes')
      cols.push(
        { label: 'Canton', value: (p) => text(p, 'canton_code') || 'partagée' },
        { label: 'Rurale', value: (p) => (p.rural === true ? 'oui' : 'non') },
      );
    return cols;
  }
  const cols: Column[] = [
    { label: 'Commune', value: (p) => text(p, 'commune_name') },
    { label: 'Adresse', value: (p) => [text(p, 'address'), text(p, 'postcode')].filter(Boolean).join(', ') },
    {
      label: 'Type',
      value: (p) => (p.kind === 'bus' ? 'Bus itinérant' : p.kind === 'fixed' ? 'Site fixe' : text(p, 'nature') || text(p, 'kind')),
    },
    { label: 'Téléphone', value: (p) => text(p, 'phone'), phone: true },
  ];
  if (layerId === 'france-services' || layerId === 'france-services-nearby') {
    cols.push({ label: 'Rendez-vous', value: (p) => (p.appointment === true ? 'oui' : p.appointment === false ? 'non' : '—') });
  }
  return cols;
}

function nameOf(p: Props): string {
  return text(p, 'name') || text(p, 'commune_name') || text(p, 'id') || text(p, 'code') || 'Sans nom';
}

function sourcesLine(layer: LayerInfo): string {
  return layer.sources.map((s) => `${s.producer} — ${s.title} (${s.vintage})`).join(' ; ');
}

const NO_FEATURES: AnyFeature[] = [];

function LayerOption({ id }: { id: string }) {
  const l = useAppStore((s) => selectLayerInfo(s, id));
  return (
    <option value={id}>
      {l?.title ?? id}
      {l ? (l.status !== 'ok' ? ' (aucune donnée)' : l.features !== null ? ` (${formatCountFr(l.features)})` : '') : ''}
    </option>
  );
}

/**
 * The list view: every layer the map shows (derived layers and the map's filters included),
 * as an accessible table (a text alternative to the map), filterable by name or commune;
 * choosing a row shows it on the map.
 */
export function LayerListView() {
  const ids = useAppStore(selectLegendLayerIds);
  const [layerId, setLayerId] = useState('france-services');
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState(PAGE);
  // a derived layer (e.g. rural communes) lists its base layer's features that it draws
  const baseId = dataLayerIdOf(layerId);
  const data = useAppStore((s) => selectFilteredLayerData(s, baseId));
  const status = useAppStore((s) => s.layerStatus[baseId] ?? 'idle');
  const error = useAppStore((s) => s.layerErrors[baseId]);
  const filtered = useAppStore((s) => s.layerData[baseId] !== undefined && selectFilteredLayerData(s, baseId) !== s.layerData[baseId]);
  const selectedId = useAppStore((s) => (s.selected?.layer === baseId ? s.selected.id : null));
  const select = useAppStore((s) => s.select);
  const ensureLayer = useAppStore((s) => s.ensureLayer);
  const layer = useAppStore((s) => selectLayerInfo(s, layerId));
  const selectId = useId();
  const filterId = useId();

  const features = useMemo(() => {
    const all = (data?.features ?? NO_FEATURES) as AnyFeature[];
    const keep = derivedFeatureFilter(layerId);
    return keep ? all.filter((f) => keep((f.properties ?? {}) as Props)) : all;
  }, [data, layerId]);
  const columns = useMemo(() => columnsOf(layerId, features), [layerId, features]);
  const rows = useMemo(() => {
    const q = normalizeText(query);
    return features
      .map((f) => ({ id: featureIdOf(f), p: (f.properties ?? {}) as Props }))
      .filter((r): r is { id: string; p: Props } => r.id !== null)
      .filter((r) => !q || normalizeText(`${nameOf(r.p)} ${text(r.p, 'commune_name')} ${text(r.p, 'code')}`).includes(q))
      .sort(
        (a, b) => text(a.p, 'commune_name').localeCompare(text(b.p, 'commune_name'), 'fr') || nameOf(a.p).localeCompare(nameOf(b.p), 'fr'),
      );
  }, [features, query]);

  const choose = (id: string) => {
    setLayerId(id);
    setShown(PAGE);
    void ensureLayer(dataLayerIdOf(id));
  };
  const showOnMap = (id: string) => {
    select({ layer: baseId, id });
    requestAnimationFrame(() => document.getElementById('details-title')?.focus());
  };

  const title = layer?.title ?? layerId;
  let body: ReactNode;
  if (!layer) body = <p>Aucune couche chargée.</p>;
  else if (layer.status !== 'ok') {
    body = (
      <p>
        Aucune donnée chargée pour « {title} ».{' '}
        {layer.accepts?.length ? `Vous pouvez importer un fichier : ${layer.accepts.join(' ; ')}.` : ''}
      </p>
    );
  } else if (!data) {
    body =
      status === 'error' ? (
        <p role="alert">Liste indisponible : {error}</p>
      ) : status === 'loading' ? (
        <p>Chargement…</p>
      ) : (
        <button type="button" onClick={() => void ensureLayer(baseId)}>
          Charger la liste
        </button>
      );
  } else if (layerId === 'population-grid') {
    const inDept = features.filter((f) => (f.properties as Props)?.in_departement === 1);
    const population = inDept.reduce(
      (s, f) => s + (typeof (f.properties as Props).population === 'number' ? ((f.properties as Props).population as number) : 0),
      0,
    );
    body = (
      <p>
        Grille de population de 1 km : {formatCountFr(inDept.length)} carreaux habités dans le département, {formatCountFr(population)}{' '}
        habitants (et {formatCountFr(features.length - inDept.length)} carreaux voisins, jusqu’à 5 km). Les carreaux n’ont pas de nom : la
        carte les montre.
      </p>
    );
  } else {
    body = (
      <>
        <div className="list-view__filter">
          <label htmlFor={filterId}>Filtrer par nom ou commune</label>
          <input
            id={filterId}
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setShown(PAGE);
            }}
          />
        </div>
        <div className="table-scroll" role="region" aria-labelledby="list-view-caption" tabIndex={0}>
          <table>
            <caption id="list-view-caption">
              {title}
              {filtered ? ' (filtres de la carte appliqués)' : ''} :{' '}
              {rows.length === features.length ? `${rows.length} lignes` : `${rows.length} lignes sur ${features.length}`}
              {rows.length > shown ? `, ${shown} premières affichées` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                {columns.map((c) => (
                  <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((r) => {
                const isSelected = r.id === selectedId;
                const name = nameOf(r.p);
                return (
                  <tr key={r.id} className={isSelected ? 'is-selected' : undefined} aria-current={isSelected ? 'true' : undefined}>
                    <th scope="row">{name}</th>
                    {columns.map((c) => {
                      const v = c.value(r.p);
                      const tel = c.phone && v ? telHref(v) : null;
                      return (
                        <td key={c.label} className={c.numeric ? 'num' : undefined}>
                          {tel ? <a href={tel}>{v}</a> : v}
                        </td>
                      );
                    })}
                    <td>
                      <button type="button" onClick={() => showOnMap(r.id)} aria-pressed={isSelected}>
                        Voir<span className="visually-hidden"> {name} sur la carte</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {rows.length > shown && (
          <button type="button" className="list-view__more" onClick={() => setShown((n) => n + PAGE)}>
            Afficher {Math.min(PAGE, rows.length - shown)} lignes de plus
          </button>
        )}
        <p className="list-view__source">Source : {sourcesLine(layer)}</p>
      </>
    );
  }

  return (
    <div className="fs-table list-view">
      <h2 id="list-view-title">Liste des lieux et territoires</h2>
      <div className="list-view__choose">
        <label htmlFor={selectId}>Couche</label>
        <select id={selectId} value={layerId} onChange={(e) => choose(e.target.value)}>
          {ids.map((id) => (
            <LayerOption key={id} id={id} />
          ))}
        </select>
      </div>
      {body}
    </div>
  );
}
