import type { BundleManifestFile, LayerData } from './bundle-types.ts';

export type BundleErrorKind = 'missing' | 'invalid' | 'network';

/** A bundle file that could not be fetched or read; `message` is French, for the user. */
export class BundleError extends Error {
  readonly kind: BundleErrorKind;
  readonly url: string;
  constructor(kind: BundleErrorKind, url: string, message: string) {
    super(message);
    this.name = 'BundleError';
    this.kind = kind;
    this.url = url;
  }
}

function bundleUrl(dept: string, file: string): string {
  return `${import.meta.env.BASE_URL}data/${encodeURIComponent(dept)}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

function buildHint(dept: string): string {
  return `Construisez-les avec « npm run -s cli -- data --dept ${dept} » (ou lancez « npm start », qui les prépare puis ouvre l'application).`;
}

/**
 * Fetches and parses one JSON file of the bundle. A 404, or the HTML page that
 * the dev and preview servers send back for unknown paths, means the bundle is missing.
 */
async function fetchBundleJson(dept: string, file: string): Promise<unknown> {
  const url = bundleUrl(dept, file);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new BundleError('network', url, `Impossible de télécharger ${url} : ${String(cause)}.`);
  }
  if (response.status === 404) {
    throw new BundleError('missing', url, `Données introuvables pour le département ${dept} (${url}). ${buildHint(dept)}`);
  }
  if (!response.ok) {
    throw new BundleError('network', url, `Le serveur a répondu ${response.status} pour ${url}.`);
  }
  const text = await response.text();
  if (/^\s*</.test(text)) {
    // SPA fallback: the server answered index.html instead of the data file.
    throw new BundleError('missing', url, `Données introuvables pour le département ${dept} (${url}). ${buildHint(dept)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BundleError('invalid', url, `Le fichier ${url} n'est pas du JSON valide. ${buildHint(dept)}`);
  }
}

/** Fetches `data/<dept>/manifest.json` and checks its format and version. */
export async function fetchManifest(dept: string): Promise<BundleManifestFile> {
  const json = await fetchBundleJson(dept, 'manifest.json');
  const m = json as Partial<BundleManifestFile> | null;
  if (m?.format !== 'maillage-bundle' || m.version !== 1 || typeof m.layers !== 'object' || !m.departement) {
    throw new BundleError(
      'invalid',
      bundleUrl(dept, 'manifest.json'),
      `Le manifeste du département ${dept} n'a pas le format attendu (maillage-bundle, version 1). ${buildHint(dept)}`,
    );
  }
  return m as BundleManifestFile;
}

/** Fetches one layer file of the bundle (a GeoJSON FeatureCollection). */
export async function fetchLayer(dept: string, file: string): Promise<LayerData> {
  const json = await fetchBundleJson(dept, file);
  const fc = json as Partial<LayerData> | null;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new BundleError('invalid', bundleUrl(dept, file), `Le fichier ${file} n'est pas une FeatureCollection GeoJSON.`);
  }
  return fc as LayerData;
}
