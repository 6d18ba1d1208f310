import { useEffect, useId, useMemo } from 'react';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import { useAppStore } from '../use-app-store.ts';
import { GrowthChart } from './GrowthChart.tsx';
import { type GrowthFigures, snapshotTextFr } from './growth-text.ts';

/** What the series can and cannot tell: closed sites, lower bounds, the 2020 snapshot, undated sites, distances. */
function GrowthNotes({ growth, headingLevel }: { growth: GrowthFigures & { source: string }; headingLevel: 3 | 4 }) {
  const H = headingLevel === 3 ? 'h4' : 'h5';
  const snapshot = snapshotTextFr(growth.snapshot, growth.listDate);
  const list = formatDayFr(growth.listDate);
  return (
    <div className="growth-notes">
      <H>Ce que les données disent, et ne disent pas</H>
      <ul>
        <li>
          Chaque site compte à partir de sa date de labellisation, lue dans la liste des France Services du {list}. Les sites fermés avant
          cette date ne figurent pas dans la liste : aux dates passées, les nombres sont des <strong>bornes basses</strong>.
        </li>
        {snapshot ? (
          <li>
            {snapshot.headline}
            {snapshot.changes.length > 0 && (
              <ul>
                {snapshot.changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
            {growth.snapshot?.counts.missing === 0 &&
              ' Aucun site de 2020 ne manque : pour eux, les nombres sont exacts ; un site ouvert puis fermé entre deux listes ne peut pas être vu.'}
          </li>
        ) : (
          <li>
            Aucun instantané antérieur de la liste n’est disponible pour ce département : les fermetures ne peuvent pas être vérifiées.
          </li>
        )}
        {growth.undated.length > 0 && (
          <li>
            {growth.undated.length} site(s) sans date de labellisation lisible dans la liste : compté(s) à partir de la date de la liste
            seulement.
          </li>
        )}
        <li>
          Population à moins de 10 km : distance à vol d’oiseau depuis la grille de population (1 km) jusqu’à la France Services fixe la
          plus proche, sites des départements voisins compris ; les bus ne comptent pas dans les distances.
        </li>
        <li>Source : {growth.source}.</li>
      </ul>
    </div>
  );
}

/**
 * « Évolution du réseau » : how the France Services network grew from the first labelling to the
 * list's date under the current rule (the planner's, else the département's), computed off the main
 * thread; `selectedDate` (the planner's date, when there is one) is marked on the chart and the table.
 * `headingLevel`: its title's level (3 in a panel under an h2, 4 under an action of the Plan view).
 */
export function CoverageGrowth({ selectedDate = null, headingLevel = 3 }: { selectedDate?: string | null; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const titleId = useId();
  const manifest = useAppStore((s) => s.manifest);
  const coverageRule = useAppStore((s) => s.coverageRule);
  const status = useAppStore((s) => s.growthStatus);
  const growth = useAppStore((s) => s.growth);
  const error = useAppStore((s) => s.growthError);
  const loadGrowth = useAppStore((s) => s.loadGrowth);
  const rule = useMemo(() => coverageRule ?? (manifest ? defaultCoverageRule(manifest) : null), [coverageRule, manifest]);

  useEffect(() => {
    if (rule) void loadGrowth(rule);
  }, [rule, loadGrowth]);

  const departement = manifest?.departement.name ?? '';
  return (
    <section className="growth" aria-labelledby={titleId} aria-busy={status === 'loading'}>
      <H id={titleId}>Évolution du réseau France Services</H>
      {status === 'error' && <p role="alert">L’évolution du réseau n’a pas pu être calculée : {error}</p>}
      {status === 'loading' && <p role="status">{growth ? 'Mise à jour pour la règle choisie…' : 'Calcul de l’évolution du réseau…'}</p>}
      {growth && (
        <>
          <p className="hint">
            Du {formatDayFr(growth.series[0]?.date ?? growth.listDate)} (première labellisation) au {formatDayFr(growth.listDate)} (date de
            la liste), selon la règle de couverture en cours.
          </p>
          <GrowthChart growth={growth} departement={departement} selectedDate={selectedDate} />
          <GrowthNotes growth={growth} headingLevel={headingLevel} />
        </>
      )}
    </section>
  );
}
