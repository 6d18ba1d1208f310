import { normalizeText } from '../../core/text/normalize-text.ts';
import { LAYERS } from '../../layers/layer-registry.ts';
import { AREA_FIELDS, POINT_FIELDS, type ImportField } from './import-field-synonyms.ts';

/**
 * The fields an import fills, the headers that name them (synonyms) and the layers it can
 * fill. Headers are compared folded: case, accents, spaces, underscores, hyphens and
 * punctuation ignored (`Code postal`, `CODE_POSTAL` and `code-postal` are the same).
 * The template CSVs and docs/import.md are generated from these tables.
 */
export { AREA_FIELDS, POINT_FIELDS, type ImportField } from './import-field-synonyms.ts';

/** A layer an import can fill. */
export interface ImportTarget {
  id: string;
  title: string;
  geometry: 'point' | 'area';
  /** Group of "Trouver un service" that the imported sites join; null: a group of their own (or none, for areas). */
  findGroup: string | null;
  /** What the layer is for, in French. */
  description: string;
}

/** Any list of places, into a layer of its own. */
const OTHER_TARGET: ImportTarget = {
  id: 'other',
  title: 'Autre couche de lieux',
  geometry: 'point',
  findGroup: null,
  description: 'Toute liste de lieux avec un nom et une position (coordonnées, ou commune).',
};

/**
 * The layers an import can fill: every layer of the registry with an `import` target (its
 * "Trouver un service" group is the layer's), then any other list of places.
 */
export const IMPORT_TARGETS: readonly ImportTarget[] = [
  ...LAYERS.flatMap((l) =>
    l.import
      ? [
          {
            id: l.id,
            title: l.import.title,
            geometry: l.import.geometry,
            findGroup: l.nearest?.group ?? null,
            description: l.import.description,
          },
        ]
      : [],
  ),
  OTHER_TARGET,
];

export function importTargetOf(id: string): ImportTarget | undefined {
  return IMPORT_TARGETS.find((t) => t.id === id);
}

export function fieldsOf(target: ImportTarget): readonly ImportField[] {
  return target.geometry === 'area' ? AREA_FIELDS : POINT_FIELDS;
}

/** Folds a header for matching: `Code postal`, `CODE_POSTAL`, `code-postal` → `codepostal`. */
export function foldHeader(header: string): string {
  return normalizeText(header.replace(/^\uFEFF/, '')).replace(/ /g, '');
}

const synonymIndex = new WeakMap<readonly ImportField[], Map<string, { field: string; rank: number }>>();
function indexOf(fields: readonly ImportField[]) {
  let index = synonymIndex.get(fields);
  if (!index) {
    index = new Map();
    for (const f of fields)
      f.synonyms.forEach((s, rank) => {
        index!.set(foldHeader(s), { field: f.id, rank });
      });
    synonymIndex.set(fields, index);
  }
  return index;
}

export interface HeaderMatch {
  /** Field id → header of the file (the mapping's, else the best-ranked synonym). */
  columns: Record<string, string>;
  /** Field id → other headers naming it, best first: read when the main column is empty for a row. */
  alternates: Record<string, string[]>;
  /** Headers matched by no synonym and no mapping. */
  unknown: string[];
}

/**
 * Matches a file's headers to fields: explicit mapping first (field → header), then synonyms,
 * the best-ranked synonym winning when two headers name the same field.
 */
export function matchHeaders(
  headers: readonly string[],
  fields: readonly ImportField[],
  mapping: Readonly<Record<string, string>> = {},
): HeaderMatch {
  const index = indexOf(fields);
  const columns: Record<string, string> = {};
  const ranks: Record<string, number> = {};
  const mapped = new Set<string>();
  for (const [field, header] of Object.entries(mapping)) {
    if (!fields.some((f) => f.id === field)) continue;
    const found = headers.find((h) => h === header) ?? headers.find((h) => foldHeader(h) === foldHeader(header));
    if (found !== undefined) {
      columns[field] = found;
      ranks[field] = -1;
      mapped.add(found);
    }
  }
  const unknown: string[] = [];
  const candidates: Record<string, { header: string; rank: number }[]> = {};
  for (const h of headers) {
    if (mapped.has(h) || h.trim() === '') continue;
    const hit = index.get(foldHeader(h));
    if (!hit) unknown.push(h);
    else (candidates[hit.field] ??= []).push({ header: h, rank: hit.rank });
  }
  const alternates: Record<string, string[]> = {};
  for (const [field, list] of Object.entries(candidates)) {
    const sorted = list.sort((a, b) => a.rank - b.rank).map((c) => c.header);
    if (columns[field] === undefined) columns[field] = sorted.shift()!;
    if (sorted.length) alternates[field] = sorted;
  }
  return { columns, alternates, unknown };
}

/** Which needed fields have no column: the name, and a way to place the row. */
export function missingFields(target: ImportTarget, columns: Readonly<Record<string, string>>): string[] {
  if (target.geometry === 'area') return columns.code ? [] : ['code'];
  const missing: string[] = [];
  if (!columns.name) missing.push('name');
  const placed = (columns.lat && columns.lng) || columns.commune_code || columns.postcode || columns.commune_name;
  if (!placed) missing.push('lat+lng|commune_code|postcode|commune_name');
  return missing;
}

/** The field a user's name designates (`nom`, `name`, `latitude`, `lat`, any synonym), or null. */
export function fieldNamed(target: ImportTarget, key: string): ImportField | null {
  const k = foldHeader(key);
  const fields = fieldsOf(target);
  return (
    fields.find((f) => foldHeader(f.id) === k || foldHeader(f.template) === k) ??
    fields.find((f) => f.synonyms.some((s) => foldHeader(s) === k)) ??
    null
  );
}

/**
 * Parses a column mapping written `field=column,field=column` (the CLI's `--map`): fields by
 * id, template name or synonym; a column name may hold commas when the next part has no `=`.
 */
export function parseColumnMapping(target: ImportTarget, text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  const parts: string[] = [];
  for (const piece of text.split(',')) {
    if (parts.length && !piece.includes('=')) parts[parts.length - 1] += `,${piece}`;
    else parts.push(piece);
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new Error(`« ${part} » : écrivez champ=colonne (par exemple nom=Raison sociale)`);
    const key = part.slice(0, eq).trim();
    const field = fieldNamed(target, key);
    if (!field)
      throw new Error(
        `champ « ${key} » inconnu ; champs possibles : ${fieldsOf(target)
          .map((f) => f.template)
          .join(', ')}`,
      );
    mapping[field.id] = part.slice(eq + 1).trim();
  }
  return mapping;
}
