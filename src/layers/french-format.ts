/** French number formats shared by the legends, the list view and the panels (pure, no DOM). */

const NUMBER_FR = new Intl.NumberFormat('fr-FR');

/** A count with French digit grouping: 1234 → "1 234". */
export function formatCountFr(n: number): string {
  return NUMBER_FR.format(n);
}

/** A number with at most `digits` decimals, French style: 18.5 → "18,5". */
export function formatNumberFr(v: number, digits: number): string {
  return v.toLocaleString('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}
