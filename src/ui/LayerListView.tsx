import { type ReactNode, useId, useMemo, useState } from 'react';
import { normalizeText } from '../core/text/normalize-text.ts';
import {
  derivedFeatureFilter,
  selectFilteredLayerData,
  selectLayerInfo,
  selectLegendLayerIds,
  type LayerInfo,
} from '../state/layer-views.ts';
import { featureIdOf, type AnyFeature } from '../layers/feature-props.ts';
import { telHref } from './format-fr.ts';
import { formatCountFr } from '../layers/french-format.ts';
import { LAYERS, dataLayerIdOf, layerDef } from '../layers/layer-registry.ts';
import { cellText, siteColumns } from '../layers/list-columns.ts';
import type { ListColumn } from '../layers/layer-types.ts';
import { useAppStore } from './use-app-store.ts';

type Props = Record<string, unknown>;

/** Rows shown at once; more on demand (the digital-inclusion layer has over a thousand places). */
const PAGE = 100;

const text = cellText;

/** The columns that say what the map shows for a layer: its registry entry's, else those of sites (imported layers). */
function columnsOf(layerId: string, features: AnyFeature[]): ListColumn[] {
  const list = layerDef(layerId)?.list;
  return list?.columns ? list.columns(features) : siteColumns();
}

function nameOf(p: Props): string {
  return text(p, 'name') || text(p, 'commune_name') || text(p, 'id') || text(p, 'code') || 'Sans nom';
}

function sourcesLine(layer: LayerInfo): string {
  return layer.sources.map((s) => `${s.producer} — ${s.title} (${s.vintage})`).join(' ; ');
}

type Row = { id: string; p: Props };

const NO_FEATURES: AnyFeature[] = [];

/** One row: the name, the layer's columns, and a button that shows the feature on the map. */
function ListRow({ row, columns, selected, onShow }: { row: Row; columns: ListColumn[]; selected: boolean; onShow(id: string): void }) {
  const name = nameOf(row.p);
  return (
    <tr className={selected ? 'is-selected' : undefined} aria-current={selected ? 'true' : undefined}>
      <th scope="row">{name}</th>
      {columns.map((c) => {
        const v = c.value(row.p);
        const tel = c.phone && v ? telHref(v) : null;
        return (
          <td key={c.label} className={c.numeric ? 'num' : undefined}>
            {tel ? <a href={tel}>{v}</a> : v}
          </td>
        );
      })}
      <td>
        <button type="button" onClick={() => onShow(row.id)} aria-pressed={selected}>
          Voir<span className="visually-hidden"> {name} sur la carte</span>
        </button>
      </td>
    </tr>
  );
}

/** The table of a layer's features (the rows shown), captioned with what it holds. */
function ListTable({
  caption,
  columns,
  rows,
  selectedId,
  onShow,
}: {
  caption: string;
  columns: ListColumn[];
  rows: Row[];
  selectedId: string | null;
  onShow(id: string): void;
}) {
  return (
    <div className="table-scroll" role="region" aria-labelledby="list-view-caption" tabIndex={0}>
      <table>
        <caption id="list-view-caption">{caption}</caption>
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
          {rows.map((r) => (
            <ListRow key={r.id} row={r} columns={columns} selected={r.id === selectedId} onShow={onShow} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

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
  const [layerId, setLayerId] = useState(LAYERS[0].id);
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
      .filter((r): r is Row => r.id !== null)
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
  } else if (layerDef(layerId)?.list?.summary) {
    body = <p>{layerDef(layerId)!.list!.summary!(features)}</p>;
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
        <ListTable
          caption={`${title}${filtered ? ' (filtres de la carte appliqués)' : ''} : ${rows.length === features.length ? `${rows.length} lignes` : `${rows.length} lignes sur ${features.length}`}${rows.length > shown ? `, ${shown} premières affichées` : ''}`}
          columns={columns}
          rows={rows.slice(0, shown)}
          selectedId={selectedId}
          onShow={showOnMap}
        />
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
