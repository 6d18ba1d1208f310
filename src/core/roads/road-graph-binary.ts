import { ROAD_CLASSES } from './road-classes.ts';
import { createRoadGraph, type RoadGraph } from './road-graph.ts';
import { RoadFileProblem } from './road-file-problem.ts';

/** Format version of `roads.bin`; a file of another version is refused (rebuild it). */
export const ROAD_GRAPH_BINARY_VERSION = 1;
const MAGIC = [0x4d, 0x4c, 0x52, 0x47]; // "MLRG": Maillage road graph
const FIXED_HEADER = 16;

interface BinaryHeader {
  nodeCount: number;
  edgeCount: number;
  classes: string[];
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

function layout(nodeCount: number, edgeCount: number, start: number) {
  const sections: { name: string; offset: number; bytes: number }[] = [];
  let at = start;
  const add = (name: string, bytes: number, alignment: number) => {
    at = align(at, alignment);
    sections.push({ name, offset: at, bytes });
    at += bytes;
  };
  add('nodeLng7', nodeCount * 4, 4);
  add('nodeLat7', nodeCount * 4, 4);
  add('edgeOffsets', (nodeCount + 1) * 4, 4);
  add('edgeTargets', edgeCount * 4, 4);
  add('edgeLengthM', edgeCount * 4, 4);
  add('edgeSpeedKmh', edgeCount, 1);
  add('edgeClass', edgeCount, 1);
  add('nodeFlags', nodeCount, 1);
  return { sections: Object.fromEntries(sections.map((s) => [s.name, s])), total: at };
}

/**
 * Serialises a graph to the versioned binary of `roads.bin`: a 16-byte header (magic "MLRG",
 * version, JSON header length), a JSON header (counts, road class names in order), then the
 * arrays, little-endian, each 4-byte aligned: node coordinates as whole 1e-7 degrees (Int32),
 * CSR offsets and targets (Uint32), lengths (Float32 metres), speeds, classes and node flags
 * (Uint8). Edge times are not stored: they are derived on reading. Input is not modified.
 */
export function toRoadGraphBinary(graph: RoadGraph): Uint8Array {
  const header: BinaryHeader = { nodeCount: graph.nodeCount, edgeCount: graph.edgeCount, classes: [...ROAD_CLASSES] };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align(FIXED_HEADER + json.length, 8);
  const { sections, total } = layout(graph.nodeCount, graph.edgeCount, start);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, ROAD_GRAPH_BINARY_VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, FIXED_HEADER);
  const lng7 = new Int32Array(out.buffer, sections.nodeLng7.offset, graph.nodeCount);
  const lat7 = new Int32Array(out.buffer, sections.nodeLat7.offset, graph.nodeCount);
  for (let i = 0; i < graph.nodeCount; i++) {
    lng7[i] = Math.round(graph.nodeLng[i] * 1e7);
    lat7[i] = Math.round(graph.nodeLat[i] * 1e7);
  }
  new Uint32Array(out.buffer, sections.edgeOffsets.offset, graph.nodeCount + 1).set(graph.edgeOffsets);
  new Uint32Array(out.buffer, sections.edgeTargets.offset, graph.edgeCount).set(graph.edgeTargets);
  new Float32Array(out.buffer, sections.edgeLengthM.offset, graph.edgeCount).set(graph.edgeLengthM);
  out.set(graph.edgeSpeedKmh, sections.edgeSpeedKmh.offset);
  out.set(graph.edgeClass, sections.edgeClass.offset);
  out.set(graph.nodeFlags, sections.nodeFlags.offset);
  return out;
}

/**
 * Reads a graph written by {@link toRoadGraphBinary}, without re-parsing any road file: the
 * CLI reads it from disk, a worker from a fetched ArrayBuffer. Throws a {@link RoadFileProblem}
 * (in French) for a file that is not a road graph, of another version, or truncated.
 */
export function roadGraphFromBinary(input: Uint8Array | ArrayBuffer): RoadGraph {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice(); // typed views need aligned offsets
  if (bytes.length < FIXED_HEADER || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new RoadFileProblem("ce n'est pas un graphe routier de Maillage (signature MLRG absente)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const version = view.getUint32(4, true);
  if (version !== ROAD_GRAPH_BINARY_VERSION) {
    throw new RoadFileProblem(
      `graphe routier au format ${version}, cette version de Maillage lit le format ${ROAD_GRAPH_BINARY_VERSION} : reconstruisez-le`,
    );
  }
  const jsonLength = view.getUint32(8, true);
  let header: BinaryHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(FIXED_HEADER, FIXED_HEADER + jsonLength)));
  } catch {
    throw new RoadFileProblem('en-tête du graphe routier illisible (fichier tronqué ou abîmé)');
  }
  const { nodeCount, edgeCount } = header;
  if (!Number.isInteger(nodeCount) || !Number.isInteger(edgeCount) || nodeCount < 0 || edgeCount < 0) {
    throw new RoadFileProblem('en-tête du graphe routier illisible (nombres de nœuds et d’arcs)');
  }
  if (JSON.stringify(header.classes) !== JSON.stringify(ROAD_CLASSES)) {
    throw new RoadFileProblem('graphe routier construit avec une autre liste de classes de routes : reconstruisez-le');
  }
  const { sections, total } = layout(nodeCount, edgeCount, align(FIXED_HEADER + jsonLength, 8));
  if (bytes.length !== total) {
    throw new RoadFileProblem(`graphe routier de ${bytes.length} octets, ${total} attendus : fichier tronqué ou abîmé`);
  }
  const buf = bytes.buffer;
  const base = bytes.byteOffset;
  const lng7 = new Int32Array(buf, base + sections.nodeLng7.offset, nodeCount);
  const lat7 = new Int32Array(buf, base + sections.nodeLat7.offset, nodeCount);
  const nodeLng = new Float64Array(nodeCount);
  const nodeLat = new Float64Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    nodeLng[i] = lng7[i] / 1e7;
    nodeLat[i] = lat7[i] / 1e7;
  }
  try {
    return createRoadGraph({
      nodeLng,
      nodeLat,
      nodeFlags: new Uint8Array(buf, base + sections.nodeFlags.offset, nodeCount),
      edgeOffsets: new Uint32Array(buf, base + sections.edgeOffsets.offset, nodeCount + 1),
      edgeTargets: new Uint32Array(buf, base + sections.edgeTargets.offset, edgeCount),
      edgeLengthM: new Float32Array(buf, base + sections.edgeLengthM.offset, edgeCount),
      edgeSpeedKmh: new Uint8Array(buf, base + sections.edgeSpeedKmh.offset, edgeCount),
      edgeClass: new Uint8Array(buf, base + sections.edgeClass.offset, edgeCount),
    });
  } catch (e) {
    throw new RoadFileProblem(`graphe routier incohérent : ${(e as Error).message}`);
  }
}
