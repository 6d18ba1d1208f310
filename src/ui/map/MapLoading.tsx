import { useAppStore } from '../use-app-store.ts';

/** Shown over the map until it has drawn once (and the data is not known to be missing): no empty box. */
export function MapLoading({ ready }: { ready: boolean }) {
  const failed = useAppStore((s) => s.manifestStatus === 'error');
  if (ready || failed) return null;
  return (
    <div className="map-loading" role="status">
      <span className="map-loading__spinner" aria-hidden="true" />
      Chargement de la carte…
    </div>
  );
}
