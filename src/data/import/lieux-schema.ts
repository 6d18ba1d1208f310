import { fromSchemaLieuDeMediationNumerique, ModelError } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { foldHeader } from './import-fields.ts';
import { clean } from './import-session.ts';

/** Columns that reveal the national "lieux de médiation numérique" schema. */
export const LIEUX_KEYS = ['id', 'pivot', 'nom', 'services'];

/** List columns of the lieux schema: `|` in the schema, `;` seen in the wild. */
const LIEUX_LISTS = new Set([
  'services',
  'courriels',
  'site_web',
  'typologie',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'itinerance',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
]);

/** Field of the file that a schema error is about. */
const LIEUX_ERROR_FIELDS: Record<string, string> = { voie: 'adresse', courriel: 'courriels', url: 'site_web', typologies: 'typologie' };
/** Fields the schema requires on every row. */
const LIEUX_REQUIRED = ['id', 'pivot', 'nom', 'adresse', 'commune', 'code_postal'];

/**
 * Validates one record against the national lieux de médiation numérique schema with the
 * ANCT library (@gouvfr-anct/lieux-de-mediation-numerique), plus the update date. Coordinates
 * are left to our own reading (which puts swapped and Lambert-93 pairs right).
 */
export function validateLieu(
  cells: readonly string[],
  columns: readonly [string, string, number][],
): { field: string; reason: string; value?: string } | null {
  const item: Record<string, string | undefined> = {};
  for (const [, key, i] of columns) {
    if (key === 'latitude' || key === 'longitude') continue;
    let v = clean(cells[i]) ?? undefined;
    if (v !== undefined && LIEUX_LISTS.has(key))
      v = v
        .split(/\s*[|;]\s*/)
        .filter(Boolean)
        .join('|');
    item[key] = v;
  }
  const headerFor = (key: string) => columns.find(([, k]) => k === key)?.[0] ?? key;
  for (const key of LIEUX_REQUIRED) {
    if (item[key] === undefined)
      return { field: headerFor(key), reason: `schéma des lieux de médiation numérique : champ obligatoire « ${key} » vide` };
  }
  const date = item.date_maj;
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date) || Number.isNaN(Date.parse(date.slice(0, 10)))) {
    return {
      field: headerFor('date_maj'),
      reason: 'date de mise à jour (date_maj) manquante ou invalide : AAAA-MM-JJ attendu',
      value: date,
    };
  }
  try {
    fromSchemaLieuDeMediationNumerique(item as never);
    return null;
  } catch (err) {
    if (err instanceof ModelError) {
      const errKey = String(err.key);
      const key = Object.hasOwn(LIEUX_ERROR_FIELDS, errKey) ? LIEUX_ERROR_FIELDS[errKey] : errKey;
      return { field: headerFor(key), reason: `schéma des lieux de médiation numérique : ${err.message}` };
    }
    return { field: '(ligne)', reason: `schéma des lieux de médiation numérique : ${(err as Error).message}` };
  }
}

/** The schema's column names, by folded header (`Code postal` → `code_postal`). */
export const SCHEMA_COLUMNS = new Map(
  [
    'id',
    'pivot',
    'nom',
    'commune',
    'code_postal',
    'code_insee',
    'adresse',
    'complement_adresse',
    'latitude',
    'longitude',
    'telephone',
    'courriels',
    'site_web',
    'horaires',
    'presentation_resume',
    'presentation_detail',
    'source',
    'structure_parente',
    'date_maj',
    'services',
    'publics_specifiquement_adresses',
    'prise_en_charge_specifique',
    'frais_a_charge',
    'itinerance',
    'dispositif_programmes_nationaux',
    'formations_labels',
    'autres_formations_labels',
    'modalites_acces',
    'modalites_accompagnement',
    'fiche_acces_libre',
    'prise_rdv',
    'typologie',
  ].map((c) => [foldHeader(c), c]),
);
