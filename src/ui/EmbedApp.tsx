import { DetailsPanel } from './DetailsPanel.tsx';
import { MapView } from './MapView.tsx';
import { useAppStore } from './use-app-store.ts';

/** The same link without `embed=1`: the full application, opened in a new tab. */
function fullAppHref(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('embed');
  return url.toString();
}

/**
 * Embed mode (`?embed=1`), for other sites' iframes: the map alone, without header,
 * side panels or lists; a selected place's details float over the map; a link opens
 * the full application.
 */
export function EmbedApp() {
  const selected = useAppStore((s) => s.selected);
  const dept = useAppStore((s) => s.manifest?.departement);
  const error = useAppStore((s) => s.manifestError);
  return (
    <main className="embed" aria-label={`Carte des services au public${dept ? ` — ${dept.name}` : ''}`}>
      <MapView />
      <a className="embed__open" href={fullAppHref()} target="_blank" rel="noopener noreferrer">
        Ouvrir dans Maillage<span className="visually-hidden"> (nouvel onglet)</span>
      </a>
      {error && (
        <p className="embed__error" role="alert">
          {error}
        </p>
      )}
      {selected && (
        <aside className="embed__details" aria-label="Détails du lieu sélectionné">
          <DetailsPanel />
        </aside>
      )}
    </main>
  );
}
