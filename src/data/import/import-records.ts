import { DEFAULT_IMPORT_LIMITS, ImportFileError, type ImportOptions } from './import-types.ts';

/**
 * The file's own columns, kept on each feature as they are (`properties.extra`). A column may
 * be called `__proto__`, `constructor` or `toString`: the map has no prototype, so writing
 * `extra['__proto__']` keeps a value instead of changing the object, and a missing
 * `constructor` reads as undefined, not as `Object`. After a structured clone (the worker's
 * message, IndexedDB) the map has a prototype again: read it with `ownValue` / `ownEntries`.
 */
export type ExtraColumns = Record<string, string>;

export function createExtraColumns(): ExtraColumns {
  return Object.create(null) as ExtraColumns;
}

/** `object[key]` when the object has it as its own property, else undefined (never an inherited one). */
export function ownValue(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** The extra columns of a feature's properties, or null: own entries only, whatever their prototype. */
export function extraColumnsOf(properties: Record<string, unknown> | null | undefined): [string, unknown][] {
  const extra = properties ? ownValue(properties, 'extra') : undefined;
  if (!extra || typeof extra !== 'object' || Array.isArray(extra)) return [];
  return Object.keys(extra).map((k) => [k, (extra as Record<string, unknown>)[k]]);
}

/** Refuses a file with more columns (CSV headers, JSON keys) than the import reads. */
export function checkColumnCount(count: number, options: ImportOptions, what = 'colonnes'): void {
  const max = options.limits?.maxColumns ?? DEFAULT_IMPORT_LIMITS.maxColumns ?? Infinity;
  if (count > max)
    throw new ImportFileError(
      `Trop de ${what} : ${count.toLocaleString('fr-FR')} (limite de l’import : ${max.toLocaleString('fr-FR')}). Ne gardez que les colonnes utiles, ou vérifiez le séparateur.`,
    );
}
