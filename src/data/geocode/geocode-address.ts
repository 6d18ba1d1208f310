import { GeocoderResponseError, parseGeocoderResponse, type GeocodedAddress } from './parse-geocoder-response.ts';

export type { GeocodedAddress };

/** The IGN Géoplateforme geocoder (successor of api-adresse.data.gouv.fr); 50 requests/s per IP. */
export const GEOPLATEFORME_SEARCH_URL = 'https://data.geopf.fr/geocodage/search';

export type GeocoderErrorKind = 'offline' | 'timeout' | 'rate-limited' | 'server' | 'bad-request' | 'invalid-response';

/** Why an address search failed; `message` is French, for the user, and always offers the offline way. */
export class GeocoderError extends Error {
  readonly kind: GeocoderErrorKind;
  /** Seconds to wait before retrying (429 `Retry-After`), when the service said so. */
  readonly retryAfterS: number | null;
  constructor(kind: GeocoderErrorKind, message: string, retryAfterS: number | null = null) {
    super(message);
    this.name = 'GeocoderError';
    this.kind = kind;
    this.retryAfterS = retryAfterS;
  }
}

export interface GeocodeOptions {
  /** Maximum answers (1..20), 5 by default. */
  limit?: number;
  /** Favour answers near this `[lng, lat]` (the département's centre), as the service allows. */
  near?: readonly [number, number];
  /** Injected for tests and for the CLI; the global fetch by default. */
  fetch?: typeof fetch;
  baseUrl?: string;
  /** Gives up after this many ms (8 s by default). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Whether the device believes it is online (`navigator.onLine`); when false, no request is made. */
  isOnline?: () => boolean;
}

const OFFLINE_WAY = 'Cherchez plutôt par commune ou code postal : cela fonctionne sans connexion.';
const MIN_QUERY = 3;
const MAX_QUERY = 200;

function offline(): GeocoderError {
  return new GeocoderError(
    'offline',
    `Recherche d’adresse impossible : pas de connexion au service d’adresses de l’IGN (hors ligne ou réseau filtré). ${OFFLINE_WAY}`,
  );
}

/** Reads `Retry-After` in seconds (or an HTTP date), capped to a minute. */
function retryAfterOf(response: Response): number | null {
  const raw = response.headers.get('retry-after');
  if (!raw) return null;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 0) return Math.min(60, Math.ceil(s));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.min(60, Math.max(0, Math.ceil((date - Date.now()) / 1000)));
}

/** Aborts when either signal does (AbortSignal.any where available). */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) controller.abort(s.reason);
    else s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}

/**
 * Geocodes one address typed by the user through the IGN Géoplateforme (`GET …/search?q=…&limit=5`),
 * best answer first. Call it only on an explicit request (never per keystroke): the service is
 * shared and limited per IP. Failures throw a GeocoderError whose message says what happened
 * (offline, too many requests, server error, timeout) and points to the offline commune search.
 */
export async function geocodeAddress(query: string, options: GeocodeOptions = {}): Promise<GeocodedAddress[]> {
  const q = query.trim().replace(/\s+/g, ' ');
  if (q.length < MIN_QUERY || !/[\p{L}\p{N}]/u.test(q)) {
    throw new GeocoderError('bad-request', `Saisissez une adresse d’au moins ${MIN_QUERY} caractères (numéro, rue, commune).`);
  }
  if (q.length > MAX_QUERY) throw new GeocoderError('bad-request', `Adresse trop longue (${MAX_QUERY} caractères au plus).`);
  if (options.isOnline && !options.isOnline()) throw offline();

  const url = new URL(options.baseUrl ?? GEOPLATEFORME_SEARCH_URL);
  url.searchParams.set('q', q);
  url.searchParams.set('limit', String(Math.min(20, Math.max(1, options.limit ?? 5))));
  if (options.near) {
    url.searchParams.set('lon', options.near[0].toFixed(5));
    url.searchParams.set('lat', options.near[1].toFixed(5));
  }
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 8000);
  const signal = options.signal ? anySignal(options.signal, timeout) : timeout;

  let response: Response;
  try {
    response = await doFetch(url.toString(), { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if (options.signal?.aborted) throw err; // cancelled by the caller: not an error to show
    if (timeout.aborted) {
      throw new GeocoderError(
        'timeout',
        `Le service d’adresses de l’IGN n’a pas répondu à temps. Réessayez dans un instant. ${OFFLINE_WAY}`,
      );
    }
    throw offline();
  }
  if (response.status === 429) {
    const wait = retryAfterOf(response);
    throw new GeocoderError(
      'rate-limited',
      `Le service d’adresses de l’IGN reçoit trop de demandes en ce moment. Réessayez dans ${wait ?? 5} secondes. ${OFFLINE_WAY}`,
      wait,
    );
  }
  if (response.status >= 500) {
    throw new GeocoderError(
      'server',
      `Le service d’adresses de l’IGN est en difficulté (erreur ${response.status}). Réessayez plus tard. ${OFFLINE_WAY}`,
    );
  }
  if (!response.ok) {
    throw new GeocoderError(
      'bad-request',
      `Le service d’adresses de l’IGN a refusé cette recherche (erreur ${response.status}) : vérifiez l’adresse saisie.`,
    );
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new GeocoderError('invalid-response', `Réponse illisible du service d’adresses de l’IGN. ${OFFLINE_WAY}`);
  }
  try {
    return parseGeocoderResponse(json).addresses;
  } catch (err) {
    if (err instanceof GeocoderResponseError)
      throw new GeocoderError('invalid-response', `Réponse inattendue du service d’adresses de l’IGN. ${OFFLINE_WAY}`);
    throw err;
  }
}
