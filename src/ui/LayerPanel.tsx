import { legendFor, selectLayerIds, type LayerManifest, type LegendGroup } from '../state/store.ts';
import { LegendSwatch } from './LegendSwatch.tsx';
import { formatCountFr } from './format-fr.ts';
import { useAppStore } from './use-app-store.ts';

const GROUP_TITLES: Record<LegendGroup, string> = {
  services: 'Lieux de services',
  territories: 'Territoires et population',
  context: 'Découpage administratif',
};
const GROUP_ORDER: LegendGroup[] = ['services', 'territories', 'context'];

/** One legend entry with its visibility checkbox. */
function LayerEntry({ id }: { id: string }) {
  const layer = useAppStore((s) => s.manifest?.layers[id]) as LayerManifest;
  const visible = useAppStore((s) => Boolean(s.visible[id]));
  const status = useAppStore((s) => s.layerStatus[id] ?? 'idle');
  const error = useAppStore((s) => s.layerErrors[id]);
  const setLayerVisible = useAppStore((s) => s.setLayerVisible);
  const legend = legendFor(id);
  const noData = layer.status === 'no-data';
  const inputId = `layer-${id}`;
  const descId = `layer-${id}-desc`;

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
            {!noData && (
              <span className="layer__count">
                {formatCountFr(layer.features)}
                <span className="visually-hidden"> éléments</span>
              </span>
            )}
          </span>
        </label>
      </div>
      <div id={descId} className="layer__meta">
        {noData ? (
          <>
            <p className="layer__no-data">aucune donnée chargée</p>
            {layer.accepts && layer.accepts.length > 0 && (
              <div className="layer__accepts">
                Formats acceptés :
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
        {status === 'loading' && <p className="layer__status">chargement…</p>}
        {status === 'error' && (
          <p className="layer__status layer__status--error" role="alert">
            Erreur de chargement : {error}
          </p>
        )}
      </div>
      {legend.variants && !noData && (
        <ul className="layer__variants" aria-label={`Symboles : ${layer.title}`}>
          {legend.variants.map((v) => (
            <li key={v.label}>
              <LegendSwatch symbol={v.symbol} colour={v.colour} /> {v.label}
            </li>
          ))}
        </ul>
      )}
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

/** The legend: one entry and checkbox per layer of the bundle, grouped by theme. */
export function LayerPanel() {
  const ids = useAppStore(selectLayerIds);

  if (ids.length === 0) return null;
  return (
    <div className="layer-panel">
      <h2>Couches</h2>
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
