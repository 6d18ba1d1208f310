/** French wording of the "Trouver un service" results (pure functions, no DOM). */

const KM_1 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const KM_0 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** A straight-line distance: "350 m", "2,0 km", "18 km" (no-break space before the unit). */
export function formatDistanceFr(km: number): string {
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)}\u00a0m`;
  if (km < 10) return `${KM_1.format(km)}\u00a0km`;
  return `${KM_0.format(km)}\u00a0km`;
}

/** A duration in minutes: "5 min", "1 h 05". */
export function formatMinutesFr(min: number): string {
  if (min < 60) return `${min}\u00a0min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m === 0 ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}`;
}

/** Names of the départements whose France Services can appear across the Nord's border (and their neighbours). */
const DEPARTEMENTS: Record<string, string> = {
  '02': 'Aisne',
  '08': 'Ardennes',
  '59': 'Nord',
  '60': 'Oise',
  '62': 'Pas-de-Calais',
  '80': 'Somme',
};

/** "Aisne (02)", or "département 51" for a code not in the short list. */
export function departementLabelFr(code: string): string {
  const name = DEPARTEMENTS[code];
  return name ? `${name} (${code})` : `département ${code}`;
}
