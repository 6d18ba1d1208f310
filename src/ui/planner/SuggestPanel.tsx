import { useId, useState } from 'react';
import type { PlacementGoal } from '../../core/planning/suggest-placements.ts';
import { DEFAULT_MAX_KM, DEFAULT_MAX_MINUTES, MAX_MINUTES_LIMIT, MAX_SUGGESTIONS } from '../../core/planning/suggest-placements.ts';
import type { SuggestionResult } from '../../core/planning/suggest-placements.ts';
import { formatCountFr } from '../../layers/french-format.ts';
import { useAppStore } from '../use-app-store.ts';
import { usePlaceNames } from './use-place-names.ts';
import type { ScenarioOperation } from '../../core/coverage/scenario-types.ts';

/** One empty list for every render (a selector returning a new [] would re-render for ever). */
const NO_OPERATIONS: readonly ScenarioOperation[] = [];

/** A whole number typed in a field, within bounds, or null. */
function whole(text: string, min: number, max: number): number | null {
  const t = text.trim();
  return /^\d{1,3}$/.test(t) && Number(t) >= min && Number(t) <= max ? Number(t) : null;
}

/** « à 30 min ou moins par la route » / « à 10 km ou moins à vol d’oiseau »: how "within" was measured. */
function withinText(r: SuggestionResult): string {
  return r.access === 'drive' ? `à ${r.maxMinutes} min ou moins par la route` : `à ${r.maxKm} km ou moins à vol d’oiseau`;
}

/** The method, in French, with where it is documented. */
function SuggestMethod({ id }: { id: string }) {
  return (
    <details className="method" id={id}>
      <summary>Méthode des suggestions</summary>
      <p>
        Les emplacements candidats sont les communes du département (au point de la commune : le centre de son contour, ou un point à
        l’intérieur quand le centre tombe dehors). Les France Services existantes, y compris celles des départements voisins, restent
        ouvertes et comptent ; les bus ne comptent pas pour les distances. La demande est la grille de population de 1 km (Eurostat) ; un
        habitant est « couvert » s’il vit à D km ou moins d’une France Services fixe, à vol d’oiseau ; quand le bundle a un réseau routier
        (commande <code>roads</code>), s’il est à T minutes ou moins en voiture, mesurées sur ce réseau (raccordement à la route en ligne
        droite, vitesses par type de route, sans embouteillages ; docs/drive-time.md).
      </p>
      <p>
        Objectif « écarts » : d’abord combler les écarts des cantons à la cible de la règle (un site compte pour l’écart de son canton),
        puis couvrir le plus d’habitants ; à égalité, le plus petit code commune. Objectif « accès » : couvrir le plus d’habitants à D km
        (problème de couverture maximale, Church et ReVelle 1974), les territoires prioritaires pouvant peser davantage.
      </p>
      <p>
        Calcul : choix glouton (le meilleur site, puis le suivant…), relancé depuis plusieurs premiers sites, puis amélioré par échanges
        (substitution de Teitz et Bart). Vérifié par recherche exhaustive pour 1 et 2 sites. Le gain affiché pour chaque site est le nombre
        d’habitants qu’il rapproche à D km, compte tenu des sites classés avant lui. Limites : distances à vol d’oiseau, une commune = un
        point, chaque France Services compte autant.
      </p>
      <p className="hint">
        Méthode détaillée, preuves et temps de calcul : fichier <code>docs/planning.md</code> du dépôt de Maillage (section « Suggested
        placements »).
      </p>
    </details>
  );
}

/** « Où implanter N nouvelles France Services ? »: the form, the ranked suggestions (numbered on the map), one click to add them. */
/** A labelled whole-number input of the form (1 to `max`), marked invalid when its text is not a number in range. */
function NumberField(props: { label: string; max: number; value: string; onChange: (value: string) => void; invalid: boolean }) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={1}
        max={props.max}
        step={1}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.invalid || undefined}
      />
    </label>
  );
}

export function SuggestPanel() {
  const suggestion = useAppStore((s) => s.suggestion);
  const suggest = useAppStore((s) => s.suggestPlacements);
  const addSuggestions = useAppStore((s) => s.addSuggestions);
  const clear = useAppStore((s) => s.clearSuggestions);
  const scenarioOps = useAppStore((s) => s.scenario?.operations ?? NO_OPERATIONS);
  const names = usePlaceNames();
  const id = useId();
  const [count, setCount] = useState('5');
  const [objective, setObjective] = useState<PlacementGoal>('gaps');
  const [km, setKm] = useState(String(DEFAULT_MAX_KM));
  const [weight, setWeight] = useState('1');
  const hasRoads = useAppStore((s) => Boolean(s.manifest?.roads));
  const [byRoad, setByRoad] = useState(true);
  const [minutes, setMinutes] = useState(String(DEFAULT_MAX_MINUTES));
  const drive = hasRoads && byRoad;
  const n = whole(count, 1, MAX_SUGGESTIONS);
  const t = drive ? whole(minutes, 1, MAX_MINUTES_LIMIT) : DEFAULT_MAX_MINUTES;
  const d = drive ? DEFAULT_MAX_KM : whole(km, 1, 50);
  const w = whole(weight, 1, 10);
  const valid = n !== null && d !== null && t !== null && (objective === 'gaps' || w !== null);
  const result = suggestion.result;
  const added = (name: string) => scenarioOps.some((op) => op.action === 'add' && op.name === name);
  return (
    <div className="suggest">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid)
            void suggest({
              count: n,
              objective,
              access: drive ? 'drive' : 'straight',
              ...(drive ? { maxMinutes: t } : { maxKm: d }),
              ...(objective === 'access' ? { priorityWeight: w! } : {}),
            });
        }}
      >
        <h3 id={`${id}-title`}>
          Où implanter{' '}
          <input
            type="number"
            min={1}
            max={MAX_SUGGESTIONS}
            step={1}
            value={count}
            onChange={(e) => setCount(e.target.value)}
            aria-label={`Nombre de nouvelles France Services, de 1 à ${MAX_SUGGESTIONS}`}
            aria-invalid={n === null || undefined}
          />{' '}
          nouvelles France Services ?
        </h3>
        <fieldset>
          <legend>Objectif</legend>
          <label className="check">
            <input type="radio" name={`${id}-objective`} checked={objective === 'gaps'} onChange={() => setObjective('gaps')} />
            Combler les écarts des cantons à la règle, puis rapprocher le plus d’habitants
          </label>
          <label className="check">
            <input type="radio" name={`${id}-objective`} checked={objective === 'access'} onChange={() => setObjective('access')} />
            Rapprocher le plus d’habitants d’une France Services
          </label>
        </fieldset>
        {hasRoads && (
          <fieldset>
            <legend>Mesure de la proximité</legend>
            <label className="check">
              <input type="radio" name={`${id}-access`} checked={byRoad} onChange={() => setByRoad(true)} />
              Temps en voiture par la route (réseau routier chargé)
            </label>
            <label className="check">
              <input type="radio" name={`${id}-access`} checked={!byRoad} onChange={() => setByRoad(false)} />
              Distance à vol d’oiseau
            </label>
          </fieldset>
        )}
        <div className="rule__numbers">
          {drive ? (
            <NumberField label="Temps T (min)" max={MAX_MINUTES_LIMIT} value={minutes} onChange={setMinutes} invalid={t === null} />
          ) : (
            <NumberField label="Distance D (km)" max={50} value={km} onChange={setKm} invalid={d === null} />
          )}
          {objective === 'access' && (
            <NumberField label="Poids des territoires prioritaires" max={10} value={weight} onChange={setWeight} invalid={w === null} />
          )}
        </div>
        {!valid && (
          <p className="rule__error">
            Nombre de sites de 1 à {MAX_SUGGESTIONS}, {drive ? `temps de 1 à ${MAX_MINUTES_LIMIT} min` : 'distance de 1 à 50 km'}, poids de
            1 à 10.
          </p>
        )}
        <button type="submit" disabled={!valid || suggestion.status === 'loading'}>
          {suggestion.status === 'loading' ? 'Calcul…' : 'Proposer des emplacements'}
        </button>{' '}
        <a href={`#${id}-method`}>Méthode</a>
      </form>
      {suggestion.error && (
        <p role="alert" className="rule__error">
          Les suggestions n’ont pas pu être calculées : {suggestion.error}
        </p>
      )}
      {result && (
        <div className="suggest__result" role="status" aria-live="polite">
          <p>
            Habitants {withinText(result)} d’une France Services fixe : {formatCountFr(result.populationWithinBefore)} →{' '}
            <strong>{formatCountFr(result.populationWithinAfter)}</strong>
            {result.gapBefore !== null && (
              <>
                {' '}
                ; écart total à la règle : {result.gapBefore} → <strong>{result.gapAfter}</strong>
              </>
            )}
            .
          </p>
          {result.network && (
            <p className="hint">
              Temps mesurés sur le réseau routier du fichier {result.network.sourceFile} (date {result.network.sourceDate ?? 'inconnue'}).
            </p>
          )}
          <ol className="suggest__list">
            {result.suggestions.map((s) => {
              const name = `Suggestion ${s.rank} : ${s.name}`;
              return (
                <li key={s.rank}>
                  <span>
                    <strong>{s.name}</strong> ({names.canton(s.canton_code) ? `canton de ${names.canton(s.canton_code)}` : 'hors canton'}) :
                    +{formatCountFr(s.gain_population)} habitants {withinText(result)}
                    {s.closes_gap ? ', comble un écart' : ''}
                  </span>{' '}
                  <button type="button" onClick={() => addSuggestions([s.rank])} disabled={added(name)}>
                    {added(name) ? 'Ajoutée' : 'Ajouter au scénario'}
                    <span className="visually-hidden"> : {s.name}</span>
                  </button>
                </li>
              );
            })}
          </ol>
          <button type="button" onClick={() => addSuggestions()}>
            Tout ajouter au scénario
          </button>{' '}
          <button type="button" onClick={clear}>
            Effacer les suggestions
          </button>
        </div>
      )}
      <SuggestMethod id={`${id}-method`} />
    </div>
  );
}
