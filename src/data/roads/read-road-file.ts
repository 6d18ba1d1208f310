import type { RoadWays } from '../../core/roads/road-ways.ts';
import type { ByteSource } from './byte-source.ts';
import { readRoadsFromOsmPbf, type ReadRoadsOptions } from './read-osm-pbf.ts';
import { readRoadsFromGeoJson } from './read-road-geojson.ts';
import { RoadFileError } from './road-file-error.ts';
import type { RoadReadReport } from './road-read-report.ts';

const FIX =
  'attendu : un extrait OpenStreetMap .osm.pbf (Geofabrik) ou un GeoJSON de lignes de routes (IGN ROUTE 500, BD TOPO) ; voir docs/drive-time.md';

/**
 * Reads a road file of either format, told apart by its first bytes (not its name): a GeoJSON
 * starts with `{`, an `.osm.pbf` with a block header naming `OSMHeader`. Gzip, zip, OSM XML and
 * anything else get a French error saying what the file is and what to do.
 */
export async function readRoadFile(
  source: ByteSource,
  options: ReadRoadsOptions = {},
): Promise<{ ways: RoadWays; report: RoadReadReport }> {
  if (source.size === 0) throw new RoadFileError(source.name, 'fichier vide', FIX);
  const head = await source.read(0, Math.min(source.size, 64));
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(i, i + 32));
  if (head[i] === 0x7b) return readRoadsFromGeoJson(source, options);
  if (head[0] === 0x1f && head[1] === 0x8b)
    throw new RoadFileError(source.name, 'fichier compressé en gzip', 'décompressez-le (gunzip) puis recommencez');
  if (head[0] === 0x50 && head[1] === 0x4b)
    throw new RoadFileError(source.name, 'archive zip', 'extrayez-en le fichier .osm.pbf ou .geojson');
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68)
    throw new RoadFileError(source.name, 'fichier compressé en bzip2 (.osm.bz2 ?)', 'téléchargez plutôt l’extrait .osm.pbf');
  if (text.startsWith('<')) {
    throw new RoadFileError(
      source.name,
      'fichier XML (OSM XML ?), pas un .osm.pbf',
      'convertissez-le : osmium cat FICHIER.osm -o FICHIER.osm.pbf',
    );
  }
  const pbfLike = head.length > 16 && new TextDecoder().decode(head.subarray(4, 40)).includes('OSMHeader');
  if (pbfLike) return readRoadsFromOsmPbf(source, options);
  throw new RoadFileError(source.name, 'format non reconnu', FIX);
}
