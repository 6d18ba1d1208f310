import type { Feature, Polygon } from 'geojson';
import proj4 from 'proj4';
import { createDriveTimeEngine } from '../../core/roads/drive-time-engine.ts';
import { BAND_NO_PATH, BAND_OFF_NETWORK, DRIVE_TIME_BANDS_MINUTES } from '../../core/roads/point-drive-times.ts';
import type { RoadGraph } from '../../core/roads/road-graph.ts';
import { roadNetworkMethodFr, type RoadNetworkInfo } from '../../core/roads/road-network-info.ts';
import { ISOCHRONE_NO_TIME, ISOCHRONES, type IsochroneCellProperties } from '../../layers/isochrones.ts';
import type { SourceUse } from '../bundle/bundle-types.ts';
import { driveTimeSitesFromLayers, populationCellsFromGrid, type LayerFeatures } from '../roads/drive-time-inputs.ts';
import type { RoadsManifest } from '../roads/roads-manifest.ts';
import { EPSG3035 } from './build-zones.ts';
import { layerHead, type BuiltLayer } from './build-types.ts';

/** What the isochrone layer is drawn from: the road graph (null when none was built) and three bundle layers. */
export interface IsochroneInputs {
  roads: { graph: RoadGraph; info: RoadNetworkInfo; manifest?: RoadsManifest } | null;
  grid: LayerFeatures | null;
  franceServices: LayerFeatures | null;
  nearby: LayerFeatures | null;
}

const CELL = /^CRS3035RES(\d+)mN(\d+)E(\d+)$/;
let toWgs84: proj4.Converter | null = null;

/**
 * The square of a grid cell in WGS84: its EPSG:3035 corners from its code (`CRS3035RES1000mN…E…`,
 * the lower-left corner), else 1 km around its centre. Neighbouring cells share their corners exactly.
 */
function cellSquare(id: string, centre: [number, number]): Polygon {
  toWgs84 ??= proj4(EPSG3035, 'EPSG:4326');
  const m = CELL.exec(id);
  let x0: number;
  let y0: number;
  let size: number;
  if (m) {
    size = Number(m[1]);
    y0 = Number(m[2]);
    x0 = Number(m[3]);
  } else {
    size = 1000;
    const [x, y] = toWgs84.inverse(centre);
    x0 = x - size / 2;
    y0 = y - size / 2;
  }
  const at = (x: number, y: number): [number, number] => {
    const [lng, lat] = toWgs84!.forward([x, y]);
    return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
  };
  const ring = [at(x0, y0), at(x0 + size, y0), at(x0 + size, y0 + size), at(x0, y0 + size)];
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

/** The road file as a source of the layer: producer and licence from its format (OSM: ODbL). */
function roadSource(roads: NonNullable<IsochroneInputs['roads']>, cells: number): SourceUse {
  const { info, manifest } = roads;
  const osm = info.sourceFormat === 'osm-pbf';
  const read = manifest?.read.read ?? cells;
  const kept = manifest?.read.kept ?? cells;
  return {
    id: 'road-network',
    title: `Réseau routier : ${info.sourceFile}`,
    producer: osm ? 'OpenStreetMap' : 'fichier de routes fourni par l’utilisateur',
    licence: osm ? 'ODbL 1.0' : 'celle du fichier fourni (Licence Ouverte pour IGN ROUTE 500 et BD TOPO)',
    attribution: osm ? '© les contributeurs d’OpenStreetMap' : '',
    vintage: info.sourceDate ?? info.builtAt.slice(0, 10),
    files: [info.sourceFile],
    rows_read: read,
    rows_kept: kept,
    rows_rejected: read - kept,
    notes: [`graphe de ${info.nodes} nœuds et ${info.edges} arcs, construit le ${info.builtAt.slice(0, 10)}`],
  };
}

/** The layer when no road graph was built: no data, and the legend says how to build one. */
function noIsochrones(): BuiltLayer {
  return {
    manifest: {
      ...layerHead(ISOCHRONES),
      status: 'no-data',
      features: 0,
      sources: [],
      caveats: [
        'Aucune donnée chargée : aucun réseau routier n’a été fourni. Construisez-le avec « npm run -s cli -- roads --file FICHIER » (docs/drive-time.md).',
      ],
    },
    data: { type: 'FeatureCollection', features: [] },
  };
}

/**
 * The drive-time zones: every populated 1 km cell of the département (the population grid's
 * `in_departement` cells) as its square, in the band of its drive time to the nearest fixed
 * France Services (the département's and those across its border) on the road graph: one
 * multi-source run (docs/drive-time.md). No data without a graph or a grid.
 */
export function buildIsochrones(inputs: IsochroneInputs): BuiltLayer {
  const { roads, grid } = inputs;
  if (!roads || !grid) return noIsochrones();
  const engine = createDriveTimeEngine(roads.graph, roads.info.connector);
  const cells = populationCellsFromGrid(grid);
  const sites = driveTimeSitesFromLayers(inputs.franceServices, inputs.nearby);
  const times = engine.timesToNearestSite(engine.attach(sites.lng, sites.lat));
  const point = engine.pointDriveTimes(times, engine.attach(cells.lng, cells.lat));
  const features: Feature<Polygon, IsochroneCellProperties>[] = cells.ids.map((id, i) => {
    const b = point.band[i];
    const timed = b !== BAND_NO_PATH && b !== BAND_OFF_NETWORK;
    const site = point.site[i];
    return {
      type: 'Feature',
      geometry: cellSquare(id, [cells.lng[i], cells.lat[i]]),
      properties: {
        id,
        band: timed ? (b as 0 | 1 | 2 | 3) : ISOCHRONE_NO_TIME,
        minutes: timed ? Math.round(point.minutes[i] * 10) / 10 : null,
        population: cells.weights[i],
        nearest_site: timed && site >= 0 ? sites.names[site] : null,
      },
    };
  });
  const counts = [0, 0, 0, 0, 0];
  for (const f of features) counts[f.properties.band === ISOCHRONE_NO_TIME ? 4 : f.properties.band]++;
  return {
    manifest: {
      ...layerHead(ISOCHRONES),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [roadSource(roads, features.length)],
      caveats: [
        `Méthode : ${roadNetworkMethodFr(roads.info)} ; vitesses par classe de route (table de docs/drive-time.md), sans embouteillages ; raccordement à la route en ligne droite à ${roads.info.connector.speedKmh} km/h, au plus ${roads.info.connector.maxKm} km.`,
        `Depuis le centre de chaque carreau habité de 1 km de la grille de population (Eurostat), jusqu’à la France Services fixe la plus proche, celles des départements voisins comprises ; les bus ne comptent pas. Seuls les carreaux habités sont dessinés.`,
        'Un carreau sans temps est à plus de la portée du raccordement de toute route du fichier, ou sans chemin vers une France Services.',
      ],
      stats: {
        bands_minutes: DRIVE_TIME_BANDS_MINUTES.join(','),
        cells_by_band: { within_10: counts[0], within_20: counts[1], within_30: counts[2], beyond_30: counts[3], no_time: counts[4] },
      },
    },
    data: { type: 'FeatureCollection', features },
  };
}
