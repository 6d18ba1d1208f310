/**
 * The road classes the drive-time graph knows, in a fixed order (their index is what the
 * graph and its binary file store), and the stated speed assumed for each (docs/drive-time.md).
 * Names follow OpenStreetMap's `highway=*` values; IGN's classes are mapped onto them
 * (src/data/roads/road-field-mappings.ts).
 */
export const ROAD_CLASSES = [
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'primary',
  'primary_link',
  'secondary',
  'secondary_link',
  'tertiary',
  'tertiary_link',
  'unclassified',
  'residential',
  'living_street',
  'service',
  'road',
] as const;

export type RoadClass = (typeof ROAD_CLASSES)[number];

/** A speed per road class, in km/h. */
export type SpeedTable = Readonly<Record<RoadClass, number>>;

/**
 * Assumed average speeds by road class, in km/h, for a car outside rush hours. They sit
 * below the French legal limits (motorway 130, dual carriageway 110, other roads 80 or 90,
 * built-up areas 50) because an average includes bends, junctions and villages. A way's own
 * `maxspeed` can only lower them; a producer's average speed (BD TOPO `vitesse_moyenne_vl`)
 * replaces them. Overridable with a JSON file (`--speeds`).
 */
export const DEFAULT_SPEEDS_KMH: SpeedTable = {
  motorway: 115,
  motorway_link: 60,
  trunk: 95,
  trunk_link: 50,
  primary: 75,
  primary_link: 45,
  secondary: 65,
  secondary_link: 40,
  tertiary: 55,
  tertiary_link: 35,
  unclassified: 45,
  residential: 30,
  living_street: 15,
  service: 20,
  road: 30,
};

/**
 * Classes with limited access: no house, shop or France Services opens onto them, so points
 * (grid cells, communes, sites) never attach to a node that only they reach; they are entered
 * at junctions with the other roads.
 */
export const LIMITED_ACCESS_CLASSES: readonly RoadClass[] = ['motorway', 'motorway_link'];

/** Index of a class in {@link ROAD_CLASSES} (what the graph stores), or -1. */
export function roadClassIndex(name: string): number {
  return (ROAD_CLASSES as readonly string[]).indexOf(name);
}
