import { BundleError } from './bundle-error.ts';
import type { BundleManifestFile } from './bundle-types.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Layer ids and file names of a bundle: lower-case words and hyphens; files stay inside the bundle folder. */
const LAYER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const LAYER_FILE = /^[a-z0-9][a-z0-9._-]{0,127}\.(geo)?json$/;
const TOPOLOGY_FILE = /^[a-z0-9][a-z0-9._-]{0,127}\.topojson$/;

/**
 * Checks a parsed `manifest.json` against the bundle contract (format `maillage-bundle`, version 1)
 * and returns it typed. The one manifest check of the project: the app, its workers and every CLI
 * command read manifests through it. Throws a BundleError naming the first field that is wrong.
 */
export function parseBundleManifest(value: unknown, location: string): BundleManifestFile {
  const wrong = (field: string, expected: string): never => {
    throw new BundleError(
      'invalid',
      location,
      `Le manifeste ${location} n’a pas le format attendu (maillage-bundle, version 1) : champ « ${field} » ${expected}.`,
    );
  };
  if (!isObject(value)) return wrong('(racine)', 'doit être un objet JSON');
  if (value.format !== 'maillage-bundle') wrong('format', 'doit valoir "maillage-bundle"');
  if (value.version !== 1) wrong('version', 'doit valoir 1');
  const d = value.departement;
  if (!isObject(d) || !isString(d.code) || !isString(d.name)) return wrong('departement', 'doit donner code et name');
  if (!Array.isArray(d.extent) || d.extent.length !== 4 || !d.extent.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    wrong('departement.extent', 'doit être [ouest, sud, est, nord] en degrés');
  }
  if (!isObject(value.coverage)) wrong('coverage', 'doit être un objet (la règle du département)');
  if (!isObject(value.layers)) return wrong('layers', 'doit être un objet (une entrée par couche)');
  for (const [id, layer] of Object.entries(value.layers)) checkLayer(id, layer, wrong);
  if (value.roads !== undefined) checkRoads(value.roads, wrong);
  if (value.plan !== undefined && value.plan !== null) {
    const plan = value.plan;
    if (!isObject(plan)) return wrong('plan', 'doit être null ou un objet { file, seed }');
    if (!isString(plan.file) || !LAYER_FILE.test(plan.file)) wrong('plan.file', 'doit être un nom de fichier .json du dossier');
    if (!isString(plan.seed)) wrong('plan.seed', 'doit être un texte');
  }
  if (value.changes !== undefined && value.changes !== null) {
    const changes = value.changes;
    if (!isObject(changes)) return wrong('changes', 'doit être null ou un objet { file, previous_built_at, updated_at }');
    if (!isString(changes.file) || !LAYER_FILE.test(changes.file)) wrong('changes.file', 'doit être un nom de fichier .json du dossier');
    if (changes.previous_built_at !== null && !isString(changes.previous_built_at))
      wrong('changes.previous_built_at', 'doit être une date ISO ou null');
    if (!isString(changes.updated_at)) wrong('changes.updated_at', 'doit être une date ISO');
  }
  if (value.national !== undefined && value.national !== null) {
    const national = value.national;
    if (!isObject(national)) return wrong('national', 'doit être null ou un objet { file, built_at }');
    if (!isString(national.file) || !LAYER_FILE.test(national.file)) wrong('national.file', 'doit être un nom de fichier .json du dossier');
    if (!isString(national.built_at)) wrong('national.built_at', 'doit être une date ISO');
  }
  return value as unknown as BundleManifestFile;
}

/** Files of the road graph: plain names inside the bundle folder. */
const ROADS_FILE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function checkRoads(roads: unknown, wrong: (field: string, expected: string) => never): void {
  if (!isObject(roads)) {
    wrong('roads', 'doit être un objet (le graphe routier)');
    return;
  }
  if (!isString(roads.graph) || !ROADS_FILE.test(roads.graph)) wrong('roads.graph', 'doit être un nom de fichier du dossier');
  if (!isString(roads.manifest) || !ROADS_FILE.test(roads.manifest) || !roads.manifest.endsWith('.json'))
    wrong('roads.manifest', 'doit être un nom de fichier .json du dossier');
  for (const k of ['bytes', 'nodes', 'edges'] as const) if (!isCount(roads[k])) wrong(`roads.${k}`, 'doit être un nombre entier positif');
  const source = roads.source;
  if (!isObject(source) || !isString(source.file) || !isString(source.format)) wrong('roads.source', 'doit donner file et format');
  const modified = (source as Json).modified;
  if (modified !== null && !isString(modified)) wrong('roads.source.modified', 'doit être une date ISO ou null');
  if (!isString(roads.built_at)) wrong('roads.built_at', 'doit être une date ISO');
  const carried = roads.carried_over_from;
  if (carried !== undefined && carried !== null && !isString(carried)) wrong('roads.carried_over_from', 'doit être une date ISO ou null');
}

function checkLayer(id: string, layer: unknown, wrong: (field: string, expected: string) => never): void {
  const at = `layers.${id}`;
  if (!LAYER_ID.test(id)) wrong(at, 'a un identifiant de couche invalide');
  if (!isObject(layer)) {
    wrong(at, 'doit être un objet');
    return;
  }
  if (layer.id !== id) wrong(`${at}.id`, `doit valoir "${id}"`);
  if (!isString(layer.title)) wrong(`${at}.title`, 'doit être un texte');
  if (!isString(layer.file) || !LAYER_FILE.test(layer.file)) wrong(`${at}.file`, 'doit être un nom de fichier .geojson du dossier');
  if (layer.topology !== undefined && (!isString(layer.topology) || !TOPOLOGY_FILE.test(layer.topology)))
    wrong(`${at}.topology`, 'doit être un nom de fichier .topojson du dossier');
  if (layer.status !== 'ok' && layer.status !== 'no-data') wrong(`${at}.status`, 'doit valoir "ok" ou "no-data"');
  if (!isCount(layer.features)) wrong(`${at}.features`, 'doit être un nombre entier positif');
  if (!Array.isArray(layer.sources) || !layer.sources.every(isObject)) wrong(`${at}.sources`, 'doit être une liste de sources');
  if (!Array.isArray(layer.caveats) || !layer.caveats.every(isString)) wrong(`${at}.caveats`, 'doit être une liste de textes');
  if (layer.accepts !== undefined && (!Array.isArray(layer.accepts) || !layer.accepts.every(isString))) {
    wrong(`${at}.accepts`, 'doit être une liste de textes');
  }
  for (const [i, s] of (layer.sources as Json[]).entries()) {
    for (const k of ['id', 'title', 'producer', 'licence', 'attribution', 'vintage'] as const) {
      if (!isString(s[k])) wrong(`${at}.sources[${i}].${k}`, 'doit être un texte');
    }
  }
}
