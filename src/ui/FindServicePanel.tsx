import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { selectFindResults, type CommunePlace, type FindGroupView, type FindItem, type FindResults } from '../state/slices/find.slice.ts';
import { CommuneCombobox } from './CommuneCombobox.tsx';
import { formatDistanceFr } from './find-format-fr.ts';
import { BusCard, ResultCard } from './find/ResultCard.tsx';
import { TravelMethodNote } from './find/TravelMethodNote.tsx';
import { useResultsRoadTimes, type ResultsRoadTimes } from './find/use-road-times.ts';
import { useAppStore, useAppStoreApi } from './use-app-store.ts';
import { COMMUNES } from '../layers/communes.ts';
import { selectLayersToLoad } from '../state/selectors.ts';

/** The current time, refreshed every minute (for "ouvert maintenant"). */
function useNow(periodMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}

const GEOLOCATION_ERRORS: Record<number, string> = {
  1: 'Vous n’avez pas autorisé la localisation. Autorisez-la dans les réglages du navigateur, ou cherchez par commune ou par adresse.',
  2: 'Votre position est introuvable pour le moment (GPS ou réseau indisponible). Cherchez par commune ou par adresse.',
  3: 'La localisation a pris trop de temps. Réessayez, ou cherchez par commune ou par adresse.',
};

const isNarrowScreen = () => typeof matchMedia === 'function' && matchMedia('(max-width: 699px)').matches;
const prefersReducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

function AddressSearch() {
  const id = useId();
  const [query, setQuery] = useState('');
  const search = useAppStore((s) => s.addressSearch);
  const searchAddress = useAppStore((s) => s.searchAddress);
  const findNearestFrom = useAppStore((s) => s.findNearestFrom);
  const origin = useAppStore((s) => s.findOrigin);
  const ready = useAppStore((s) => s.manifestStatus === 'loaded');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void searchAddress(query);
  };
  // other answers of the geocoder, while the search still starts from one of them
  const others = search.status === 'done' && origin?.kind === 'address' ? search.candidates.filter((c) => c.label !== origin.label) : [];

  return (
    <form className="find__address" onSubmit={onSubmit} role="search" aria-label="Recherche par adresse">
      <label htmlFor={`${id}-address`}>Adresse</label>
      <div className="find__row">
        <input
          id={`${id}-address`}
          type="text"
          autoComplete="street-address"
          placeholder="ex. 12 rue de la Croix, Maubeuge"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-describedby={`${id}-address-hint`}
        />
        <button type="submit" disabled={!ready || search.status === 'loading'}>
          Chercher
        </button>
      </div>
      <p id={`${id}-address-hint`} className="find__hint">
        Recherche en ligne, par le service d’adresses de l’IGN (Géoplateforme).
      </p>
      <div aria-live="polite">{search.status === 'loading' && <p className="find__hint">Recherche de l’adresse…</p>}</div>
      <div role="alert">{search.status === 'error' && search.error && <p className="find__error">{search.error}</p>}</div>
      {others.length > 0 && (
        <details className="find__others">
          <summary>
            Ce n’est pas la bonne adresse ? {others.length} autre{others.length > 1 ? 's' : ''} réponse{others.length > 1 ? 's' : ''}
          </summary>
          <ul>
            {others.map((c) => (
              <li key={c.label}>
                <button
                  type="button"
                  className="find__link-button"
                  onClick={() => findNearestFrom({ kind: 'address', label: c.label, lngLat: c.lngLat })}
                >
                  {c.label}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </form>
  );
}

function LocateButton() {
  const [locating, setLocating] = useState(false);
  const findNearestFrom = useAppStore((s) => s.findNearestFrom);
  const setFindNotice = useAppStore((s) => s.setFindNotice);
  const ready = useAppStore((s) => s.manifestStatus === 'loaded');

  const locate = () => {
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      setFindNotice('La localisation n’est pas disponible dans ce navigateur. Cherchez par commune ou par adresse.');
      return;
    }
    if (typeof window !== 'undefined' && window.isSecureContext === false) {
      setFindNotice('La localisation demande une page sécurisée (https). Cherchez par commune ou par adresse.');
      return;
    }
    setLocating(true);
    setFindNotice(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const { longitude, latitude, accuracy } = pos.coords;
        if (!Number.isFinite(longitude) || !Number.isFinite(latitude) || Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
          setFindNotice(GEOLOCATION_ERRORS[2]);
          return;
        }
        findNearestFrom({
          kind: 'geolocation',
          label: 'votre position',
          lngLat: [longitude, latitude],
          accuracyM: Number.isFinite(accuracy) ? accuracy : undefined,
        });
      },
      (err) => {
        setLocating(false);
        setFindNotice(GEOLOCATION_ERRORS[err.code] ?? GEOLOCATION_ERRORS[2]);
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 120_000 },
    );
  };

  return (
    <button type="button" className="find__locate" onClick={locate} disabled={!ready || locating} aria-describedby="find-locate-hint">
      {locating ? 'Localisation…' : 'Me localiser'}
      <span id="find-locate-hint" className="visually-hidden">
        {' '}
        (utilise la position de l’appareil, qui n’est envoyée à aucun serveur)
      </span>
    </button>
  );
}

function originText(results: FindResults): string {
  const o = results.origin;
  if (o.kind === 'commune') return `${o.label}, depuis le centre de la commune`;
  if (o.kind === 'geolocation')
    return o.accuracyM && o.accuracyM > 50 ? `votre position (à ${Math.round(o.accuracyM)} m près)` : 'votre position';
  return o.label;
}

/** ", le plus proche à 1,2 km (nom)": the nearest placed site only, never a commune-only one. */
function nearestText(g: FindGroupView): string {
  const n = g.nearestExact;
  return n ? `, le plus proche à ${formatDistanceFr(n.distanceKm)} (${String(n.site.properties.name ?? '')})` : '';
}

/** What a screen reader hears once the results are in. */
function summaryOf(results: FindResults): string {
  if (results.loading) return `Recherche des lieux proches de ${results.origin.label}…`;
  const parts = results.groups
    .filter((g) => g.status === 'ok' && g.items.length > 0)
    .map((g) => `${g.group.title} : ${g.items.length} résultat${g.items.length > 1 ? 's' : ''}${nearestText(g)}`);
  return parts.length ? `Près de ${results.origin.label}. ${parts.join('. ')}.` : `Aucun lieu trouvé près de ${results.origin.label}.`;
}

function GroupResults({
  view,
  now,
  selectedKey,
  onSelect,
  open,
  road,
}: {
  view: FindGroupView;
  now: Date;
  selectedKey: string | null;
  onSelect: (item: FindItem) => void;
  open: boolean;
  road: ResultsRoadTimes;
}) {
  const titleId = `find-group-${view.group.id}`;
  if (view.status !== 'ok' || view.items.length + view.buses.length === 0) {
    return (
      <section className="find-group" aria-labelledby={titleId}>
        <h3 id={titleId}>{view.group.title}</h3>
        {view.status === 'loading' && <p className="find__hint">Chargement…</p>}
        {view.status === 'no-data' && <p className="find__hint">Aucune donnée chargée pour ce type de lieu.</p>}
        {view.status === 'error' && <p className="find__error">Données indisponibles : {view.error}</p>}
        {view.status === 'ok' && <p className="find__hint">Aucun lieu connu.</p>}
      </section>
    );
  }
  const n = view.items.length;
  // France Services open; the other kinds folded to one line each, so that a phone reaches the map quickly
  return (
    <details className="find-group" open={open} aria-labelledby={titleId}>
      <summary>
        <h3 id={titleId}>{view.group.title}</h3>
        <span className="find-group__brief">
          {n} lieu{n > 1 ? 'x' : ''}
          {view.nearestExact ? `, le plus proche à ${formatDistanceFr(view.nearestExact.distanceKm)}` : ''}
        </span>
      </summary>
      {view.group.layers.length > 1 && <p className="find__hint">Y compris les France Services des départements voisins.</p>}
      <ol className="find-group__list">
        {view.items.map((item) => (
          <li key={item.key}>
            <ResultCard
              item={item}
              now={now}
              selected={selectedKey === `${item.site.layer}\u0000${item.site.id}`}
              onSelect={() => onSelect(item)}
              roadMinutes={road.minutesOf(item)}
            />
          </li>
        ))}
      </ol>
      {view.items.some((i) => i.precision === 'commune') && (
        <p className="find__hint">
          Les lieux dont seule la commune est connue sont listés après ceux dont l’adresse est connue, dans la même tranche de distance.
        </p>
      )}
      {view.buses.length > 0 && (
        <section className="find-group__buses" aria-label={`${view.group.title} : services itinérants`}>
          <h4 className="find-group__subtitle">Services itinérants (bus)</h4>
          <ul className="find-group__list">
            {view.buses.map((b) => (
              <li key={b.key}>
                <BusCard item={b} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </details>
  );
}

/** ↓/↑ (and Début/Fin) move between the results' buttons, across groups; Tab still goes through every link. */
function onResultsKeyDown(e: KeyboardEvent<HTMLDivElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const target = e.target as HTMLElement;
  if (!target.matches('[data-find-result]')) return;
  // the results of folded groups are not shown, hence skipped
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[data-find-result]')].filter(
    (b) => b.getClientRects().length > 0,
  );
  const i = buttons.indexOf(target as HTMLButtonElement);
  const next =
    e.key === 'Home'
      ? 0
      : e.key === 'End'
        ? buttons.length - 1
        : Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)));
  e.preventDefault();
  buttons[next]?.focus();
}

function Results() {
  const results = useAppStore(selectFindResults);
  const selectedKey = useAppStore((s) => (s.selected ? `${s.selected.layer}\u0000${s.selected.id}` : null));
  const select = useAppStore((s) => s.select);
  const clearFind = useAppStore((s) => s.clearFind);
  const now = useNow();
  const road = useResultsRoadTimes(results);
  const summary = results ? summaryOf(results) : '';

  const onSelect = (item: FindItem) => {
    select({ layer: item.site.layer, id: item.site.id });
    // on a phone the map sits above the cards: bring it into view to show the selected site
    if (isNarrowScreen())
      document.querySelector('.layout__map')?.scrollIntoView({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'start' });
  };

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {summary}
      </p>
      {results && (
        // on a phone this block is laid out below the map (find-service.css): search, map, then the cards
        <div className="find__results" onKeyDown={onResultsKeyDown}>
          <div className="find__results-head">
            <h3 className="find__results-title">
              Près de : <span className="find__origin">{originText(results)}</span>
            </h3>
            <button type="button" className="find__clear" onClick={clearFind}>
              Effacer<span className="visually-hidden"> la recherche</span>
            </button>
          </div>
          {results.groups.map((g, i) => (
            <GroupResults key={g.group.id} view={g} now={now} selectedKey={selectedKey} onSelect={onSelect} open={i === 0} road={road} />
          ))}
          <TravelMethodNote road={road} />
        </div>
      )}
    </>
  );
}

/** "Trouver un service": from a commune, an address or the device's position, the nearest sites of every kind. */
export function FindServicePanel() {
  const findNearestFrom = useAppStore((s) => s.findNearestFrom);
  const notice = useAppStore((s) => s.findNotice);
  const manifestStatus = useAppStore((s) => s.manifestStatus);
  const store = useAppStoreApi();

  const chooseCommune = (c: CommunePlace) => {
    const label = c.postcodes.length ? `${c.name} (${c.postcodes[0]})` : c.name;
    findNearestFrom({ kind: 'commune', label, lngLat: c.lngLat, code: c.code });
  };

  useEffect(() => {
    // the communes are needed for the first keystroke: load them early while the map shows them
    // anyway (when their layer is off, the search box loads them on focus)
    if (
      manifestStatus === 'loaded' &&
      selectLayersToLoad(store.getState()).includes(COMMUNES.id) &&
      store.getState().manifest?.layers.communes?.status === 'ok'
    )
      void store.getState().ensureLayer(COMMUNES.id);
  }, [manifestStatus, store]);

  return (
    <div className="find">
      <div className="find__search">
        <h2 id="find-title">Trouver un service près de chez vous</h2>
        <CommuneCombobox onChoose={chooseCommune} disabled={manifestStatus === 'error'} />
        <AddressSearch />
        <div className="find__locate-row">
          <LocateButton />
        </div>
        <div role="alert">{notice && <p className="find__notice">{notice}</p>}</div>
      </div>
      <Results />
    </div>
  );
}
