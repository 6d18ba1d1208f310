import { ARRONDISSEMENTS } from './arrondissements.ts';
import { CANTONS } from './cantons.ts';
import { COMMUNES } from './communes.ts';
import { DEPARTEMENT } from './departement.ts';
import { DIGITAL_INCLUSION } from './digital-inclusion.ts';
import { EPCI } from './epci.ts';
import { FIRST_RECEPTION } from './first-reception.ts';
import { FRANCE_SERVICES } from './france-services.ts';
import { FRANCE_SERVICES_NEARBY } from './france-services-nearby.ts';
import { HEALTH_MEDIATORS } from './health-mediators.ts';
import { ILLECTRONISME } from './illectronisme.ts';
import { ISOCHRONES } from './isochrones.ts';
import type { LayerDefinition, LayerLegend } from './layer-types.ts';
import { MSAP } from './msap.ts';
import { MSP } from './msp.ts';
import { NEIGHBOURS } from './neighbours.ts';
import { importedColourOf, OKABE_ITO } from './palettes.ts';
import { POPULATION_GRID } from './population-grid.ts';
import { PRIORITY_ZONES } from './priority-zones.ts';
import { QPV } from './qpv.ts';
import { RURAL_COMMUNES } from './rural-communes.ts';

/**
 * The layer registry: every layer the app knows, one module each (src/layers/<id>.ts), in the
 * legend's order (services, territories, context). Adding a layer = its module, one line here,
 * and its builder (docs/architecture.md, "Add a layer").
 */
export const LAYERS: readonly LayerDefinition[] = [
  FRANCE_SERVICES,
  FRANCE_SERVICES_NEARBY,
  MSAP,
  MSP,
  FIRST_RECEPTION,
  DIGITAL_INCLUSION,
  HEALTH_MEDIATORS,
  QPV,
  PRIORITY_ZONES,
  RURAL_COMMUNES,
  ILLECTRONISME,
  POPULATION_GRID,
  ISOCHRONES,
  DEPARTEMENT,
  ARRONDISSEMENTS,
  CANTONS,
  EPCI,
  COMMUNES,
  NEIGHBOURS,
];

const byId = new Map(LAYERS.map((l) => [l.id, l]));

/** The registry entry of a layer, or undefined (an imported layer, or one of a newer bundle). */
export function layerDef(id: string): LayerDefinition | undefined {
  return byId.get(id);
}

/** Layers with a file of their own in the bundle (every layer but the derived ones). */
export const BUNDLE_LAYERS: readonly LayerDefinition[] = LAYERS.filter((l) => !l.derived);

/** File name of a layer in the bundle. */
export function layerFileOf(layer: Pick<LayerDefinition, 'id'>): string {
  return `${layer.id}.geojson`;
}

/** Ids of imported layers start with `import-` (src/state/slices/import.slice.ts). */
export function isImportedLayerId(id: string): boolean {
  return id.startsWith('import-');
}

/** Legend of a layer id with that id; imported layers get a colour of their own, unknown ids (a newer bundle) a neutral grey. */
export function legendFor(id: string): LayerLegend & { id: string } {
  const def = byId.get(id);
  if (def) return { id, ...def.legend };
  if (isImportedLayerId(id)) return { id, group: 'services', colour: importedColourOf(id), symbol: 'point' };
  return { id, group: 'context', colour: OKABE_ITO.grey, symbol: 'outline' };
}

/** Whether a layer is shown when the app opens: its entry's default; imported layers are shown, unknown ones not. */
export function isDefaultVisible(id: string): boolean {
  return byId.get(id)?.defaultVisible ?? isImportedLayerId(id);
}

/** The layer whose data a layer is drawn from: itself, or the base of a derived layer. */
export function dataLayerIdOf(id: string): string {
  return byId.get(id)?.derived?.from ?? id;
}

/** Layers drawn from the data of `baseId` (e.g. `communes` → `rural-communes`). */
export function derivedLayersOf(baseId: string): string[] {
  return LAYERS.filter((l) => l.derived?.from === baseId).map((l) => l.id);
}

/** Layers drawn as choropleths (classes set on the map as feature state). */
export const CHOROPLETH_LAYERS: readonly string[] = LAYERS.filter((l) => l.choropleth).map((l) => l.id);

const kindLabels: Record<string, string> = Object.assign({}, ...LAYERS.map((l) => l.details?.kindLabels ?? {}));

/** French label of a site's `kind` (any layer's), or undefined when no layer names it. */
export function kindLabelOf(kind: string): string | undefined {
  return Object.hasOwn(kindLabels, kind) ? kindLabels[kind] : undefined;
}
