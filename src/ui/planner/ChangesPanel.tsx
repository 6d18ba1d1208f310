import type { ReactNode } from 'react';
import type { CantonChanges, ChangedSite } from '../../core/changes/network-changes.ts';
import { useAppStore } from '../use-app-store.ts';

/**
 * « Nouveautés depuis la mise à jour du … »: what the last `data --update` changed (changes.json),
 * per canton. Shown only when the bundle has a report; fetched when the block is first opened.
 */

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
const count = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
const STATUS = { met: 'règle tenue', gap: 'écart à la règle' } as const;
const statusText = (s: 'met' | 'gap' | null) => (s ? STATUS[s] : 'absent');

function place(s: ChangedSite): string {
  return s.communeName ? `${s.name} (${s.communeName})` : s.name;
}

function CantonItems({ canton }: { canton: CantonChanges }): ReactNode {
  const items: { key: string; text: string }[] = [
    ...canton.added.map((s) => ({ key: `a${s.id}`, text: `Ouverture : ${place(s)}` })),
    ...canton.closed.map((s) => ({ key: `c${s.id}`, text: `Fermeture : ${place(s)}` })),
    ...canton.moved.map((s) => ({ key: `m${s.id}`, text: `Déplacement de ${(s.movedM ?? 0).toLocaleString('fr-FR')} m : ${place(s)}` })),
    ...canton.renamed.map((s) => ({ key: `r${s.id}`, text: `Nouveau nom : « ${s.previousName ?? ''} » devient « ${s.name} »` })),
  ];
  const st = canton.status;
  if (st) {
    items.push({
      key: 'status',
      text: `Statut : ${statusText(st.before)} → ${statusText(st.after)} (France Services comptées : ${st.franceServicesBefore ?? '–'} → ${st.franceServicesAfter ?? '–'}${st.target !== null ? `, objectif ${st.target}` : ''})`,
    });
  }
  return (
    <ul>
      {items.map((i) => (
        <li key={i.key}>{i.text}</li>
      ))}
    </ul>
  );
}

function ChangesBody(): ReactNode {
  const status = useAppStore((s) => s.changesStatus);
  const changes = useAppStore((s) => s.changes);
  const error = useAppStore((s) => s.changesError);
  if (status === 'error') return <p role="alert">Le rapport de mise à jour n’a pas pu être lu : {error}</p>;
  if (status !== 'loaded') {
    return (
      <p role="status" aria-busy="true">
        Chargement du rapport de mise à jour…
      </p>
    );
  }
  if (!changes) return <p>Pas de rapport de mise à jour pour ces données.</p>;
  const t = changes.totals;
  const none = t.added + t.closed + t.moved + t.renamed + t.statusChanged === 0;
  return (
    <>
      <p role="status">
        {none
          ? 'Aucun changement : mêmes France Services, mêmes noms, mêmes positions, mêmes statuts de canton.'
          : `${count(t.added, 'ouverture', 'ouvertures')}, ${count(t.closed, 'fermeture', 'fermetures')}, ${count(t.moved, 'déplacement', 'déplacements')} (plus de ${changes.movedThresholdM} m), ${count(t.renamed, 'changement de nom', 'changements de nom')} ; ${count(t.statusChanged, 'canton change', 'cantons changent')} de statut.`}
      </p>
      {changes.cantons.map((c) => (
        <section key={c.cantonCode ?? 'none'} className="changes__canton" aria-label={c.cantonName ?? 'Hors canton'}>
          <h4>
            {c.cantonName ?? 'Hors canton'}
            {c.cantonCode ? ` (${c.cantonCode})` : ''}
          </h4>
          <CantonItems canton={c} />
        </section>
      ))}
      <p className="hint">
        {changes.sources.map((s) => `Source : ${s.resource_title} (data.gouv.fr), modifiée le ${day(s.last_modified)}.`).join(' ')}
      </p>
    </>
  );
}

export function ChangesPanel(): ReactNode {
  const entry = useAppStore((s) => s.manifest?.changes ?? null);
  const load = useAppStore((s) => s.loadChanges);
  if (!entry) return null;
  const since = entry.previous_built_at;
  return (
    <details
      className="method changes"
      onToggle={(e) => {
        if (e.currentTarget.open) void load();
      }}
    >
      <summary>
        {since ? `Nouveautés depuis la mise à jour du ${day(since)}` : `Nouveautés de la mise à jour du ${day(entry.updated_at)}`}
      </summary>
      <ChangesBody />
    </details>
  );
}
