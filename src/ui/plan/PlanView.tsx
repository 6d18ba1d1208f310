import { useEffect, useRef, type ReactNode } from 'react';
import type { PlanAction, PlanFacts, PlanRow, PlanSeed } from '../../core/plan/plan-types.ts';
import { CoverageGrowth } from '../timeline/CoverageGrowth.tsx';
import { useAppStore } from '../use-app-store.ts';
import { AdultesRelaisChart } from './AdultesRelaisChart.tsx';
import { PlanIndicatorTable } from './PlanIndicatorTable.tsx';
import { formatPeriodFr, rowsByAction, statusSummaryFr } from './plan-format.ts';

/** Slugs of the actions whose measures come with a chart: the network's growth (A01), the adultes-relais posts (A06). */
const NETWORK_SLUG = 'shared-reception-sites';
const MEDIATORS_SLUG = 'health-mediator-adultes-relais';

type Years = PlanFacts['adultesRelais'];

/** One action of the plan: title, pilots, milestones, whether open data can measure it, its indicators and, for A01 and A06, a chart. */
function ActionSection({ action, rows, years, departement }: { action: PlanAction; rows: PlanRow[]; years: Years; departement: string }) {
  const title = action.titleFr ?? action.title;
  const headingId = `action-${action.id}-title`;
  return (
    <section className="plan-action" id={`action-${action.id}`} aria-labelledby={headingId} data-action={action.id}>
      <h3 id={headingId}>
        {action.id} — {title}
      </h3>
      <p>
        <strong>Pilotes :</strong> {action.pilots.length ? action.pilots.join(', ') : 'aucun pilote nommé dans le plan'}
      </p>
      {action.milestones && action.milestones.length > 0 && (
        <>
          <h4>Jalons 2021–2023 du plan</h4>
          <ul className="plan-milestones">
            {action.milestones.map((m) => (
              <li key={`${m.period}|${m.text}`}>
                <strong>{formatPeriodFr(m.period)} :</strong> {m.textFr ?? m.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {action.openData?.measurable === 'no' ? (
        <p className="plan-measurable">
          Non mesurable avec les données ouvertes disponibles ici. Données nécessaires : {action.openData.needed}
        </p>
      ) : (
        <p className="plan-measurable">En partie mesurable avec les données ouvertes : les indicateurs ci-dessous disent lesquels.</p>
      )}
      <h4>Cibles et mesures</h4>
      <PlanIndicatorTable rows={rows} caption={`${action.id} — cibles du plan et ce que mesurent les données ouvertes`} />
      {action.slug === NETWORK_SLUG && <CoverageGrowth headingLevel={4} />}
      {action.slug === MEDIATORS_SLUG && years && <AdultesRelaisChart years={years} departement={departement} />}
    </section>
  );
}

/** The measures alone, each « aucun plan chargé »: the département has no SDAASP in the project (or the bundle carries none). */
function MeasuresOnly({ rows, years, departement, notice }: { rows: PlanRow[]; years: Years; departement: string; notice: ReactNode }) {
  return (
    <>
      <p className="plan-notice" role="note">
        {notice}
      </p>
      <section className="plan-action" aria-labelledby="plan-measures-title">
        <h3 id="plan-measures-title">Ce que mesurent les données ouvertes</h3>
        <PlanIndicatorTable rows={rows} caption={`Mesures des données ouvertes — ${departement} (aucun plan chargé)`} />
        <CoverageGrowth headingLevel={4} />
        {years && <AdultesRelaisChart years={years} departement={departement} />}
      </section>
    </>
  );
}

function PlanContent({ plan, rows, years, departement }: { plan: PlanSeed; rows: PlanRow[]; years: Years; departement: string }) {
  const groups = rowsByAction(rows);
  const measured = rows.filter((r) => r.status !== 'not measurable');
  return (
    <>
      <p className="plan-summary">
        {plan.actions.length} actions ({formatPeriodFr(plan.period.replace('-', '/'))}), {rows.length} indicateurs : {statusSummaryFr(rows)}
        . {measured.length === 0 && 'Aucune mesure disponible.'}
      </p>
      <ul className="plan-caveats">
        <li>
          Une cible n’est « atteinte » que si les données ouvertes mesurent la même chose ; sinon l’indicateur est « non mesurable » et la
          ligne dit quelles données le mesureraient. Rien n’est estimé.
        </li>
        <li>
          France Services aux dates passées : bornes basses (les sites fermés avant la date de la liste n’y figurent pas) ; voir « Ce que
          les données disent, et ne disent pas » sous A01.
        </li>
        <li>Intitulés et jalons : reformulation du plan par le projet, pas le texte officiel.</li>
      </ul>
      <nav aria-label="Actions du plan" className="plan-toc">
        <ul>
          {plan.actions.map((a) => (
            <li key={a.id}>
              <a href={`#action-${a.id}`}>
                {a.id} — {a.titleFr ?? a.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {plan.actions.map((a) => (
        <ActionSection key={a.id} action={a} rows={groups.get(a.id) ?? []} years={years} departement={departement} />
      ))}
    </>
  );
}

/** « Le plan face aux données » (`?vue=plan`): each action of the SDAASP next to what the open data measure today. */
export function PlanView() {
  const status = useAppStore((s) => s.planStatus);
  const result = useAppStore((s) => s.plan);
  const error = useAppStore((s) => s.planError);
  const manifest = useAppStore((s) => s.manifest);
  const manifestStatus = useAppStore((s) => s.manifestStatus);
  const loadPlan = useAppStore((s) => s.loadPlan);
  const close = useAppStore((s) => s.setPlanViewOpen);
  const heading = useRef<HTMLHeadingElement>(null);
  // the view replaces the map: move the focus to its title, and compute once the département is loaded
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (manifestStatus === 'loaded') void loadPlan();
  }, [manifestStatus, loadPlan]);

  const departement = manifest?.departement.name ?? '';
  const plan = result?.plan;
  return (
    <div className="plan-view">
      <div className="plan-view__bar">
        <button type="button" onClick={() => close(false)}>
          ← Retour à la carte
        </button>
      </div>
      <h2 id="plan-title" ref={heading} tabIndex={-1}>
        Le plan d’actions du SDAASP face aux données ouvertes{departement ? ` — ${departement}` : ''}
      </h2>
      {status === 'loading' && <p role="status">Calcul des indicateurs du plan…</p>}
      {(status === 'error' || manifestStatus === 'error') && (
        <div role="alert">
          <p>Les indicateurs du plan n’ont pas pu être calculés : {error ?? 'les données ne sont pas disponibles'}.</p>
        </div>
      )}
      {result && plan === 'not-in-bundle' && (
        <MeasuresOnly
          rows={result.rows}
          years={result.adultesRelais}
          departement={departement}
          notice="Les données de ce site ont été préparées sans le plan d’actions : les mesures sont données seules, sans cible. Elles seront comparées aux cibles du plan quand les données auront été reconstruites."
        />
      )}
      {result && plan === null && (
        <MeasuresOnly
          rows={result.rows}
          years={result.adultesRelais}
          departement={departement}
          notice={
            <>
              <strong>Aucun plan chargé</strong> pour {departement} : le projet ne dispose pas du SDAASP de ce département. Les mesures des
              données ouvertes sont données seules, sans cible à laquelle les comparer.
            </>
          }
        />
      )}
      {result && plan && plan !== 'not-in-bundle' && (
        <>
          <p>
            Schéma départemental d’amélioration de l’accessibilité des services au public (SDAASP),{' '}
            {formatPeriodFr(plan.period.replace('-', '/'))} : chaque action, ses pilotes, ses cibles chiffrées et ses jalons, et à côté ce
            que mesurent aujourd’hui les données ouvertes, avec la source, sa date et un statut.
          </p>
          <PlanContent plan={plan} rows={result.rows} years={result.adultesRelais} departement={departement} />
        </>
      )}
    </div>
  );
}
