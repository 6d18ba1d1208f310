/**
 * The seeded, fictional CSV that scripts/measure-import.ts imports (and the e2e suite `import`
 * at a smaller size): sites spread over the Nord's extent with decimal commas, 4 % of rows in
 * Lambert-93 metres, 5 % placed by an INSEE code only, 3 % with no name and unreadable coordinates
 * (rejected, « nom manquant »).
 * Nothing in it comes from a real list: names, addresses and phone numbers are made up.
 */
import { mulberry32 } from '../../tests/unit/helpers/seeded-random.ts';

export interface BenchCsv {
  text: string;
  /** Rows with no name (and coordinates `abc`): rejected, each with its row number. */
  badRows: number;
  /** Rows placed by the commune only (INSEE 59350, Lille). */
  communeRows: number;
}

export function generateImportCsv(rows: number, seed = 2024): BenchCsv {
  const rand = mulberry32(seed);
  const lines = ['id;nom;adresse;code_postal;commune;code_insee;latitude;longitude;telephone;type'];
  let badRows = 0;
  let communeRows = 0;
  for (let i = 1; i <= rows; i++) {
    const lng = 2.2 + rand() * 1.9;
    const lat = 50.05 + rand() * 0.95;
    const r = rand();
    let lat$ = lat.toFixed(5).replace('.', ',');
    let lng$ = lng.toFixed(5).replace('.', ',');
    let insee = '';
    let name = `Lieu fictif n°${i}`;
    if (r < 0.05) {
      [lat$, lng$] = ['', ''];
      insee = '59350';
      communeRows++;
    } else if (r < 0.08) {
      [lat$, lng$] = ['abc', ''];
      name = '';
      badRows++;
    } else if (r < 0.12)
      [lat$, lng$] = [String(Math.round(6_950_000 + (lat - 50) * 111_000)), String(Math.round(600_000 + (lng - 2) * 71_000))];
    lines.push(`B${i};${name};${i} rue de l’Exemple;59000;Commune fictive;${insee};${lat$};${lng$};03 00 00 00 00;Accueil`);
  }
  return { text: `${lines.join('\n')}\n`, badRows, communeRows };
}
