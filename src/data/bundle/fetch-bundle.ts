import { BundleError } from './bundle-error.ts';
import { readBundleLayer, readBundleManifest, type BundleSource } from './bundle-source.ts';
import type { BundleManifestFile, LayerData } from './bundle-types.ts';
import { BUNDLE_INDEX_FILE, parseBundleIndex, type BundleIndex } from './bundle-index.ts';
import type { NationalComparison } from '../../core/national/national-comparison.ts';

/** The bundle as the browser and its workers read it: `public/data/<dept>/…` over HTTP. */
export const fetchBundleSource: BundleSource = {
  locate(dept, file) {
    return `${import.meta.env.BASE_URL}data/${encodeURIComponent(dept)}/${file.split('/').map(encodeURIComponent).join('/')}`;
  },
  async readJson(dept, file) {
    return fetchBundleJson(this.locate(dept, file), dept);
  },
  async readBytes(dept, file) {
    return fetchBundleBytes(this.locate(dept, file), dept);
  },
};

const unavailable = (dept: string) =>
  `Les données du département ${dept} ne sont pas disponibles sur ce site. Vérifiez l’adresse, ou revenez plus tard.`;

/**
 * Fetches and parses one JSON file of the bundle. A 404, or the HTML page that the dev and
 * preview servers send back for unknown paths, means the bundle is missing.
 */
async function fetchBundleJson(url: string, dept: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new BundleError('network', url, `Impossible de télécharger ${url} : ${String(cause)}. Vérifiez votre connexion.`);
  }
  if (response.status === 404) throw new BundleError('missing', url, unavailable(dept));
  if (!response.ok) throw new BundleError('network', url, `Le serveur a répondu ${response.status} pour ${url}. Réessayez plus tard.`);
  const text = await response.text();
  // SPA fallback: the server answered index.html instead of the data file.
  if (/^\s*</.test(text)) throw new BundleError('missing', url, unavailable(dept));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BundleError('invalid', url, `Le fichier ${url} n’est pas du JSON valide : les données du site sont endommagées.`);
  }
}

/** Fetches one binary file of the bundle (the road graph). The HTML fallback page means the file is missing. */
async function fetchBundleBytes(url: string, dept: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new BundleError('network', url, `Impossible de télécharger ${url} : ${String(cause)}. Vérifiez votre connexion.`);
  }
  if (response.status === 404) throw new BundleError('missing', url, unavailable(dept));
  if (!response.ok) throw new BundleError('network', url, `Le serveur a répondu ${response.status} pour ${url}. Réessayez plus tard.`);
  if (/text\/html/i.test(response.headers.get('content-type') ?? '')) throw new BundleError('missing', url, unavailable(dept));
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches `data/<dept>/manifest.json` and checks it against the bundle contract. */
export function fetchManifest(dept: string): Promise<BundleManifestFile> {
  return readBundleManifest(fetchBundleSource, dept);
}

/** Fetches one layer of the bundle: its TopoJSON copy when the manifest names one (`topology`), else its GeoJSON file. */
export function fetchLayer(dept: string, file: string, topology?: string): Promise<LayerData> {
  return readBundleLayer(fetchBundleSource, dept, file, topology);
}

/** Fetches `data/index.json`, the list of built départements; none built yet (404) is an empty list. */
export async function fetchBundleIndex(): Promise<BundleIndex> {
  const url = `${import.meta.env.BASE_URL}data/${BUNDLE_INDEX_FILE}`;
  let value: unknown;
  try {
    value = await fetchBundleJson(url, '');
  } catch (e) {
    if (e instanceof BundleError && e.kind === 'missing') return { format: 'maillage-bundle-index', version: 1, departements: [] };
    throw e;
  }
  return parseBundleIndex(value, url);
}

/** Fetches the bundle's national comparison (`manifest.national`), checked; null when the bundle has none. */
export async function fetchNational(dept: string, manifest: BundleManifestFile): Promise<NationalComparison | null> {
  const { readBundleNational } = await import('./read-bundle-national.ts');
  return readBundleNational(fetchBundleSource, dept, manifest);
}
