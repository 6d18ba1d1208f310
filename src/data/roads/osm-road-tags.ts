import { ROAD_CLASSES, roadClassIndex } from '../../core/roads/road-classes.ts';
import type { RoadDropReason } from './road-read-report.ts';

/**
 * How OpenStreetMap tags become a drivable road, declaratively (docs/drive-time.md). Used by the
 * `.osm.pbf` reader and by GeoJSON files that carry OSM tags (`osmium export`, Overpass).
 */
export const OSM_ROAD_RULES = {
  /** `highway=*` values kept, each its own class (ROAD_CLASSES). */
  roadClasses: ROAD_CLASSES as readonly string[],
  /** `highway=*` values that are not for cars. */
  nonRoads: [
    'footway',
    'cycleway',
    'path',
    'steps',
    'pedestrian',
    'bridleway',
    'track',
    'corridor',
    'platform',
    'elevator',
    'busway',
    'bus_guideway',
    'bus_stop',
    'raceway',
    'via_ferrata',
    'escape',
    'emergency_bay',
    'rest_area',
    'services',
    'crossing',
    'traffic_island',
  ],
  /** `highway=*` values of roads that are not open (yet or any more). */
  notBuilt: ['construction', 'proposed', 'abandoned', 'disused', 'razed', 'planned', 'dismantled'],
  /** Access keys, most specific first: the first one present decides (`access=no` + `motor_vehicle=yes` is open). */
  accessKeys: ['motorcar', 'motor_vehicle', 'vehicle', 'access'],
  /** Access values closing a road to a resident's car. */
  closedAccess: ['no', 'private', 'agricultural', 'forestry', 'emergency', 'delivery', 'military', 'permit'],
  onewayForward: ['yes', 'true', '1'],
  onewayBackward: ['-1', 'reverse'],
  onewayNone: ['no', 'false', '0'],
  /** `oneway` values of roads whose direction changes (dropped: no fixed direction to route on). */
  onewayVariable: ['reversible', 'alternating'],
  /** Ways one-way without a `oneway` tag: motorways (each carriageway is its own way) and roundabouts. */
  impliedOneway: { highway: ['motorway'], junction: ['roundabout', 'circular'] },
  /** Named speed limits (`maxspeed=FR:urban`), km/h. `none`, `signals`, `variable` give no limit. */
  namedMaxspeedKmh: {
    'FR:urban': 50,
    'FR:rural': 80,
    'FR:motorway': 130,
    'FR:zone30': 30,
    'FR:zone20': 20,
    'FR:walk': 6,
    'FR:living_street': 20,
    'BE:urban': 50,
    'BE:rural': 70,
    'BE-VLG:rural': 70,
    'BE-WAL:rural': 90,
    'BE:motorway': 120,
    'BE:zone30': 30,
    walk: 6,
  } as Record<string, number>,
  /** `maxspeed` values that mean "no fixed limit". */
  noMaxspeed: ['none', 'signals', 'variable', 'unknown'],
} as const;

/** Tag lookup of one way: the value of a key, or undefined. */
export type OsmTagLookup = (key: string) => string | undefined;

export type OsmWayVerdict =
  | { keep: true; roadClass: number; oneway: -1 | 0 | 1; maxspeedKmh: number; maxspeedUnreadable: boolean }
  | { keep: false; reason: RoadDropReason; value: string };

const has = (list: readonly string[], v: string | undefined) => v !== undefined && list.includes(v);

/**
 * Reads `maxspeed`: a number (km/h), `N mph`, or a named limit. 0 when absent or "none";
 * null when unreadable (several values, unknown names), in which case the class speed is used.
 */
export function parseMaxspeedKmh(raw: string | undefined): number | null {
  if (raw === undefined) return 0;
  const v = raw.trim();
  if (has(OSM_ROAD_RULES.noMaxspeed, v)) return 0;
  const named = OSM_ROAD_RULES.namedMaxspeedKmh[v];
  if (named !== undefined) return named;
  const m = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]) * (m[2] === 'mph' ? 1.609344 : 1);
  return n > 0 && n <= 300 ? n : null;
}

/** Whether an OSM way is a drivable road, its class, direction and speed limit — or why not. */
export function classifyOsmWay(tag: OsmTagLookup): OsmWayVerdict {
  const highway = tag('highway');
  if (highway === undefined) return { keep: false, reason: 'not-a-road', value: '' };
  if (has(OSM_ROAD_RULES.nonRoads, highway)) return { keep: false, reason: 'non-road', value: `highway=${highway}` };
  if (has(OSM_ROAD_RULES.notBuilt, highway)) return { keep: false, reason: 'not-built', value: `highway=${highway}` };
  const roadClass = roadClassIndex(highway);
  if (roadClass < 0) return { keep: false, reason: 'unknown-class', value: `highway=${highway}` };
  if (tag('area') === 'yes') return { keep: false, reason: 'area', value: 'area=yes' };
  for (const key of OSM_ROAD_RULES.accessKeys) {
    const v = tag(key);
    if (v === undefined) continue;
    if (has(OSM_ROAD_RULES.closedAccess, v)) return { keep: false, reason: 'access', value: `${key}=${v}` };
    break;
  }
  const onewayTag = tag('oneway');
  if (has(OSM_ROAD_RULES.onewayVariable, onewayTag)) return { keep: false, reason: 'variable-direction', value: `oneway=${onewayTag}` };
  let oneway: -1 | 0 | 1 = 0;
  if (has(OSM_ROAD_RULES.onewayForward, onewayTag)) oneway = 1;
  else if (has(OSM_ROAD_RULES.onewayBackward, onewayTag)) oneway = -1;
  else if (!has(OSM_ROAD_RULES.onewayNone, onewayTag)) {
    const junction = tag('junction');
    if (has(OSM_ROAD_RULES.impliedOneway.highway, highway) || has(OSM_ROAD_RULES.impliedOneway.junction, junction)) oneway = 1;
  }
  const maxspeed = parseMaxspeedKmh(tag('maxspeed'));
  return { keep: true, roadClass, oneway, maxspeedKmh: maxspeed ?? 0, maxspeedUnreadable: maxspeed === null };
}

/** The OSM tag keys {@link classifyOsmWay} reads (the PBF reader decodes only these). */
export const OSM_KEYS_READ = ['highway', 'area', 'oneway', 'junction', 'maxspeed', ...OSM_ROAD_RULES.accessKeys] as const;
