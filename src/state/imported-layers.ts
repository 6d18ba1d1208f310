import type { CountedLayer, CoverageSite } from '../core/coverage/coverage-types.ts';
import { importTargetOf } from '../data/import/import-fields.ts';
import { SERVICE_GROUPS, type ServiceGroup } from '../data/nearest/service-groups.ts';
import type { AppState, ImportedLayer, LayerData } from './app-state.ts';
import { isochronesUnderScenario } from './scenario-zones-overlay.ts';

/**
 * How imported layers join the rest of the app: as counted layers of the coverage table and
 * as sites of "Trouver un service". Pure selectors, memoised on the list of imports.
 */

/**
 * Imported point layers of more features than this are drawn from tiles cut in their import worker
 * (src/map/imported-source.ts); smaller ones reach the map as GeoJSON, at once.
 */
export const TILED_FROM = 2_000;

/** True when an imported layer is drawn from its worker's tiles: a point layer of more than `TILED_FROM` features. */
export function isTiledImport(layer: Pick<ImportedLayer, 'target' | 'data'>): boolean {
  return importTargetOf(layer.target)?.geometry === 'point' && layer.data.features.length > TILED_FROM;
}

/** Imported layers of the département shown now. */
export function importsOfDept(state: Pick<AppState, 'imports' | 'dept'>): ImportedLayer[] {
  return state.imports.filter((l) => l.dept === state.dept);
}

const sitesCache = new WeakMap<object, CoverageSite[]>();

/** An imported point as a site of the coverage table and the nearest search; null for any other geometry. */
export function importedSiteOf(f: LayerData['features'][number]): CoverageSite | null {
  if (f.geometry?.type !== 'Point') return null;
  const [lng, lat] = f.geometry.coordinates;
  const code = f.properties?.commune_code;
  return {
    id: String(f.properties?.id),
    lngLat: [lng, lat],
    communeCode: typeof code === 'string' && /^\d[\dAB]\d{3}$/.test(code) ? code : null,
  };
}

/**
 * Gives a layer's sites, made batch by batch while its features arrived (each batch a short task),
 * so that the coverage table's first read of a 200,000-point layer is not one long task.
 */
export function primeImportedSites(data: LayerData, sites: CoverageSite[]): void {
  sitesCache.set(data, sites);
}

function sitesOf(layer: ImportedLayer): CoverageSite[] {
  let sites = sitesCache.get(layer.data);
  if (!sites) {
    sites = [];
    for (const f of layer.data.features) {
      const site = importedSiteOf(f);
      if (site) sites.push(site);
    }
    sitesCache.set(layer.data, sites);
  }
  return sites;
}

let countedFor: { imports: unknown; dept: unknown; value: CountedLayer[] } | null = null;

/** Imported point layers as counted layers of the coverage table (one column each). */
export function selectImportedCountedLayers(state: Pick<AppState, 'imports' | 'dept'>): CountedLayer[] {
  if (countedFor && countedFor.imports === state.imports && countedFor.dept === state.dept) return countedFor.value;
  const value = importsOfDept(state)
    .filter((l) => importTargetOf(l.target)?.geometry !== 'area')
    .map((l) => ({ id: l.id, title: l.title, sites: sitesOf(l) }));
  countedFor = { imports: state.imports, dept: state.dept, value };
  return value;
}

let groupsFor: { imports: unknown; dept: unknown; value: ServiceGroup[] } | null = null;

/**
 * Service groups of "Trouver un service" with the imported layers: a layer imported into a
 * bundle layer that has a group joins that group (after its layers); other point layers get a
 * group of their own; area layers (QPV) are not services and stay out.
 */
export function selectFindGroups(state: Pick<AppState, 'imports' | 'dept'>): readonly ServiceGroup[] {
  if (groupsFor && groupsFor.imports === state.imports && groupsFor.dept === state.dept) return groupsFor.value;
  const imports = importsOfDept(state).filter((l) => importTargetOf(l.target)?.geometry === 'point');
  const value: ServiceGroup[] = SERVICE_GROUPS.map((g) => {
    const joined = imports.filter((l) => importTargetOf(l.target)?.findGroup === g.id).map((l) => l.id);
    return joined.length ? { ...g, layers: [...g.layers, ...joined] } : g;
  });
  for (const l of imports) {
    const group = importTargetOf(l.target)?.findGroup;
    if (!group || !SERVICE_GROUPS.some((g) => g.id === group)) value.push({ id: l.id, title: l.title, layers: [l.id] });
  }
  groupsFor = { imports: state.imports, dept: state.dept, value };
  return value;
}

/** True when `id` is an imported layer of the shown département. */
export function isImportedLayer(state: Pick<AppState, 'imports' | 'dept'>, id: string): boolean {
  return state.imports.some((l) => l.id === id && l.dept === state.dept);
}

let layerDataFor: { layerData: unknown; imports: unknown; dept: unknown; outcome: unknown; value: Record<string, LayerData> } | null = null;

/**
 * The data of every layer shown: the bundle's layers loaded so far and the imported layers of the
 * département (a selector: the import slice never writes the data slice); with a scenario applied
 * on a road graph, the drive-time zones as the scenario makes them (isochronesUnderScenario). The
 * same object as `state.layerData` when nothing is imported and no scenario moved the zones.
 */
export function selectLayerData(
  state: Pick<AppState, 'layerData' | 'imports' | 'dept'> & Partial<Pick<AppState, 'scenarioOutcome'>>,
): Record<string, LayerData> {
  const f = layerDataFor;
  const outcome = state.scenarioOutcome ?? null;
  if (f && f.layerData === state.layerData && f.imports === state.imports && f.dept === state.dept && f.outcome === outcome) return f.value;
  const imports = importsOfDept(state);
  let value = imports.length ? { ...state.layerData, ...Object.fromEntries(imports.map((l) => [l.id, l.data])) } : state.layerData;
  const zones = outcome?.zones;
  if (zones && value.isochrones) value = { ...value, isochrones: isochronesUnderScenario(value.isochrones, zones) };
  layerDataFor = { layerData: state.layerData, imports: state.imports, dept: state.dept, outcome, value };
  return value;
}

/** Whether a layer is shown: as the user set it, else by default (an imported layer is shown when it arrives). */
export function isLayerVisible(state: Pick<AppState, 'visible' | 'imports' | 'dept'>, id: string): boolean {
  return state.visible[id] ?? isImportedLayer(state, id);
}
