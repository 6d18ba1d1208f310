import { DEFAULT_SPEEDS_KMH, ROAD_CLASSES, type RoadClass, type SpeedTable } from '../../core/roads/road-classes.ts';
import { RoadFileError } from './road-file-error.ts';

/**
 * Reads a speed table override (`--speeds speeds.json`): a JSON object of road class → km/h,
 * e.g. `{ "motorway": 120, "residential": 25 }`; classes not given keep the default table.
 * Unknown classes and speeds outside 1–255 km/h are refused, naming the class.
 */
export function speedTableFromJson(json: unknown, file: string): SpeedTable {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new RoadFileError(file, 'attendu un objet JSON { "classe": vitesse en km/h }', `classes : ${ROAD_CLASSES.join(', ')}`);
  }
  const table: Record<RoadClass, number> = { ...DEFAULT_SPEEDS_KMH };
  for (const [k, v] of Object.entries(json)) {
    if (!(ROAD_CLASSES as readonly string[]).includes(k)) {
      throw new RoadFileError(file, `classe de route inconnue « ${k} »`, `classes : ${ROAD_CLASSES.join(', ')}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1 || v > 255) {
      throw new RoadFileError(file, `vitesse de « ${k} » : ${JSON.stringify(v)} n'est pas un nombre de km/h entre 1 et 255`);
    }
    table[k as RoadClass] = v;
  }
  return table;
}
