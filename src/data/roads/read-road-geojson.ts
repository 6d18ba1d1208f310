import type { Position } from 'geojson';
import { roadClassIndex } from '../../core/roads/road-classes.ts';
import { createRoadWaysBuilder, type RoadWays, type WayAttributes } from '../../core/roads/road-ways.ts';
import { RoadFileProblem } from '../../core/roads/road-file-problem.ts';
import { lambert93ToLngLat } from '../import/place-import-row.ts';
import type { ByteSource } from './byte-source.ts';
import { createFeatureStream, FeatureStreamError } from '../parse/geojson-feature-stream.ts';
import { classifyOsmWay } from './osm-road-tags.ts';
import type { ReadRoadsOptions } from './read-osm-pbf.ts';
import { foldRoadValue, GEOJSON_ROAD_MAPPINGS, RECOGNISED_ROAD_FIELDS, type GeoJsonRoadMapping } from './road-field-mappings.ts';
import { RoadFileError } from './road-file-error.ts';
import { countDrop, emptyReport, type RoadDropReason, type RoadReadReport } from './road-read-report.ts';

const CHUNK = 4 * 1024 * 1024;
/** Lambert-93 coordinates of mainland France and around, metres. */
const L93 = { minX: -100_000, maxX: 1_400_000, minY: 5_900_000, maxY: 7_300_000 };

type Props = Map<string, unknown>;
type Verdict =
  | { keep: true; attributes: WayAttributes; maxspeedUnreadable?: boolean }
  | { keep: false; reason: RoadDropReason; value: string };

const firstPresent = (p: Props, fields: readonly string[] | undefined): unknown => {
  for (const f of fields ?? []) {
    const v = p.get(f);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
};

function pickMapping(p: Props): GeoJsonRoadMapping | null {
  return (
    GEOJSON_ROAD_MAPPINGS.find(
      (m) => (m.detect ?? []).every((f) => p.has(f)) && (!m.detectAny || m.detectAny.some((f) => p.has(f))) && (m.detect || m.detectAny),
    ) ?? null
  );
}

function classify(m: GeoJsonRoadMapping, p: Props): Verdict {
  if (m.osmTags) {
    const v = classifyOsmWay((key) => {
      const x = p.get(key);
      return x === undefined || x === null ? undefined : String(x);
    });
    if (!v.keep) return { keep: false, reason: v.reason, value: v.value };
    return {
      keep: true,
      attributes: { roadClass: v.roadClass, oneway: v.oneway, maxspeedKmh: v.maxspeedKmh },
      maxspeedUnreadable: v.maxspeedUnreadable,
    };
  }
  const state = firstPresent(p, m.stateFields);
  if (state !== undefined && m.notBuilt?.includes(foldRoadValue(state))) return { keep: false, reason: 'not-built', value: String(state) };
  const access = firstPresent(p, m.accessFields);
  if (access !== undefined && m.closedAccess?.includes(foldRoadValue(access)))
    return { keep: false, reason: 'access', value: String(access) };
  let cls: string | undefined = m.fixedClass;
  if (m.classField) {
    const raw = p.get(m.classField);
    if (raw === undefined || raw === null || raw === '') return { keep: false, reason: 'no-class', value: `${m.classField} vide` };
    const folded = foldRoadValue(raw);
    const drop = m.dropClasses?.[folded];
    if (drop) return { keep: false, reason: drop, value: String(raw) };
    const c = m.classes?.[folded];
    if (!c) return { keep: false, reason: 'unknown-class', value: `${m.classField}=${String(raw)}` };
    cls = c;
    if (c === 'importance') {
      const imp = p.get(m.importanceField ?? '');
      cls = (imp !== undefined && imp !== null && m.importanceClasses?.[foldRoadValue(imp)]) || m.importanceDefault;
    }
  }
  const speedRaw = firstPresent(p, m.speedFields);
  const speed = typeof speedRaw === 'number' ? speedRaw : typeof speedRaw === 'string' ? Number(speedRaw.replace(',', '.')) : 0;
  if (m.id === 'speed' && !(speed > 0)) return { keep: false, reason: 'no-class', value: 'vitesse absente ou nulle' };
  const dir = firstPresent(p, m.directionFields);
  const folded = dir === undefined ? '' : foldRoadValue(dir);
  const oneway = m.forward?.includes(folded) ? 1 : m.backward?.includes(folded) ? -1 : 0;
  return {
    keep: true,
    attributes: { roadClass: roadClassIndex(cls ?? 'road'), oneway, speedKmh: speed > 0 && speed <= 255 ? speed : 0 },
  };
}

/**
 * Reads road lines from a GeoJSON FeatureCollection (LineString and MultiLineString features)
 * exported from OpenStreetMap, IGN BD TOPO or ROUTE 500, or carrying a speed per line: see
 * {@link GEOJSON_ROAD_MAPPINGS} for the fields recognised. The file is read 4 MB at a time and
 * cut into features by {@link createFeatureStream}, each parsed by `JSON.parse`: one feature in
 * memory at once. Coordinates are WGS84,
 * or Lambert-93 (EPSG:2154, declared in `crs` or recognised by their magnitude) reprojected.
 * Lines meet where they share a vertex (same coordinates to 7 decimals): two roads crossing on a
 * bridge must not share one (BD TOPO and OSM exports do not; a hand-drawn file may).
 */
export async function readRoadsFromGeoJson(
  source: ByteSource,
  options: ReadRoadsOptions = {},
): Promise<{ ways: RoadWays; report: RoadReadReport }> {
  const file = source.name;
  const report = emptyReport(file, 'geojson');
  const builder = createRoadWaysBuilder();
  let topType: unknown;
  let crs: 'wgs84' | 'lambert93' | null = null;
  let crsDeclared = false;
  let mapping: GeoJsonRoadMapping | null = null;
  let features = 0;
  const vertices: number[] = [];

  const toLngLat = (pos: Position, where: string): [number, number] => {
    const x = pos?.[0];
    const y = pos?.[1];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RoadFileError(file, `${where} : position ${JSON.stringify(pos)?.slice(0, 60)} sans deux nombres`);
    }
    if (crs === null) {
      if (Math.abs(x) <= 180 && Math.abs(y) <= 90) crs = 'wgs84';
      else if (x >= L93.minX && x <= L93.maxX && y >= L93.minY && y <= L93.maxY) {
        crs = 'lambert93';
        report.reprojectedFrom = 'EPSG:2154';
      } else
        throw new RoadFileError(
          file,
          `${where} : coordonnées [${x}, ${y}] ni en degrés WGS84 ni en Lambert-93`,
          'exportez le fichier en WGS84 (EPSG:4326)',
        );
    }
    if (crs === 'lambert93') {
      if (!(x >= L93.minX && x <= L93.maxX && y >= L93.minY && y <= L93.maxY)) {
        throw new RoadFileError(file, `${where} : coordonnées [${x}, ${y}] hors de France en Lambert-93`);
      }
      return lambert93ToLngLat(x, y);
    }
    if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90))
      throw new RoadFileError(file, `${where} : coordonnées [${x}, ${y}] hors des degrés WGS84`);
    return [x, y];
  };

  const onFeature = (f: unknown) => {
    const n = ++features;
    const feature = f as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    report.read++;
    const where = `entité ${n}`;
    const geometry = feature?.geometry;
    const gtype = geometry?.type;
    if (gtype !== 'LineString' && gtype !== 'MultiLineString') {
      countDrop(report, 'geometry', `${where} (${gtype === undefined || geometry === null ? 'sans géométrie' : String(gtype)})`);
      return;
    }
    const props: Props = new Map();
    if (feature.properties && typeof feature.properties === 'object') {
      for (const [k, v] of Object.entries(feature.properties)) props.set(k.toLowerCase(), v);
    }
    if (!mapping) {
      mapping = pickMapping(props);
      if (!mapping) {
        throw new RoadFileError(
          file,
          `aucun champ de classe de route ou de vitesse reconnu dans l'entité ${n} (champs : ${[...props.keys()].slice(0, 12).join(', ') || 'aucun'})`,
          `attendu : ${RECOGNISED_ROAD_FIELDS.join(', ')} ; voir docs/drive-time.md`,
        );
      }
      report.profile = mapping.id;
    }
    const verdict = classify(mapping, props);
    if (!verdict.keep) {
      countDrop(report, verdict.reason, `${where} (${verdict.value})`);
      return;
    }
    if (verdict.maxspeedUnreadable) report.unreadableMaxspeed++;
    const lines = (gtype === 'LineString' ? [geometry!.coordinates] : geometry!.coordinates) as Position[][];
    if (!Array.isArray(lines)) throw new RoadFileError(file, `${where} : ${gtype} sans coordonnées`);
    let parts = 0;
    for (const line of lines) {
      if (!Array.isArray(line)) throw new RoadFileError(file, `${where} : ${gtype} aux coordonnées mal formées`);
      vertices.length = 0;
      for (let i = 0; i < line.length; i++) {
        const [x, y] = toLngLat(line[i], `${where}, position ${i + 1}`);
        vertices.push(builder.vertexAt(x, y));
      }
      if (vertices.length >= 2) {
        builder.addWay(vertices, verdict.attributes);
        parts++;
      }
    }
    if (parts === 0) countDrop(report, 'geometry', `${where} (moins de deux positions)`);
    else report.kept++;
  };

  const stream = createFeatureStream({
    onMember(key, value) {
      if (key === 'type') topType = value;
      else if (key === 'crs') {
        const name = String((value as { properties?: { name?: unknown } })?.properties?.name ?? '');
        const declared = /2154/.test(name) ? 'lambert93' : /CRS84|4326/.test(name) ? 'wgs84' : null;
        if (!declared)
          throw new RoadFileError(
            file,
            `système de coordonnées « ${name} » non géré`,
            'exportez le fichier en WGS84 (EPSG:4326) ou en Lambert-93 (EPSG:2154)',
          );
        if (crs && crs !== declared && !crsDeclared)
          throw new RoadFileError(file, `le membre crs (${name}) contredit les coordonnées lues avant lui`);
        crs = declared;
        crsDeclared = true;
        if (declared === 'lambert93') report.reprojectedFrom = 'EPSG:2154';
      }
    },
    onFeature(feature) {
      try {
        onFeature(feature);
      } catch (e) {
        throw e instanceof RoadFileProblem ? new RoadFileError(file, `entité ${features} : ${e.message}`) : e;
      }
    },
  });
  let offset = 0;
  try {
    while (offset < source.size) {
      const chunk = await source.read(offset, CHUNK);
      if (chunk.length === 0) break;
      stream.write(chunk);
      offset += chunk.length;
      options.onProgress?.({ phase: 'lines', bytesDone: offset, bytesTotal: source.size });
    }
    stream.end();
  } catch (e) {
    if (e instanceof FeatureStreamError) throw new RoadFileError(file, `${e.message} (octet ${e.offset})`);
    throw e;
  }
  if (source.size === 0) throw new RoadFileError(file, 'fichier vide');
  if (topType !== 'FeatureCollection') {
    throw new RoadFileError(
      file,
      `ce n'est pas une FeatureCollection GeoJSON (type : ${topType === undefined ? 'absent' : JSON.stringify(topType)})`,
    );
  }
  if (report.kept === 0) {
    throw new RoadFileError(
      file,
      features === 0 ? 'aucune entité dans la FeatureCollection' : `aucune ligne de route carrossable parmi ${features} entités`,
      'attendu : des LineString ou MultiLineString de routes ; voir docs/drive-time.md',
    );
  }
  return { ways: builder.finish(), report };
}
