import { useState } from 'react';
import { legendFor } from '../../layers/layer-registry.ts';
import { isLayerVisible } from '../../state/imported-layers.ts';
import { selectLayerIds } from '../../state/selectors.ts';
import { LegendSwatch } from '../LegendSwatch.tsx';
import { useAppStore } from '../use-app-store.ts';

/**
 * A compact legend on the map, for the app and the embed mode: the département's name, the
 * layers shown with their symbol, and the finder's marks while a search is shown (the searched
 * place, numbered results, paler for a place known only by its commune). Folded at first (one
 * 44 px line), so that it never hides the results the view was fitted to; text from the
 * manifest goes through React text.
 */
export function MapLegend() {
  const [open, setOpen] = useState(false);
  const dept = useAppStore((s) => s.manifest?.departement);
  const manifest = useAppStore((s) => s.manifest);
  const ids = useAppStore(selectLayerIds);
  const visibleIds = useAppStore((s) => ids.filter((id) => manifest?.layers[id]?.status === 'ok' && isLayerVisible(s, id)).join('\n'));
  const searching = useAppStore((s) => s.findOrigin !== null);
  if (!manifest) return null;
  const shown = visibleIds ? visibleIds.split('\n') : [];
  return (
    <details className="map-legend" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Légende<span className="map-legend__dept">{dept ? ` — ${dept.name} (${dept.code})` : ''}</span>
      </summary>
      <ul className="map-legend__list">
        {searching && (
          <>
            <li>
              <span className="map-legend__mark map-legend__mark--origin" aria-hidden="true" />
              Lieu recherché
            </li>
            <li>
              <span className="map-legend__mark map-legend__mark--rank" aria-hidden="true">
                1
              </span>
              Résultat, numéroté comme la liste (pâle : seule la commune est connue)
            </li>
          </>
        )}
        {shown.map((id) => {
          const legend = legendFor(id);
          return (
            <li key={id}>
              <LegendSwatch symbol={legend.symbol} colour={legend.colour} />
              {manifest.layers[id]?.title ?? id}
            </li>
          );
        })}
        {shown.length === 0 && !searching && <li>Aucune couche affichée.</li>}
      </ul>
    </details>
  );
}
