/** Why a way or line of a road file was not kept; every one is counted, none silently dropped. */
export type RoadDropReason =
  | 'not-a-road' // no highway tag / not a road line (buildings, rivers… in an OSM extract)
  | 'non-road' // footway, cycleway, path, steps, track, Chemin, Sentier, Piste cyclable…
  | 'not-built' // construction, proposed, En projet…
  | 'access' // access=no, motor_vehicle=no, Restreint aux ayants droit…
  | 'area' // area=yes (a square drawn as a polygon)
  | 'variable-direction' // oneway=reversible / alternating
  | 'unknown-class' // a class value the mapping does not know
  | 'no-class' // the class and speed fields are empty
  | 'geometry' // not a LineString / MultiLineString, or fewer than 2 positions
  | 'missing-nodes'; // an OSM way whose nodes are all absent from the file

/** French wording of each reason, for the CLI and the app. */
export const ROAD_DROP_REASONS_FR: Record<RoadDropReason, string> = {
  'not-a-road': 'autres objets que des routes (bâtiments, cours d’eau, limites…)',
  'non-road': 'voies non carrossables (piétons, vélos, escaliers, chemins, pistes)',
  'not-built': 'routes en projet ou en construction',
  access: 'accès interdit aux voitures (privé, interdit, ayants droit)',
  area: 'surfaces (area=yes)',
  'variable-direction': 'sens de circulation variable',
  'unknown-class': 'classe de route inconnue',
  'no-class': 'sans classe ni vitesse',
  geometry: 'géométries qui ne sont pas des lignes',
  'missing-nodes': 'chemins dont les nœuds manquent dans le fichier',
};

/** What a reader saw in a road file. */
export interface RoadReadReport {
  file: string;
  format: 'osm-pbf' | 'geojson';
  /** GeoJSON: the field mapping recognised (osm, bdtopo, route500, speed). */
  profile?: string;
  /** Ways (OSM) or lines (GeoJSON) read, roads or not. */
  read: number;
  kept: number;
  dropped: Partial<Record<RoadDropReason, number>>;
  /** A few examples per reason: OSM way ids, or feature numbers with the value. */
  examples: Partial<Record<RoadDropReason, string[]>>;
  /** OSM: nodes referenced by the kept ways and found in the file. */
  nodes?: number;
  /** OSM: nodes referenced by kept ways but absent from the file (ways are cut there). */
  missingNodes?: number;
  /** maxspeed values that could not be read (the class speed is used). */
  unreadableMaxspeed: number;
  /** GeoJSON: coordinates were Lambert-93 and were reprojected. */
  reprojectedFrom?: 'EPSG:2154';
}

export function emptyReport(file: string, format: RoadReadReport['format']): RoadReadReport {
  return { file, format, read: 0, kept: 0, dropped: {}, examples: {}, unreadableMaxspeed: 0 };
}

/** Counts one dropped way and keeps up to 3 examples. */
export function countDrop(report: RoadReadReport, reason: RoadDropReason, example?: string): void {
  report.dropped[reason] = (report.dropped[reason] ?? 0) + 1;
  if (example !== undefined) {
    const list = (report.examples[reason] ??= []);
    if (list.length < 3) list.push(example);
  }
}
