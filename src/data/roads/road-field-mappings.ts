import type { RoadClass } from '../../core/roads/road-classes.ts';
import type { RoadDropReason } from './road-read-report.ts';

/**
 * How the fields of a GeoJSON of road lines become road classes, directions and speeds, one
 * mapping per producer, declaratively (like data/sources/*.json for the bundle). Field names
 * are matched without regard to case (shapefile exports write them in capitals); values are
 * matched after folding case, accents and word separators ("Route à 2 chaussées" = "route a 2 chaussees",
 * "Rond-point" = "rond point"; "-1" stays "-1").
 * The first mapping whose `detect` fields are all present on the first feature is used for the
 * whole file.
 */
export interface GeoJsonRoadMapping {
  id: 'osm' | 'bdtopo' | 'route500' | 'speed';
  title: string;
  /** Fields that select this mapping; `detectAny`: at least one of them. */
  detect?: string[];
  detectAny?: string[];
  /** OSM tags as properties (`highway`, `oneway`, `maxspeed`…): read by the OSM rules. */
  osmTags?: boolean;
  /** Field holding the class, and class per folded value; `importance` defers to the importance field. */
  classField?: string;
  classes?: Record<string, RoadClass | 'importance'>;
  /** Folded class values that are not roads for cars, with the reason counted. */
  dropClasses?: Record<string, RoadDropReason>;
  /** A fixed class when the mapping has no class field. */
  fixedClass?: RoadClass;
  importanceField?: string;
  importanceClasses?: Record<string, RoadClass>;
  /** Class of an importance value not listed (e.g. "NC"). */
  importanceDefault?: RoadClass;
  /** Direction: the first field present; folded values. */
  directionFields?: string[];
  forward?: string[];
  backward?: string[];
  /** The producer's average speed, km/h: the first field present with a number above 0. */
  speedFields?: string[];
  /** Access: the first field present; folded values closing the road to cars. */
  accessFields?: string[];
  closedAccess?: string[];
  /** State of the road: folded values of roads not open yet. */
  stateFields?: string[];
  notBuilt?: string[];
}

export const GEOJSON_ROAD_MAPPINGS: readonly GeoJsonRoadMapping[] = [
  {
    id: 'osm',
    title: 'OpenStreetMap (étiquettes highway, oneway, maxspeed…)',
    detect: ['highway'],
    osmTags: true,
  },
  {
    id: 'bdtopo',
    title: 'IGN BD TOPO, tronçons de route (nature, importance, sens_de_circulation, vitesse_moyenne_vl)',
    detect: ['nature', 'importance'],
    classField: 'nature',
    classes: {
      'type autoroutier': 'motorway',
      bretelle: 'motorway_link',
      'route a 2 chaussees': 'importance',
      'route a 1 chaussee': 'importance',
      'rond point': 'importance',
      place: 'importance',
      'route empierree': 'service',
    },
    dropClasses: {
      chemin: 'non-road',
      sentier: 'non-road',
      escalier: 'non-road',
      'piste cyclable': 'non-road',
      'bac ou liaison maritime': 'non-road',
      'bac auto': 'non-road',
      'bac pieton': 'non-road',
    },
    importanceField: 'importance',
    importanceClasses: { '1': 'trunk', '2': 'primary', '3': 'secondary', '4': 'tertiary', '5': 'residential', '6': 'service' },
    importanceDefault: 'unclassified',
    directionFields: ['sens_de_circulation', 'sens'],
    forward: ['sens direct'],
    backward: ['sens inverse'],
    speedFields: ['vitesse_moyenne_vl', 'vit_moy_vl'],
    accessFields: ['acces_vehicule_leger', 'acces_vl'],
    closedAccess: ['physiquement impossible', 'restreint aux ayants droit'],
    stateFields: ['etat_de_l_objet', 'etat'],
    notBuilt: ['en projet', 'en construction'],
  },
  {
    id: 'route500',
    title: 'IGN ROUTE 500, tronçons de route (VOCATION, SENS)',
    detect: ['vocation'],
    classField: 'vocation',
    classes: {
      'type autoroutier': 'motorway',
      'liaison principale': 'trunk',
      'liaison regionale': 'primary',
      'liaison locale': 'secondary',
      bretelle: 'motorway_link',
    },
    directionFields: ['sens'],
    forward: ['sens direct'],
    backward: ['sens inverse'],
  },
  {
    id: 'speed',
    title: 'vitesse par ligne (speed_kmh, vitesse_kmh, vitesse)',
    detectAny: ['speed_kmh', 'vitesse_kmh', 'vitesse'],
    fixedClass: 'road',
    speedFields: ['speed_kmh', 'vitesse_kmh', 'vitesse'],
    directionFields: ['oneway', 'sens'],
    forward: ['yes', 'true', '1', 'sens direct'],
    backward: ['-1', 'reverse', 'sens inverse'],
  },
];

/** Every field name some mapping recognises, for the "no mapping fits" message. */
export const RECOGNISED_ROAD_FIELDS = [...new Set(GEOJSON_ROAD_MAPPINGS.flatMap((m) => [...(m.detect ?? []), ...(m.detectAny ?? [])]))];

/** Folds a field value for matching: lower case, no accents, spaces, underscores and hyphens between letters as one space. */
export function foldRoadValue(value: unknown): string {
  return String(value)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/(?<=[a-z])-(?=[a-z])/g, ' ')
    .replace(/[\s_'’]+/g, ' ')
    .trim();
}
