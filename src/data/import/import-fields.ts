import { normalizeText } from '../../core/text/normalize-text.ts';
import { LAYERS } from '../../layers/layer-registry.ts';

/**
 * The fields an import fills, the headers that name them (synonyms) and the layers it can
 * fill. Headers are compared folded: case, accents, spaces, underscores, hyphens and
 * punctuation ignored (`Code postal`, `CODE_POSTAL` and `code-postal` are the same).
 * The template CSVs and docs/import.md are generated from these tables.
 */
export interface ImportField {
  id: string;
  /** Column name of the template CSV. */
  template: string;
  /** French description (template notice, mapping dialog). */
  label: string;
  /** Accepted headers, best first (the template name included). */
  synonyms: readonly string[];
  /** Example value of the template's first row (fictional). */
  example: string;
  example2: string;
}

export const POINT_FIELDS: readonly ImportField[] = [
  {
    id: 'id',
    template: 'id',
    label: 'Identifiant propre au fichier (facultatif, unique)',
    synonyms: ['id', 'identifiant', 'id_fs', 'nofinesset', 'finess', 'ref', 'reference', 'code', 'uid', 'id_lieu'],
    example: 'EX-001',
    example2: 'EX-002',
  },
  {
    id: 'name',
    template: 'nom',
    label: 'Nom du lieu (obligatoire)',
    synonyms: [
      'nom',
      'libelle',
      'name',
      'lib_fs',
      'raison_sociale',
      'rs',
      'rslongue',
      'nom_structure',
      'denomination',
      'intitule',
      'structure',
      'nom_du_lieu',
      'nom_lieu',
      'titre',
      'etablissement',
    ],
    example: 'Maison exemple des Tilleuls',
    example2: 'Point d’accueil fictif',
  },
  {
    id: 'address',
    template: 'adresse',
    label: 'Adresse (numéro et voie)',
    synonyms: ['adresse', 'address', 'voie', 'adresse_postale', 'rue', 'adresse1', 'adresse_1', 'ligne_adresse', 'numero_et_voie'],
    example: '1 rue de l’Exemple',
    example2: '',
  },
  {
    id: 'address_complement',
    template: 'complement_adresse',
    label: 'Complément d’adresse',
    synonyms: ['complement_adresse', 'complement', 'adresse2', 'adresse_2', 'complement_d_adresse', 'lieu_dit'],
    example: '',
    example2: '',
  },
  {
    id: 'postcode',
    template: 'code_postal',
    label: 'Code postal',
    synonyms: ['code_postal', 'cp', 'postcode', 'zip', 'code_post', 'zipcode', 'postal_code'],
    example: '59000',
    example2: '59300',
  },
  {
    id: 'commune_name',
    template: 'commune',
    label: 'Commune',
    synonyms: ['commune', 'ville', 'localite', 'lib_com', 'nom_commune', 'libelle_commune', 'city', 'municipality', 'nom_de_la_commune'],
    example: 'Lille',
    example2: 'Valenciennes',
  },
  {
    id: 'commune_code',
    template: 'code_insee',
    label: 'Code INSEE de la commune (5 caractères)',
    synonyms: [
      'code_insee',
      'insee',
      'insee_com',
      'codgeo',
      'code_commune',
      'code_commune_insee',
      'depcom',
      'com',
      'citycode',
      'code_geo',
      'cog',
    ],
    example: '59350',
    example2: '59606',
  },
  {
    id: 'lat',
    template: 'latitude',
    label: 'Latitude WGS84 en degrés, ou Y Lambert-93 en mètres',
    synonyms: ['latitude', 'lat', 'y', 'coord_y', 'coordy', 'coordonnee_y', 'wgs84_lat', 'geo_lat', 'coordyet', 'lat_wgs84', 'y_wgs84'],
    example: '50,6329',
    example2: '',
  },
  {
    id: 'lng',
    template: 'longitude',
    label: 'Longitude WGS84 en degrés, ou X Lambert-93 en mètres',
    synonyms: [
      'longitude',
      'lon',
      'lng',
      'long',
      'x',
      'coord_x',
      'coordx',
      'coordonnee_x',
      'wgs84_lon',
      'geo_lon',
      'coordxet',
      'lon_wgs84',
      'x_wgs84',
    ],
    example: '3,0573',
    example2: '',
  },
  {
    id: 'phone',
    template: 'telephone',
    label: 'Téléphone',
    synonyms: ['telephone', 'tel', 'phone', 'numero_de_telephone', 'tel_fixe', 'standard', 'num_tel'],
    example: '03 00 00 00 01',
    example2: '',
  },
  {
    id: 'mail',
    template: 'courriel',
    label: 'Courriel',
    synonyms: ['courriel', 'courriels', 'mail', 'email', 'e_mail', 'adresse_mail', 'adresse_electronique', 'mel'],
    example: 'contact@exemple.invalid',
    example2: '',
  },
  {
    id: 'website',
    template: 'site_web',
    label: 'Site web',
    synonyms: ['site_web', 'site', 'website', 'url', 'site_internet', 'web'],
    example: 'https://exemple.invalid',
    example2: '',
  },
  {
    id: 'hours',
    template: 'horaires',
    label: 'Horaires (texte libre ou syntaxe OpenStreetMap)',
    synonyms: ['horaires', 'horaire', 'heures_d_ouverture', 'opening_hours', 'horaires_d_ouverture', 'ouverture'],
    example: 'Mo-Fr 09:00-12:00',
    example2: '',
  },
  {
    id: 'kind',
    template: 'type',
    label: 'Type ou nature du lieu',
    synonyms: ['type', 'nature', 'categorie', 'typologie', 'type_de_structure', 'type_fs', 'libcategetab', 'type_lieu'],
    example: 'Mairie',
    example2: 'CCAS',
  },
  {
    id: 'services',
    template: 'services',
    label: 'Services proposés (séparés par « | » ou « ; »)',
    synonyms: ['services', 'prestations', 'services_proposes'],
    example: '',
    example2: '',
  },
  {
    id: 'comment',
    template: 'commentaire',
    label: 'Commentaire',
    synonyms: ['commentaire', 'commentaires', 'remarque', 'remarques', 'observations', 'description', 'notes', 'comment'],
    example: 'Données fictives',
    example2: 'Sans coordonnées : placé au centre de la commune',
  },
];

export const AREA_FIELDS: readonly ImportField[] = [
  {
    id: 'code',
    template: 'code_qp',
    label: 'Code du quartier (obligatoire)',
    synonyms: ['code_qp', 'code_quartier', 'code', 'id'],
    example: 'QN05999X',
    example2: '',
  },
  {
    id: 'name',
    template: 'nom_qp',
    label: 'Nom du quartier',
    synonyms: ['nom_qp', 'nom_quartier', 'nom', 'name', 'libelle'],
    example: 'Quartier fictif',
    example2: '',
  },
  {
    id: 'communes',
    template: 'commune_qp',
    label: 'Commune(s) du quartier',
    synonyms: ['commune_qp', 'communes', 'commune', 'lib_com'],
    example: 'Lille',
    example2: '',
  },
];

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
