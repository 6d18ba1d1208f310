import { useState } from 'react';
import { dataLayerIdOf, layerDef, legendFor } from '../layers/layer-registry.ts';
import {
  selectChoropleth,
  selectLayerFacets,
  selectLayerInfo,
  selectLegendLayerIds,
  selectMediatorsYear,
  selectMediatorsYears,
  type Facet,
  type LayerInfo,
} from '../state/layer-views.ts';
import type { LegendGroup } from '../layers/layer-types.ts';
import { LegendSwatch } from './LegendSwatch.tsx';
import { formatCountFr } from '../layers/french-format.ts';
import { useAppStore } from './use-app-store.ts';
import { isBelowLayerMinzoom, selectZoom } from '../state/selectors.ts';

const GROUP_TITLES: Record<LegendGroup, string> = {
  services: 'Lieux de services',
  territories: 'Territoires et population',
  context: 'Découpage administratif',
};
const GROUP_ORDER: LegendGroup[] = ['services', 'territories', 'context'];

/** The online basemap switch, with its state in words (loading, unreachable, credited). */
function BasemapSwitch() {
  const on = useAppStore((s) => s.basemap);
  const status = useAppStore((s) => s.basemapStatus);
  const setBasemap = useAppStore((s) => s.setBasemap);
  return (
    <div className="basemap">
      <div className="basemap__head">
        <input
          type="checkbox"
          role="switch"
          id="basemap-switch"
          checked={on}
          aria-describedby="basemap-desc"
          onChange={(e) => setBasemap(e.currentTarget.checked)}
        />
        <label htmlFor="basemap-switch">Fond de carte en ligne (Plan IGN)</label>
      </div>
      <div id="basemap-desc" className="basemap__desc">
        {!on && <p>Désactivé : la carte n’utilise que les couches locales, sans connexion.</p>}
        {on && status === 'loading' && <p role="status">Chargement du fond de carte…</p>}
        {on && status === 'ok' && <p role="status">Plan IGN v2 — © IGN, Géoplateforme (Licence Ouverte).</p>}
        {on && status === 'error' && (
          <p className="basemap__error" role="alert">
            Fond de carte en ligne injoignable — la carte reste utilisable avec les couches locales.
          </p>
        )}
      </div>
    </div>
  );
}

/** One group of filter checkboxes, each with the number of places it would show. */
function FacetGroup({ layerId, facet }: { layerId: string; facet: Facet }) {
  const setLayerFilter = useAppStore((s) => s.setLayerFilter);
  const checked = facet.options.filter((o) => o.checked).map((o) => o.value);
  const toggle = (value: string, on: boolean) =>
    setLayerFilter(layerId, facet.field, on ? [...checked, value] : checked.filter((v) => v !== value));
  return (
    <fieldset className="facet">
      <legend>{facet.label}</legend>
      <ul>
        {facet.options.map((o, i) => {
          const inputId = `filter-${layerId}-${facet.field}-${i}`;
          return (
            <li key={o.value}>
              <input type="checkbox" id={inputId} checked={o.checked} onChange={(e) => toggle(o.value, e.currentTarget.checked)} />
              <label htmlFor={inputId}>
                {o.label} <span className="facet__count">{formatCountFr(o.count)}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {facet.missing && (
        <p className="facet__missing">
          {formatCountFr(facet.missing.count)} {facet.missing.note}
        </p>
      )}
    </fieldset>
  );
}

/** The filters of a layer (folded), what they leave shown, and a reset button. */
function LayerFilters({ id, title }: { id: string; title: string }) {
  const facets = useAppStore((s) => selectLayerFacets(s, id));
  const clear = useAppStore((s) => s.clearLayerFilters);
  // open at first when a filter is already set (a shared link), then as the user leaves it
  const [open, setOpen] = useState(() => facets?.active ?? false);
  if (!facets) return null;
  const activeCount = facets.facets.reduce((n, f) => n + f.options.filter((o) => o.checked).length, 0);
  return (
    <details className="layer__filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Filtrer{activeCount > 0 && ` (${activeCount} critère${activeCount > 1 ? 's' : ''})`}
        <span className="visually-hidden"> : {title}</span>
      </summary>
      <p className="layer__filter-result" role="status">
        {facets.active
          ? `${formatCountFr(facets.shown)} lieux affichés sur ${formatCountFr(facets.total)}`
          : `Tous les lieux affichés (${formatCountFr(facets.total)})`}
      </p>
      {facets.active && (
        <button type="button" className="layer__filter-reset" onClick={() => clear(id)}>
          Effacer les filtres
        </button>
      )}
      <p className="facet__hint">Dans un même groupe, un lieu est gardé s’il a l’une des valeurs cochées.</p>
      {facets.facets.map((f) => (
        <FacetGroup key={f.field} layerId={id} facet={f} />
      ))}
    </details>
  );
}

/** The year shown by the adultes-relais choropleth. */
function YearSelect() {
  const years = useAppStore(selectMediatorsYears);
  const year = useAppStore(selectMediatorsYear);
  const setYear = useAppStore((s) => s.setMediatorsYear);
  if (years.length < 2 || year === null) return null;
  return (
    <div className="layer__year">
      <label htmlFor="mediators-year">Année</label>
      <select id="mediators-year" value={year} onChange={(e) => setYear(Number(e.currentTarget.value))}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The classes of a choropleth, as drawn on the map. */
function ChoroplethLegend({ id }: { id: string }) {
  const choropleth = useAppStore((s) => selectChoropleth(s, id));
  if (!choropleth) return null;
  return (
    <div className="layer__classes">
      <p className="layer__classes-title">{choropleth.title}</p>
      <ul aria-label={`Légende : ${choropleth.title}`}>
        {choropleth.classes.map((c) => (
          <li key={c.label}>
            <span className="swatch swatch--class" style={{ backgroundColor: c.colour }} aria-hidden="true" />
            {c.label}{' '}
            <span className="layer__classes-count">
              ({formatCountFr(c.count)} {c.count > 1 ? (choropleth.unit?.many ?? 'territoires') : (choropleth.unit?.one ?? 'territoire')})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What a legend entry says of its layer: no data (and what to import), or its sources; its loading state. */
function LayerMeta({ id, descId, layer }: { id: string; descId: string; layer: LayerInfo }) {
  const status = useAppStore((s) => s.layerStatus[dataLayerIdOf(id)] ?? 'idle');
  const error = useAppStore((s) => s.layerErrors[dataLayerIdOf(id)]);
  const dept = useAppStore((s) => s.dept);
  const howTo = layerDef(id)?.noData?.howTo(dept ?? 'NN');
  // a layer drawn from a closer zoom (registry minzoom): say why the map does not show it yet
  const tooFar = useAppStore((s) => Boolean(s.visible[id]) && isBelowLayerMinzoom(id, selectZoom(s)));
  return (
    <div id={descId} className="layer__meta">
      {layer.status === 'no-data' ? (
        <>
          <p className="layer__no-data">aucune donnée chargée</p>
          {howTo && <p className="layer__how-to">{howTo}</p>}
          {layer.accepts && layer.accepts.length > 0 && (
            <div className="layer__accepts">
              Pour l’importer, formats acceptés :
              <ul>
                {layer.accepts.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      ) : (
        <ul className="layer__sources">
          {layer.sources.map((s) => (
            <li key={`${s.id}-${s.vintage}`}>
              {s.title}, {s.vintage}
            </li>
          ))}
        </ul>
      )}
      {tooFar && <p className="layer__status">affichée en zoomant sur la carte</p>}
      {status === 'loading' && <p className="layer__status">chargement…</p>}
      {status === 'error' && (
        <p className="layer__status layer__status--error" role="alert">
          Erreur de chargement : {error}
        </p>
      )}
    </div>
  );
}

/** One legend entry with its visibility checkbox, and its filters, year and classes when shown. */
function LayerEntry({ id }: { id: string }) {
  const layer = useAppStore((s) => selectLayerInfo(s, id));
  const visible = useAppStore((s) => Boolean(s.visible[id]));
  const facets = useAppStore((s) => selectLayerFacets(s, id));
  const setLayerVisible = useAppStore((s) => s.setLayerVisible);
  if (!layer) return null;
  const legend = legendFor(id);
  const noData = layer.status === 'no-data';
  const inputId = `layer-${id}`;
  const descId = `layer-${id}-desc`;
  const choropleth = layerDef(id)?.choropleth;

  return (
    <li className={`layer${noData ? ' layer--no-data' : ''}`}>
      <div className="layer__head">
        <input
          type="checkbox"
          id={inputId}
          checked={visible && !noData}
          disabled={noData}
          aria-describedby={descId}
          onChange={(e) => setLayerVisible(id, e.currentTarget.checked)}
        />
        <label htmlFor={inputId}>
          <LegendSwatch symbol={legend.symbol} colour={legend.colour} />
          <span className="layer__name">
            <span className="layer__title">{layer.title}</span>{' '}
            {!noData && layer.features !== null && (
              <span className="layer__count">
                {facets?.active ? `${formatCountFr(facets.shown)} / ${formatCountFr(layer.features)}` : formatCountFr(layer.features)}
                <span className="visually-hidden"> éléments{facets?.active ? ' affichés (filtrés)' : ''}</span>
              </span>
            )}
          </span>
        </label>
      </div>
      <LayerMeta id={id} descId={descId} layer={layer} />
      {visible && !noData && choropleth?.years && <YearSelect />}
      {visible && !noData && choropleth && <ChoroplethLegend id={id} />}
      {legend.variants && !noData && (
        <ul className="layer__variants" aria-label={`Symboles : ${layer.title}`}>
          {legend.variants.map((v) => (
            <li key={v.label}>
              {v.symbol === 'cluster' ? (
                <span className="swatch swatch--cluster" style={{ borderColor: v.colour }} aria-hidden="true" />
              ) : (
                <LegendSwatch symbol={v.symbol} colour={v.colour} />
              )}{' '}
              {v.label}
            </li>
          ))}
        </ul>
      )}
      {visible && !noData && <LayerFilters id={id} title={layer.title} />}
      {layer.caveats.length > 0 && (
        <details className="layer__caveats">
          <summary>Précautions</summary>
          <ul>
            {layer.caveats.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

/** The legend: the basemap switch, then one entry and checkbox per layer of the bundle, grouped by theme. */
export function LayerPanel() {
  const ids = useAppStore(selectLegendLayerIds);

  if (ids.length === 0) return null;
  return (
    <div className="layer-panel">
      <h2>Couches</h2>
      <BasemapSwitch />
      {GROUP_ORDER.map((group) => {
        const inGroup = ids.filter((id) => legendFor(id).group === group);
        if (inGroup.length === 0) return null;
        return (
          <fieldset key={group} className="layer-group">
            <legend>{GROUP_TITLES[group]}</legend>
            <ul>
              {inGroup.map((id) => (
                <LayerEntry key={id} id={id} />
              ))}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}
