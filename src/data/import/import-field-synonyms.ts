/**
 * The fields an import fills and the headers that name them (synonyms, best first). The
 * template CSVs and docs/import.md are generated from these tables (src/data/import/import-fields.ts
 * matches headers against them).
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
