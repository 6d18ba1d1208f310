import type { MultiPolygon, Polygon } from 'geojson';
import { geometryBBox } from '../../core/geo/geometry-bbox.ts';
import { SourceFileError } from '../report.ts';
import type { SourceDescription } from '../sources/source-description.ts';
import type { AdminReference, DepartementConfig, RawFile } from './build-types.ts';
import { readGeoJson, str } from './read-raw.ts';

/** What the default settings say, in the manifest (`coverage.basis`) and so in the app and the exports. */
export const DEFAULT_BASIS =
  'Réglages par défaut (aucun fichier data/departements/NN.json pour ce département) : 1 France Services par canton, 2 dans un canton prioritaire ; prioritaire = au moins un QPV ou au moins 50 % de la population dans des communes rurales (critères nationaux seulement) ; aucun territoire prioritaire, aucun SDAASP chargé.';

/** The rural density levels of the INSEE 7-level grid, as in the configured départements. */
const RURAL_LEVELS = ['Bourgs ruraux', 'Rural à habitat dispersé', 'Rural à habitat très dispersé'];

/**
 * The settings of a département that has no file in `data/departements/`: its name from the reference
 * package, the stated default rule (one France Services per canton, more where a national criterion,
 * QPV or rural population, makes the canton a priority), no priority territory and no seed. Null when the
 * code is not a département of the reference package (the caller says so).
 */
export function defaultDepartementConfig(
  code: string,
  reference: Pick<AdminReference, 'departements'>,
  extent: [number, number, number, number],
): DepartementConfig | null {
  const known = reference.departements.find((d) => d.code === code);
  if (!known) return null;
  return {
    code,
    name: known.nom,
    extent,
    neighbourBufferKm: 30,
    coverage: {
      target: 1,
      priorityTarget: 2,
      priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false },
      ruralDensityLevels: RURAL_LEVELS,
      basis: DEFAULT_BASIS,
      seedRefs: [],
    },
    priorityTerritories: [],
    seed: null,
  };
}

/**
 * The bounding box of the département's outline in its polygon file, rounded outward to 2 decimals
 * (as the configured files' `extent`). A located error when the file holds no outline for the code.
 */
export function departementExtent(file: RawFile, desc: SourceDescription, code: string): [number, number, number, number] {
  const codeColumn = desc.columns?.code ?? 'code';
  const outlines = readGeoJson(file, desc).features.filter(
    (f) => str(f.properties?.[codeColumn]) === code && (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon'),
  );
  if (outlines.length === 0) {
    throw new SourceFileError(
      file.location,
      `aucun contour du département ${code} (champ « ${codeColumn} »)`,
      'utilisez le fichier officiel de ce département',
    );
  }
  const boxes = outlines.map((f) => geometryBBox(f.geometry as Polygon | MultiPolygon));
  const down = (v: number) => Math.floor(v * 100) / 100;
  const up = (v: number) => Math.ceil(v * 100) / 100;
  return [
    down(Math.min(...boxes.map((b) => b[0]))),
    down(Math.min(...boxes.map((b) => b[1]))),
    up(Math.max(...boxes.map((b) => b[2]))),
    up(Math.max(...boxes.map((b) => b[3]))),
  ];
}
