import { unzlibSync } from 'fflate';
import { PbfReader } from 'pbf';
import { createRoadWaysBuilder, type RoadWays } from '../../core/roads/road-ways.ts';
import { Float64List } from '../../core/roads/typed-list.ts';
import type { ByteSource } from './byte-source.ts';
import { classifyOsmWay, OSM_KEYS_READ } from './osm-road-tags.ts';
import { RoadFileError } from './road-file-error.ts';
import { countDrop, emptyReport, type RoadReadReport } from './road-read-report.ts';

/** Progress of a long read, for a progress line or bar. */
export interface RoadReadProgress {
  /** `ways` then `nodes` for an .osm.pbf (the nodes pass reads only the blocks holding nodes), `lines` for a GeoJSON. */
  phase: 'ways' | 'nodes' | 'lines';
  bytesDone: number;
  /** Bytes this phase reads in all. */
  bytesTotal: number;
}

export interface ReadRoadsOptions {
  onProgress?: (progress: RoadReadProgress) => void;
  /**
   * Inflates a zlib block into `rawSize` bytes (default: fflate's `unzlibSync`, for browsers and
   * workers). The CLI passes Node's native zlib, about twice as fast; after PMTiles' DecompressFunc.
   */
  inflate?: (zlib: Uint8Array, rawSize: number) => Uint8Array;
}

const fflateInflate = (zlib: Uint8Array, rawSize: number): Uint8Array => unzlibSync(zlib, { out: new Uint8Array(rawSize) });

// limits of the OSM PBF format (https://wiki.openstreetmap.org/wiki/PBF_Format)
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);
const COMPRESSIONS: Record<number, string> = { 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' };
const RECOMPRESS = 'réécrivez-le en zlib : osmium cat ENTREE.osm.pbf -o SORTIE.osm.pbf -f pbf,pbf_compression=zlib';

/** Sequential reads through a window, so that small reads do not each hit the source. */
class WindowReader {
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  constructor(
    private readonly source: ByteSource,
    private readonly window = 8 * 1024 * 1024,
  ) {}
  async bytes(offset: number, length: number): Promise<Uint8Array> {
    if (offset >= this.start && offset + length <= this.start + this.buf.length) {
      return this.buf.subarray(offset - this.start, offset - this.start + length);
    }
    if (length > this.window) return this.source.read(offset, length);
    this.buf = await this.source.read(offset, this.window);
    this.start = offset;
    return this.buf.subarray(0, Math.min(length, this.buf.length));
  }
}

interface BlobRef {
  type: string;
  offset: number;
  dataOffset: number;
  dataSize: number;
}

async function* blobsOf(source: ByteSource, reader: WindowReader): AsyncGenerator<BlobRef> {
  const file = source.name;
  let offset = 0;
  let index = 0;
  while (offset < source.size) {
    const first = index === 0;
    const notPbf = (why: string) =>
      new RoadFileError(
        file,
        first ? `ce n'est pas un fichier OpenStreetMap .osm.pbf (${why})` : `fichier .osm.pbf abîmé à l'octet ${offset} : ${why}`,
      );
    if (source.size - offset < 4) throw new RoadFileError(file, `fichier tronqué : ${source.size - offset} octet(s) en trop à la fin`);
    const lenBytes = await reader.bytes(offset, 4);
    const headerLength = ((lenBytes[0] << 24) | (lenBytes[1] << 16) | (lenBytes[2] << 8) | lenBytes[3]) >>> 0;
    if (headerLength === 0 || headerLength > MAX_HEADER_BYTES) throw notPbf(`en-tête de bloc de ${headerLength} octets`);
    if (offset + 4 + headerLength > source.size)
      throw new RoadFileError(file, `fichier tronqué : l'en-tête du bloc à l'octet ${offset} dépasse la fin`);
    const header = await reader.bytes(offset + 4, headerLength);
    let type = '';
    let dataSize = -1;
    try {
      new PbfReader(header).readFields((tag, _r, pbf) => {
        if (tag === 1) type = pbf.readString();
        else if (tag === 3) dataSize = pbf.readVarint();
      }, null);
    } catch {
      throw notPbf('en-tête de bloc illisible');
    }
    if (type !== 'OSMHeader' && type !== 'OSMData') throw notPbf(`bloc de type ${JSON.stringify(type.slice(0, 40))}`);
    if (first && type !== 'OSMHeader') throw notPbf('le premier bloc doit être OSMHeader');
    if (!(dataSize > 0 && dataSize <= MAX_BLOB_BYTES)) throw notPbf(`bloc de ${dataSize} octets`);
    const dataOffset = offset + 4 + headerLength;
    if (dataOffset + dataSize > source.size) {
      throw new RoadFileError(
        file,
        `fichier tronqué : le bloc à l'octet ${offset} annonce ${dataSize} octets, il en reste ${source.size - dataOffset}`,
      );
    }
    yield { type, offset, dataOffset, dataSize };
    offset = dataOffset + dataSize;
    index++;
  }
  if (index === 0) throw new RoadFileError(file, 'fichier vide');
}

/** The uncompressed content of a blob (raw or zlib); other compressions get a French error. */
function inflateBlob(file: string, blob: Uint8Array, at: number, inflate: NonNullable<ReadRoadsOptions['inflate']>): Uint8Array {
  let raw: Uint8Array | null = null;
  let rawSize = -1;
  let zlib: Uint8Array | null = null;
  let other = 0;
  new PbfReader(blob).readFields((tag, _r, pbf) => {
    if (tag === 1) raw = pbf.readBytes();
    else if (tag === 2) rawSize = pbf.readVarint();
    else if (tag === 3) zlib = pbf.readBytes();
    else if (COMPRESSIONS[tag]) other = tag;
  }, null);
  if (raw) return raw;
  if (zlib) {
    if (!(rawSize > 0 && rawSize <= MAX_BLOB_BYTES))
      throw new RoadFileError(file, `bloc à l'octet ${at} : taille décompressée ${rawSize} invalide`);
    try {
      const out = inflate(zlib, rawSize);
      if (out.length !== rawSize) throw new Error(`${out.length} octets au lieu de ${rawSize}`);
      return out;
    } catch (e) {
      throw new RoadFileError(file, `bloc à l'octet ${at} : données zlib illisibles (${(e as Error).message})`);
    }
  }
  if (other) throw new RoadFileError(file, `blocs compressés en ${COMPRESSIONS[other]}, non pris en charge`, RECOMPRESS);
  throw new RoadFileError(file, `bloc à l'octet ${at} sans données`);
}

function checkHeaderBlock(file: string, data: Uint8Array): void {
  const required: string[] = [];
  new PbfReader(data).readFields((tag, _r, pbf) => {
    if (tag === 4) required.push(pbf.readString());
  }, null);
  const unsupported = required.filter((f) => !SUPPORTED_FEATURES.has(f));
  if (unsupported.length) {
    throw new RoadFileError(
      file,
      `fonctionnalités PBF requises non prises en charge : ${unsupported.join(', ')}`,
      unsupported.includes('HistoricalInformation')
        ? 'ce fichier contient l’historique : utilisez un extrait courant (sans historique)'
        : 'utilisez un extrait standard, comme ceux de Geofabrik',
    );
  }
}

/** A primitive block's layout: string table entries and groups as byte ranges, and its coordinate scale. */
interface Block {
  data: Uint8Array;
  strings: number[]; // start, end pairs
  groups: number[]; // start, end pairs
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

function scanBlock(data: Uint8Array): Block {
  const block: Block = { data, strings: [], groups: [], granularity: 100, latOffset: 0, lonOffset: 0 };
  new PbfReader(data).readFields((tag, b, pbf) => {
    if (tag === 1) {
      const end = pbf.readVarint() + pbf.pos;
      while (pbf.pos < end) {
        const key = pbf.readVarint();
        if (key >> 3 === 1 && (key & 7) === 2) {
          const len = pbf.readVarint();
          b.strings.push(pbf.pos, pbf.pos + len);
          pbf.pos += len;
        } else pbf.skip(key);
      }
    } else if (tag === 2) {
      const end = pbf.readVarint() + pbf.pos;
      b.groups.push(pbf.pos, end);
      pbf.pos = end;
    } else if (tag === 17) b.granularity = pbf.readVarint();
    else if (tag === 19) b.latOffset = pbf.readVarint(true);
    else if (tag === 20) b.lonOffset = pbf.readVarint(true);
  }, block);
  return block;
}

const encoder = new TextEncoder();
const KEY_BYTES = OSM_KEYS_READ.map((k) => encoder.encode(k));
const HIGHWAY = OSM_KEYS_READ.indexOf('highway');

function equalBytes(data: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (data[start + i] !== key[i]) return false;
  return true;
}

/** Index of `id` in the sorted `ids`, or -1. */
function binarySearch(ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid];
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * Reads the drivable roads of an OpenStreetMap `.osm.pbf` extract (Geofabrik, osmium,
 * BBBike): ways with a `highway=*` tag kept by {@link classifyOsmWay}, and the coordinates of
 * their nodes. Blocks are raw or zlib-compressed (fflate), DenseNodes or plain nodes, in any
 * order. The file is read twice, one block (at most 32 MB) at a time: first the ways and the ids
 * of the nodes they use, then those nodes' coordinates only, so an extract of hundreds of MB
 * never sits whole in memory. Vertices are OSM nodes: ways meet where they share a node id.
 */
export async function readRoadsFromOsmPbf(
  source: ByteSource,
  options: ReadRoadsOptions = {},
): Promise<{ ways: RoadWays; report: RoadReadReport }> {
  const file = source.name;
  const report = emptyReport(file, 'osm-pbf');
  const reader = new WindowReader(source);
  const inflate = options.inflate ?? fflateInflate;
  const progress = (phase: RoadReadProgress['phase'], bytesDone: number, bytesTotal = source.size) =>
    options.onProgress?.({ phase, bytesDone, bytesTotal });

  // pass 1: ways
  const refs = new Float64List();
  const wayStarts: number[] = [0];
  const wayClass: number[] = [];
  const wayOneway: number[] = [];
  const wayMaxspeed: number[] = [];
  const nodeBlobs: BlobRef[] = [];
  const keys: number[] = [];
  const vals: number[] = [];
  let codes = new Int16Array(1024);
  let sawHeader = false;
  for await (const blob of blobsOf(source, reader)) {
    const data = inflateBlob(file, await reader.bytes(blob.dataOffset, blob.dataSize), blob.offset, inflate);
    if (blob.type === 'OSMHeader') {
      checkHeaderBlock(file, data);
      sawHeader = true;
      continue;
    }
    const block = scanBlock(data);
    const nStrings = block.strings.length / 2;
    if (codes.length < nStrings) codes = new Int16Array(nStrings * 2);
    for (let s = 0; s < nStrings; s++) {
      codes[s] = -1;
      const a = block.strings[2 * s];
      const b = block.strings[2 * s + 1];
      for (let k = 0; k < KEY_BYTES.length; k++) {
        if (equalBytes(data, a, b, KEY_BYTES[k])) {
          codes[s] = k;
          break;
        }
      }
    }
    const decoded = new Map<number, string>();
    const str = (s: number) => {
      let v = decoded.get(s);
      if (v === undefined) {
        v = new TextDecoder().decode(data.subarray(block.strings[2 * s], block.strings[2 * s + 1]));
        decoded.set(s, v);
      }
      return v;
    };
    const tagOfWay = (name: string) => {
      for (let i = 0; i < keys.length; i++) {
        const c = codes[keys[i]];
        if (c >= 0 && OSM_KEYS_READ[c] === name) return str(vals[i]);
      }
      return undefined;
    };
    let hasNodes = false;
    const pbf = new PbfReader(data);
    for (let g = 0; g < block.groups.length; g += 2) {
      pbf.pos = block.groups[g];
      const end = block.groups[g + 1];
      while (pbf.pos < end) {
        const key = pbf.readVarint();
        const tag = key >> 3;
        if (tag === 1 || tag === 2) {
          hasNodes = true;
          pbf.skip(key);
          continue;
        }
        if (tag !== 3) {
          pbf.skip(key);
          continue;
        }
        // a Way
        const wayEnd = pbf.readVarint() + pbf.pos;
        let id = 0;
        let refsStart = -1;
        let refsEnd = -1;
        keys.length = 0;
        vals.length = 0;
        while (pbf.pos < wayEnd) {
          const k = pbf.readVarint();
          const t = k >> 3;
          pbf.type = k & 7;
          if (t === 1) id = pbf.readVarint();
          else if (t === 2) pbf.readPackedVarint(keys);
          else if (t === 3) pbf.readPackedVarint(vals);
          else if (t === 8) {
            const len = pbf.readVarint();
            refsStart = pbf.pos;
            refsEnd = pbf.pos + len;
            pbf.pos = refsEnd;
          } else pbf.skip(k);
        }
        report.read++;
        let highwayAt = -1;
        for (let i = 0; i < keys.length; i++) {
          if (codes[keys[i]] === HIGHWAY) {
            highwayAt = i;
            break;
          }
        }
        if (highwayAt < 0) {
          countDrop(report, 'not-a-road');
          continue;
        }
        const verdict = classifyOsmWay(tagOfWay);
        if (!verdict.keep) {
          countDrop(report, verdict.reason, `way ${id} (${verdict.value})`);
          continue;
        }
        if (verdict.maxspeedUnreadable) report.unreadableMaxspeed++;
        let ref = 0;
        pbf.pos = refsStart;
        if (refsStart >= 0) {
          while (pbf.pos < refsEnd) {
            ref += pbf.readSVarint();
            refs.push(ref);
          }
        }
        pbf.pos = wayEnd;
        wayStarts.push(refs.length);
        wayClass.push(verdict.roadClass);
        wayOneway.push(verdict.oneway);
        wayMaxspeed.push(verdict.maxspeedKmh);
      }
    }
    if (hasNodes) nodeBlobs.push(blob);
    progress('ways', blob.dataOffset + blob.dataSize);
  }
  if (!sawHeader) throw new RoadFileError(file, "ce n'est pas un fichier OpenStreetMap .osm.pbf (pas de bloc OSMHeader)");
  if (wayClass.length === 0) {
    throw new RoadFileError(
      file,
      `aucune route carrossable (highway=*) parmi ${report.read} chemins : ce fichier ne contient pas de réseau routier`,
    );
  }

  // the nodes the kept ways use, sorted and unique
  const ids = refs.data.slice(0, refs.length).sort();
  let unique = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) ids[unique++] = ids[i];
  const needed = ids.subarray(0, unique);
  const lng = new Float64Array(unique);
  const lat = new Float64Array(unique);
  const found = new Uint8Array(unique);

  // pass 2: coordinates of those nodes only
  let cursor = 0;
  let lastId = -Infinity;
  let sorted = true;
  const take = (id: number, lon: number, la: number) => {
    let at = -1;
    if (sorted && id < lastId) sorted = false;
    lastId = id;
    if (sorted) {
      while (cursor < unique && needed[cursor] < id) cursor++;
      if (cursor < unique && needed[cursor] === id) at = cursor;
    } else at = binarySearch(needed, id);
    if (at >= 0) {
      lng[at] = lon;
      lat[at] = la;
      found[at] = 1;
    }
  };
  // progress of the second pass: over the blocks that hold nodes only
  const nodeBytes = nodeBlobs.reduce((n, b) => n + b.dataSize, 0);
  let nodeBytesDone = 0;
  for (const blob of nodeBlobs) {
    const data = inflateBlob(file, await reader.bytes(blob.dataOffset, blob.dataSize), blob.offset, inflate);
    const block = scanBlock(data);
    const scale = 1e-9 * block.granularity;
    const latOffset = 1e-9 * block.latOffset;
    const lonOffset = 1e-9 * block.lonOffset;
    const pbf = new PbfReader(data);
    const idR = new PbfReader(data);
    const latR = new PbfReader(data);
    const lonR = new PbfReader(data);
    for (let g = 0; g < block.groups.length; g += 2) {
      pbf.pos = block.groups[g];
      const end = block.groups[g + 1];
      while (pbf.pos < end) {
        const key = pbf.readVarint();
        const tag = key >> 3;
        if (tag === 2) {
          // DenseNodes: ids, latitudes and longitudes are three packed, delta-coded fields read in step
          const denseEnd = pbf.readVarint() + pbf.pos;
          let idEnd = -1;
          let latEnd = -1;
          let lonEnd = -1;
          while (pbf.pos < denseEnd) {
            const k = pbf.readVarint();
            const t = k >> 3;
            if ((t === 1 || t === 8 || t === 9) && (k & 7) === 2) {
              const len = pbf.readVarint();
              if (t === 1) {
                idR.pos = pbf.pos;
                idEnd = pbf.pos + len;
              } else if (t === 8) {
                latR.pos = pbf.pos;
                latEnd = pbf.pos + len;
              } else {
                lonR.pos = pbf.pos;
                lonEnd = pbf.pos + len;
              }
              pbf.pos += len;
            } else pbf.skip(k);
          }
          let id = 0;
          let la = 0;
          let lo = 0;
          while (idR.pos < idEnd) {
            if (!(latR.pos < latEnd && lonR.pos < lonEnd)) {
              throw new RoadFileError(
                file,
                `bloc à l'octet ${blob.offset} : nœuds denses incohérents (moins de coordonnées que d'identifiants)`,
              );
            }
            id += idR.readSVarint();
            la += latR.readSVarint();
            lo += lonR.readSVarint();
            take(id, lonOffset + scale * lo, latOffset + scale * la);
          }
        } else if (tag === 1) {
          const nodeEnd = pbf.readVarint() + pbf.pos;
          let id = 0;
          let la = 0;
          let lo = 0;
          while (pbf.pos < nodeEnd) {
            const k = pbf.readVarint();
            pbf.type = k & 7;
            const t = k >> 3;
            if (t === 1) id = pbf.readSVarint();
            else if (t === 8) la = pbf.readSVarint();
            else if (t === 9) lo = pbf.readSVarint();
            else pbf.skip(k);
          }
          take(id, lonOffset + scale * lo, latOffset + scale * la);
        } else pbf.skip(key);
      }
    }
    nodeBytesDone += blob.dataSize;
    progress('nodes', nodeBytesDone, nodeBytes);
  }

  // ways as vertex indexes; a way is cut where its nodes are missing from the file
  const builder = createRoadWaysBuilder();
  const vertexOf = new Int32Array(unique).fill(-1);
  let nodes = 0;
  for (let i = 0; i < unique; i++) {
    if (!found[i]) continue;
    if (!(Math.abs(lng[i]) <= 180 && Math.abs(lat[i]) <= 90)) {
      throw new RoadFileError(file, `nœud ${needed[i]} hors des coordonnées valides : [${lng[i]}, ${lat[i]}]`);
    }
    vertexOf[i] = builder.addVertex(lng[i], lat[i]);
    nodes++;
  }
  report.nodes = nodes;
  report.missingNodes = unique - nodes;
  const piece: number[] = [];
  const attrs: { roadClass: number; oneway: -1 | 0 | 1; maxspeedKmh: number } = { roadClass: 0, oneway: 0, maxspeedKmh: 0 };
  let pieces = 0;
  const flush = () => {
    if (piece.length >= 2) {
      builder.addWay(piece, attrs);
      pieces++;
    }
    piece.length = 0;
  };
  for (let w = 0; w < wayClass.length; w++) {
    attrs.roadClass = wayClass[w];
    attrs.oneway = wayOneway[w] as -1 | 0 | 1;
    attrs.maxspeedKmh = wayMaxspeed[w];
    pieces = 0;
    piece.length = 0;
    for (let r = wayStarts[w]; r < wayStarts[w + 1]; r++) {
      const v = vertexOf[binarySearch(needed, refs.data[r])];
      if (v < 0) flush();
      else piece.push(v);
    }
    flush();
    if (pieces === 0) countDrop(report, 'missing-nodes');
    else report.kept++;
  }
  return { ways: builder.finish(), report };
}
