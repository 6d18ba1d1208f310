import type { StateCreator } from 'zustand/vanilla';
import { expandBBoxKm, isInBBox } from '../../core/geo/lng-lat.ts';
import { openStatus, type OpenStatus, type WeekHoursInput } from '../../core/hours/open-status.ts';
import { directionsUrl } from '../../core/nearest/directions-url.ts';
import { createPlaceFinder, type PlaceFinder, type PlaceMatch } from '../../core/search/create-place-finder.ts';
import { GeocoderError } from '../../data/geocode/geocode-address.ts';
import { findNearestByGroup, type NearestResult } from '../../data/nearest/find-nearest-by-group.ts';
import { placesFromCommunes, type CommunePlace } from '../../data/nearest/places-from-communes.ts';
import { DEFAULT_NEAREST_K, SERVICE_GROUPS, type ServiceGroup } from '../../data/nearest/service-groups.ts';
import type { AppState, FindOrigin, FindSlice, Geocode, LayerData } from '../app-state.ts';
import { isImportedLayer, selectFindGroups, selectLayerData } from '../imported-layers.ts';

/** Results cover the département and this far around it (the neighbours' France Services are kept within ~30 km). */
const COVERED_MARGIN_KM = 30;

/** Without an injected geocoder (the browser app injects the IGN one from src/main.tsx), address search says it is unavailable. */
const noGeocoder: Geocode = async () => {
  throw new GeocoderError('offline', 'La recherche d’adresse n’est pas disponible ici : cherchez par commune ou code postal.');
};

export function createFindSlice(geocode: Geocode = noGeocoder): StateCreator<AppState, [], [], FindSlice> {
  let addressRequest = 0;
  return (set, get) => {
    const ensureServiceLayers = () => {
      for (const g of SERVICE_GROUPS) for (const layer of g.layers) void get().ensureLayer(layer);
    };
    return {
      findOrigin: null,
      findK: DEFAULT_NEAREST_K,
      findNotice: null,
      addressSearch: { status: 'idle', query: '', candidates: [], error: null },

      findNearestFrom(origin) {
        const extent = get().manifest?.departement.extent;
        const outside = extent ? !isInBBox(origin.lngLat, expandBBoxKm(extent, COVERED_MARGIN_KM)) : false;
        const name = get().manifest?.departement.name;
        const newSearch = get().findOrigin !== null;
        set({
          findOrigin: { ...origin, lngLat: [origin.lngLat[0], origin.lngLat[1]] },
          findNotice: outside
            ? `Ce point est à plus de ${COVERED_MARGIN_KM} km du département${name ? ` (${name})` : ''} : seuls les lieux du département et des ${COVERED_MARGIN_KM} km alentour sont connus ici.`
            : null,
        });
        // the sheet of a place chosen from the previous results would cover the new ones on a phone
        if (newSearch) get().clearSelection();
        ensureServiceLayers();
      },

      async searchAddress(query) {
        const request = ++addressRequest;
        set({ addressSearch: { status: 'loading', query, candidates: [], error: null } });
        const extent = get().manifest?.departement.extent;
        const near: [number, number] | undefined = extent ? [(extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2] : undefined;
        try {
          const candidates = await geocode(query, near);
          if (request !== addressRequest) return;
          if (candidates.length === 0) {
            set({
              addressSearch: {
                status: 'error',
                query,
                candidates: [],
                error: `Aucune adresse trouvée pour « ${query.trim()} ». Vérifiez la saisie, ou cherchez par commune.`,
              },
            });
            return;
          }
          set({ addressSearch: { status: 'done', query, candidates, error: null } });
          get().findNearestFrom({ kind: 'address', label: candidates[0].label, lngLat: candidates[0].lngLat });
        } catch (err) {
          if (request !== addressRequest) return;
          const message =
            err instanceof GeocoderError
              ? err.message
              : `Recherche d’adresse impossible : ${err instanceof Error ? err.message : String(err)}`;
          set({ addressSearch: { status: 'error', query, candidates: [], error: message } });
        }
      },

      setFindNotice(text) {
        if (get().findNotice !== text) set({ findNotice: text });
      },

      clearFind() {
        addressRequest++;
        get().clearSelection();
        set({ findOrigin: null, findNotice: null, addressSearch: { status: 'idle', query: '', candidates: [], error: null } });
      },
    };
  };
}

/** A commune of the commune search (its centre, name, postcodes). */
export type { CommunePlace };

/** One result as the panel and the map show it. */
export interface FindItem extends NearestResult {
  /** Unique within a search: `group:rank` for a place, `group:bus-rank` for a France Services itinérante. */
  key: string;
  group: string;
  /**
   * Directions from the searched place; null when the point is not the place: a site known only by
   * its commune (the point is the commune's centre), or a bus at its base.
   */
  directionsUrl: string | null;
  /** The name of the site's commune (its `commune_name`, else the communes layer's name for its `commune_code`). */
  communeName: string | null;
}

export type FindGroupStatus = 'ok' | 'loading' | 'no-data' | 'error';

export interface FindGroupView {
  group: ServiceGroup;
  status: FindGroupStatus;
  /**
   * The places one can walk into, in honest order (src/core/nearest/honest-order.ts): by distance
   * band, placed sites before commune-only ones within a band. No bus. Numbered 1…k on the map.
   */
  items: FindItem[];
  /** France Services itinérantes (bus bases, bus stops), listed apart and not drawn as places to go. */
  buses: FindItem[];
  /** The nearest placed site (never a commune-only one): what a summary may quote as "le plus proche". */
  nearestExact: FindItem | null;
  /** Error messages of the group's layers that failed to load. */
  error: string | null;
}

export interface FindResults {
  origin: FindOrigin;
  groups: FindGroupView[];
  /** True while some group's layers are still loading. */
  loading: boolean;
}

let lastInputs: unknown[] | null = null;
let lastResults: FindResults | null = null;

function sameInputs(a: unknown[] | null, b: unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The k nearest sites of every service group from the searched place, computed from the loaded
 * layers (one index per layer, built once: src/data/nearest/find-nearest-by-group.ts). A group
 * shows its results only once all of its layers with data are loaded, so that the nearest is
 * never a partial answer (the neighbours' France Services matter near the border). Memoised on
 * its inputs: the same object comes back until the origin or a layer changes.
 */
export function selectFindResults(state: AppState): FindResults | null {
  const origin = state.findOrigin;
  if (!origin) return null;
  // the bundle's groups, with the imported layers joined in (src/state/imported-layers.ts)
  const serviceGroups = selectFindGroups(state);
  const layerIds = serviceGroups.flatMap((g) => g.layers);
  const layerData = selectLayerData(state);
  const inputs: unknown[] = [
    origin,
    state.findK,
    state.manifest,
    state.manifestStatus,
    serviceGroups,
    ...layerIds.flatMap((id) => [layerData[id], state.layerErrors[id]]),
    layerData.communes,
  ];
  const communeNames = communeNamesOf(layerData.communes);
  if (sameInputs(lastInputs, inputs) && lastResults) return lastResults;

  const withData = (id: string) => state.manifest?.layers[id]?.status === 'ok' || isImportedLayer(state, id);
  const manifestPending = !state.manifest && state.manifestStatus !== 'error';
  const groups: FindGroupView[] = serviceGroups.map((group) => {
    const empty = { group, items: [], buses: [], nearestExact: null, error: null };
    if (manifestPending) return { ...empty, status: 'loading' };
    const layers = group.layers.filter(withData);
    if (layers.length === 0) return { ...empty, status: 'no-data' };
    const errors = layers.map((id) => state.layerErrors[id]).filter(Boolean);
    if (errors.length) return { ...empty, status: 'error', error: errors.join(' ; ') };
    if (layers.some((id) => !layerData[id])) return { ...empty, status: 'loading' };
    const [found] = findNearestByGroup([group], (id) => (layers.includes(id) ? layerData[id] : null), origin.lngLat, state.findK, {
      originCommuneCode: origin.kind === 'commune' ? (origin.code ?? null) : null,
    });
    const item = (r: NearestResult, key: string): FindItem => ({
      ...r,
      key,
      group: group.id,
      communeName:
        (typeof r.site.properties.commune_name === 'string' && r.site.properties.commune_name.trim()) ||
        communeNames.get(String(r.site.properties.commune_code ?? '')) ||
        null,
      directionsUrl:
        r.precision === 'exact' && (r.itinerant === null || r.itinerant.directions) ? directionsUrl(origin.lngLat, r.site.lngLat) : null,
    });
    const items = found.places.map((r) => item(r, `${group.id}:${r.rank}`));
    const buses = found.itinerant.map((r) => item(r, `${group.id}:bus-${r.rank}`));
    return { group, status: 'ok', items, buses, nearestExact: items.find((i) => i.precision === 'exact') ?? null, error: null };
  });
  lastInputs = inputs;
  lastResults = { origin, groups, loading: groups.some((g) => g.status === 'loading') };
  return lastResults;
}

const communeNameCache = new WeakMap<object, Map<string, string>>();

/** INSEE code → name, from the communes layer (built once per layer data; empty while it is not loaded). */
function communeNamesOf(communes: LayerData | undefined): Map<string, string> {
  if (!communes) return new Map();
  let names = communeNameCache.get(communes);
  if (!names) {
    names = new Map(placesFromCommunes(communes).places.map((c) => [c.code, c.name]));
    communeNameCache.set(communes, names);
  }
  return names;
}

/** Whether a result is open at `now` (Europe/Paris), from its parsed hours; unknown when it has none. */
export function openStatusOf(item: FindItem, now: Date): OpenStatus {
  const hours = item.site.properties.hours;
  return openStatus(hours && typeof hours === 'object' ? (hours as WeekHoursInput) : null, now);
}

const finderCache = new WeakMap<object, PlaceFinder<CommunePlace>>();

/**
 * Communes of the communes layer (`state.layerData.communes`) matching a name or postcode, best
 * first; the commune finder is built once per layer data. Empty while the layer is not loaded.
 */
export function findCommunes(communes: LayerData | undefined, query: string, limit = 8): PlaceMatch<CommunePlace>[] {
  if (!communes) return [];
  let finder = finderCache.get(communes);
  if (!finder) {
    finder = createPlaceFinder(placesFromCommunes(communes).places);
    finderCache.set(communes, finder);
  }
  return finder.search(query, limit);
}
