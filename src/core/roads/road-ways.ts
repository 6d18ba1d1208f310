import { RoadFileProblem } from './road-file-problem.ts';
import { Float32List, Float64List, Int8List, Uint32List, Uint8List } from './typed-list.ts';

/**
 * Road lines as read from a file, flat and compact, before they become a graph: vertices
 * (deduplicated: one index per place where lines meet) and ways (sequences of vertex indexes
 * with a class, speeds and a direction). Produced by the OSM PBF and GeoJSON readers
 * (src/data/roads), consumed by {@link buildRoadGraph}.
 */
export interface RoadWays {
  vertexCount: number;
  /** Longitude of each vertex, WGS84 degrees. */
  vertexLng: Float64Array;
  /** Latitude of each vertex, WGS84 degrees. */
  vertexLat: Float64Array;
  wayCount: number;
  /** Way `w` holds `wayVertices[wayOffsets[w] .. wayOffsets[w + 1])`. */
  wayOffsets: Uint32Array;
  wayVertices: Uint32Array;
  /** Index into ROAD_CLASSES. */
  wayClass: Uint8Array;
  /** The producer's average speed (km/h), replacing the class speed; 0 when none. */
  waySpeedKmh: Float32Array;
  /** Legal limit (km/h), which can only lower the class speed; 0 when none. */
  wayMaxspeedKmh: Float32Array;
  /** 0: both directions; 1: only in the order of the vertices; -1: only against it. */
  wayOneway: Int8Array;
}

/** Attributes of one way for {@link RoadWaysBuilder.addWay}. */
export interface WayAttributes {
  roadClass: number;
  speedKmh?: number;
  maxspeedKmh?: number;
  oneway?: -1 | 0 | 1;
}

/** Collects vertices and ways into growable typed arrays; `finish()` gives the {@link RoadWays}. */
export interface RoadWaysBuilder {
  /** A new vertex (no deduplication): for readers that identify vertices themselves (OSM node ids). */
  addVertex(lng: number, lat: number): number;
  /**
   * The vertex at these coordinates, created on first use. Lines meet where they share a vertex:
   * coordinates are compared rounded to 7 decimals (about 1 cm, OpenStreetMap's precision).
   */
  vertexAt(lng: number, lat: number): number;
  addWay(vertices: ArrayLike<number>, attributes: WayAttributes): void;
  readonly vertexCount: number;
  readonly wayCount: number;
  finish(): RoadWays;
}

const E7 = 1e7;

/** Creates an empty {@link RoadWaysBuilder}. */
export function createRoadWaysBuilder(): RoadWaysBuilder {
  const lng = new Float64List();
  const lat = new Float64List();
  const offsets = new Uint32List();
  offsets.push(0);
  const refs = new Uint32List();
  const cls = new Uint8List();
  const speed = new Float32List();
  const maxspeed = new Float32List();
  const oneway = new Int8List();
  // open-addressing table from rounded coordinates to vertex index (vertexAt)
  let slots = new Int32Array(0);
  let keysLng = new Int32Array(0);
  let keysLat = new Int32Array(0);
  let used = 0;

  const addVertex = (x: number, y: number): number => {
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
      throw new RoadFileProblem(`coordonnées hors des degrés WGS84 : [${x}, ${y}]`);
    }
    lng.push(x);
    lat.push(y);
    return lng.length - 1;
  };
  const hash = (a: number, b: number, mask: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & mask;
  const grow = () => {
    const size = Math.max(1024, slots.length * 2);
    const s = new Int32Array(size).fill(-1);
    const kx = new Int32Array(size);
    const ky = new Int32Array(size);
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] < 0) continue;
      let h = hash(keysLng[i], keysLat[i], size - 1);
      while (s[h] >= 0) h = (h + 1) & (size - 1);
      s[h] = slots[i];
      kx[h] = keysLng[i];
      ky[h] = keysLat[i];
    }
    slots = s;
    keysLng = kx;
    keysLat = ky;
  };

  return {
    addVertex,
    vertexAt(x, y) {
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
        throw new RoadFileProblem(`coordonnées hors des degrés WGS84 : [${x}, ${y}]`);
      }
      if ((used + 1) * 2 > slots.length) grow();
      const a = Math.round(x * E7);
      const b = Math.round(y * E7);
      const mask = slots.length - 1;
      let h = hash(a, b, mask);
      while (slots[h] >= 0) {
        if (keysLng[h] === a && keysLat[h] === b) return slots[h];
        h = (h + 1) & mask;
      }
      const v = addVertex(a / E7, b / E7);
      slots[h] = v;
      keysLng[h] = a;
      keysLat[h] = b;
      used++;
      return v;
    },
    addWay(vertices, attributes) {
      for (let i = 0; i < vertices.length; i++) {
        const v = vertices[i];
        if (!(v >= 0 && v < lng.length)) throw new RangeError(`way refers to vertex ${v}, not added`);
        refs.push(v);
      }
      offsets.push(refs.length);
      cls.push(attributes.roadClass);
      speed.push(attributes.speedKmh ?? 0);
      maxspeed.push(attributes.maxspeedKmh ?? 0);
      oneway.push(attributes.oneway ?? 0);
    },
    get vertexCount() {
      return lng.length;
    },
    get wayCount() {
      return cls.length;
    },
    finish() {
      return {
        vertexCount: lng.length,
        vertexLng: lng.trimmed(),
        vertexLat: lat.trimmed(),
        wayCount: cls.length,
        wayOffsets: offsets.trimmed(),
        wayVertices: refs.trimmed(),
        wayClass: cls.trimmed(),
        waySpeedKmh: speed.trimmed(),
        wayMaxspeedKmh: maxspeed.trimmed(),
        wayOneway: oneway.trimmed(),
      };
    },
  };
}
