import { createCantonAssigner, type CantonAssigner } from '../../core/coverage/assign-canton.ts';
import type { MultiPolygon } from 'geojson';
import { createAreaIndex, type AreaFeature, type AreaIndex } from '../../core/index/area-index.ts';
import type { BuildInputs, BuiltLayer } from './build-types.ts';
import { cogCantons, currentCommunes, densityLevels, frameInputs, qpvCodesByCommune } from './build-frame-steps.ts';
import { communePolygons, type CommuneInfo } from './build-frame-polygons.ts';
import { arrondissementOutlines, cantonOutlines, drawnParts, type CommuneCut } from './build-frame-areas.ts';
import { departementOutline, epciWithIllectronisme } from './build-frame-context.ts';
import { arrondissementsLayer, cantonsLayer, communesLayer, departementLayer, epciLayer, type FrameSteps } from './build-frame-layers.ts';

export type { CommuneInfo, CommuneCut };
export { normaliseCantonCode } from './build-frame-steps.ts';

/** The administrative frame, with indexes built once for the other layers. */
export interface Frame {
  communes: Map<string, CommuneInfo>;
  communeFeatures: AreaFeature<{ code: string }>[];
  communeIndex: AreaIndex;
  /** Canton outlines: the communes of each COG canton dissolved, split communes cut by the 2018 cantons. */
  cantonFeatures: AreaFeature<{ code: string; name: string }>[];
  cantonIndex: AreaIndex;
  /** The coverage engine's canton rule (COG for whole communes, else point-in-polygon), shared with the build. */
  cantonAssigner: CantonAssigner;
  /** How each commune split between cantons was cut. */
  communeCuts: CommuneCut[];
  departementIndex: AreaIndex;
  departementBBox: [number, number, number, number];
  epciGeometry: Map<string, MultiPolygon>;
  epciNames: Map<string, string>;
  /** Current commune code for a code that may predate a merger; null when unknown. */
  resolveCommune(code: string): string | null;
  /** Current communes of the département using a postcode. */
  communesByPostcode(postcode: string): string[];
  layers: BuiltLayer[];
}

/**
 * Builds the administrative layers: département, arrondissements, cantons, communes, EPCI. Cantons,
 * arrondissements and EPCI are drawn from the commune polygons grouped by the membership the
 * coverage table uses (COG cantons, current arrondissements, EPCI), so that every outline follows
 * the commune borders; the communes split between cantons are cut by the 2018 canton polygons.
 */
export async function buildFrame(inputs: BuildInputs): Promise<Frame> {
  const c = frameInputs(inputs);
  const refUse = c.src('etalab-decoupage-administratif');
  const refFiles = [`npm:${refUse.package}@${c.reference.version}`];
  // the steps, in the order of the report's entries
  const a = currentCommunes(c);
  const cog = await cogCantons(c, a.resolveCommune);
  const dens = densityLevels(c, a.resolveCommune);
  const qpv = qpvCodesByCommune(c, a.resolveCommune);
  const polys = communePolygons(c, a, cog, dens.density, qpv.qpvByCommune);
  const { communes, communeFeatures } = polys;
  const drawn = drawnParts(c, cog, polys);
  const cantons = cantonOutlines(cog, polys, drawn);
  const arr = arrondissementOutlines(c, polys, drawn);
  const dep = departementOutline(c, communes);
  const epci = epciWithIllectronisme(c, a, drawn.dissolved.epci);

  const postcodeIndex = new Map<string, string[]>();
  for (const c of communes.values()) for (const p of c.postcodes) postcodeIndex.set(p, [...(postcodeIndex.get(p) ?? []), c.code]);

  const steps: FrameSteps = { ...a, ...cog, ...dens, ...qpv, ...polys, ...drawn, ...cantons, ...arr, ...dep, ...epci, refUse, refFiles };
  const layers: BuiltLayer[] = [
    departementLayer(steps),
    arrondissementsLayer(steps),
    cantonsLayer(c, steps),
    communesLayer(c, steps),
    epciLayer(steps),
  ];

  const { cantonFeatures, cantonIndex } = cantons;
  return {
    communes,
    communeFeatures,
    communeIndex: createAreaIndex(communeFeatures),
    cantonFeatures,
    cantonIndex,
    cantonAssigner: createCantonAssigner(cantonFeatures, new Map([...communes.values()].map((c) => [c.code, c.cantonCode])), cantonIndex),
    communeCuts: drawn.cuts,
    departementIndex: dep.departementIndex,
    departementBBox: dep.departementBBox,
    epciGeometry: epci.epciGeometry,
    epciNames: a.epciNames,
    resolveCommune: a.resolveCommune,
    communesByPostcode: (p) => postcodeIndex.get(p.trim()) ?? [],
    layers,
  };
}
