/** French number formats shared by the legends, the list view and the panels (pure, no DOM). */

// made on first use: building a French formatter loads ICU data (about 50 ms), which every command
// of the CLI that never formats a number (`--help`) would otherwise pay at start-up
let numberFr: Intl.NumberFormat | null = null;

/** A count with French digit grouping: 1234 → "1 234". */
export function formatCountFr(n: number): string {
  numberFr ??= new Intl.NumberFormat('fr-FR');
  return numberFr.format(n);
}

/** A number with at most `digits` decimals, French style: 18.5 → "18,5". */
export function formatNumberFr(v: number, digits: number): string {
  return v.toLocaleString('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}
