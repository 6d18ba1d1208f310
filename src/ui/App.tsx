import { DepartementSelect } from './DepartementSelect.tsx';
import { DetailsPanel } from './DetailsPanel.tsx';
import { EmbedApp } from './EmbedApp.tsx';
import { FindServicePanel } from './FindServicePanel.tsx';
import { LayerListView } from './LayerListView.tsx';
import { MapView } from './MapView.tsx';
import { PlanNavLink } from './plan/PlanNavLink.tsx';
import { SidePanel } from './SidePanel.tsx';
import { formatDateFr } from './format-fr.ts';
import { CantonSheet, PlannerMapOverlay, PlannerSidebar, PlanView } from './lazy-panels.tsx';
import { ViewSwitch } from './planner/ViewSwitch.tsx';
import { useAppStore } from './use-app-store.ts';

function Header() {
  const dept = useAppStore((s) => s.manifest?.departement);
  const requested = useAppStore((s) => s.dept);
  return (
    <header className="app-header">
      <h1>
        Maillage{' '}
        <span className="app-header__sub">
          services au public{dept ? ` — ${dept.name} (${dept.code})` : requested ? ` — département ${requested}` : ''}
        </span>
      </h1>
      <nav aria-label="Accès rapide" className="app-header__nav">
        <DepartementSelect />
        <ViewSwitch />
        <a href="#liste">Liste des lieux (sans carte)</a>
        <PlanNavLink />
      </nav>
    </header>
  );
}

function LoadError() {
  const error = useAppStore((s) => s.manifestError);
  if (!error) return null;
  return (
    <div className="load-error" role="alert">
      <h2>Les données ne sont pas disponibles</h2>
      <p>{error}</p>
    </div>
  );
}

function Footer() {
  const builtAt = useAppStore((s) => s.manifest?.built_at);
  return (
    <footer className="app-footer">
      <p>
        Sources et millésimes : voir chaque couche, et « Sources des données » sur la carte.
        {builtAt && ` Données préparées le ${formatDateFr(builtAt.slice(0, 10))}.`}
      </p>
    </footer>
  );
}

export function App() {
  const status = useAppStore((s) => s.manifestStatus);
  const planner = useAppStore((s) => s.plannerOpen);
  const embed = useAppStore((s) => s.embed);
  const hasSelection = useAppStore((s) => s.selected !== null);
  const planViewOpen = useAppStore((s) => s.planViewOpen);
  if (embed) return <EmbedApp />;
  if (planViewOpen)
    return (
      <div className="app">
        <Header />
        <LoadError />
        <main className="plan-main" aria-busy={status === 'loading'}>
          <PlanView />
        </main>
        <Footer />
      </div>
    );
  // one tree for both views: the map keeps its place (and its state) when the planner's workspace opens
  return (
    <div className="app">
      <a className="skip-link" href={planner ? '#tableau-cantons' : '#liste'}>
        {planner ? 'Aller au tableau des cantons' : 'Aller à la liste des lieux'}
      </a>
      <Header />
      <LoadError />
      <main
        className={['layout', planner ? 'layout--planner' : '', hasSelection ? 'layout--selection' : ''].filter(Boolean).join(' ')}
        aria-busy={status === 'loading'}
      >
        {!planner && (
          <section className="layout__find" aria-labelledby="find-title">
            <FindServicePanel />
          </section>
        )}
        <section className="layout__map" aria-label="Carte">
          <MapView />
          {planner && <PlannerMapOverlay />}
        </section>
        <aside
          className="layout__details"
          aria-label={planner ? 'Détails du canton ou du lieu sélectionné' : 'Détails du lieu sélectionné'}
        >
          <DetailsPanel />
        </aside>
        {planner ? (
          <aside className="layout__planner" aria-label="Espace planification">
            <PlannerSidebar />
          </aside>
        ) : (
          <aside className="layout__layers" aria-label="Couches et couverture">
            {status === 'loading' && <p>Chargement des données…</p>}
            <SidePanel />
          </aside>
        )}
        <section id="liste" className="layout__list" tabIndex={-1} aria-labelledby="list-view-title">
          <LayerListView />
        </section>
      </main>
      <Footer />
      <CantonSheet />
    </div>
  );
}
