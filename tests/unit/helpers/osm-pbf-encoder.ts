import { zlibSync } from 'fflate';
import { PbfWriter } from 'pbf';

/** A tiny OpenStreetMap network, written by hand in tests. */
export interface OsmNetwork {
  nodes: { id: number; lng: number; lat: number; tags?: Record<string, string> }[];
  ways: { id: number; refs: number[]; tags: Record<string, string> }[];
}

export interface EncodeOptions {
  /** DenseNodes (default) or plain Node messages. */
  dense?: boolean;
  /** Blob compression (default zlib); 'zstd' writes a zstd field with junk, to test the refusal. */
  compression?: 'zlib' | 'raw' | 'zstd';
  /** Elements per block (default: all in one block per kind). */
  perBlock?: number;
  requiredFeatures?: string[];
  /** Write ways before nodes (an unsorted file). */
  waysFirst?: boolean;
}

function frame(type: string, content: Uint8Array, compression: EncodeOptions['compression']): Uint8Array {
  const blob = new PbfWriter();
  if (compression === 'raw') blob.writeBytesField(1, content);
  else if (compression === 'zstd') {
    blob.writeVarintField(2, content.length);
    blob.writeBytesField(7, Uint8Array.of(1, 2, 3));
  } else {
    blob.writeVarintField(2, content.length);
    blob.writeBytesField(3, zlibSync(content));
  }
  const blobBytes = blob.finish();
  const header = new PbfWriter();
  header.writeStringField(1, type);
  header.writeVarintField(3, blobBytes.length);
  const headerBytes = header.finish();
  const out = new Uint8Array(4 + headerBytes.length + blobBytes.length);
  new DataView(out.buffer).setUint32(0, headerBytes.length, false);
  out.set(headerBytes, 4);
  out.set(blobBytes, 4 + headerBytes.length);
  return out;
}

/**
 * A minimal OSM PBF encoder for tests (the format of https://wiki.openstreetmap.org/wiki/PBF_Format:
 * BlobHeader/Blob frames, a HeaderBlock, PrimitiveBlocks with a string table, DenseNodes or
 * Nodes, Ways with delta-coded refs), so the reader is tested even where osmium is not installed.
 */
export function encodeOsmPbf(network: OsmNetwork, options: EncodeOptions = {}): Uint8Array {
  const compression = options.compression ?? 'zlib';
  const parts: Uint8Array[] = [];
  const head = new PbfWriter();
  for (const f of options.requiredFeatures ?? ['OsmSchema-V0.6', 'DenseNodes']) head.writeStringField(4, f);
  head.writeStringField(16, 'maillage-test-encoder');
  parts.push(frame('OSMHeader', head.finish(), compression));

  const per = Math.max(1, options.perBlock ?? Math.max(network.nodes.length, network.ways.length));
  const chunks = <T>(list: T[]) => {
    const out: T[][] = [];
    for (let i = 0; i < list.length; i += per) out.push(list.slice(i, i + per));
    return out;
  };
  const block = (write: (pbf: PbfWriter, index: (s: string) => number) => void) => {
    const strings = [''];
    const at = new Map<string, number>([['', 0]]);
    const index = (s: string) => {
      if (!at.has(s)) {
        at.set(s, strings.length);
        strings.push(s);
      }
      return at.get(s)!;
    };
    const group = new PbfWriter();
    write(group, index);
    const pbf = new PbfWriter();
    pbf.writeMessage(
      1,
      (_: null, p: PbfWriter) => {
        for (const s of strings) p.writeBytesField(1, new TextEncoder().encode(s));
      },
      null,
    );
    pbf.writeBytesField(2, group.finish());
    return pbf.finish();
  };
  const nodeBlocks = chunks(network.nodes).map((nodes) =>
    block((group, index) => {
      if (options.dense ?? true) {
        group.writeMessage(
          2,
          (_: null, p: PbfWriter) => {
            let id = 0;
            let la = 0;
            let lo = 0;
            p.writePackedSVarint(
              1,
              nodes.map((n) => {
                const d = n.id - id;
                id = n.id;
                return d;
              }),
            );
            p.writePackedSVarint(
              8,
              nodes.map((n) => {
                const v = Math.round(n.lat * 1e7);
                const d = v - la;
                la = v;
                return d;
              }),
            );
            p.writePackedSVarint(
              9,
              nodes.map((n) => {
                const v = Math.round(n.lng * 1e7);
                const d = v - lo;
                lo = v;
                return d;
              }),
            );
            const kv: number[] = [];
            for (const n of nodes) {
              for (const [k, v] of Object.entries(n.tags ?? {})) kv.push(index(k), index(v));
              kv.push(0);
            }
            p.writePackedVarint(10, kv);
          },
          null,
        );
      } else {
        for (const n of nodes) {
          group.writeMessage(
            1,
            (_: null, p: PbfWriter) => {
              p.writeSVarintField(1, n.id);
              p.writeSVarintField(8, Math.round(n.lat * 1e7));
              p.writeSVarintField(9, Math.round(n.lng * 1e7));
            },
            null,
          );
        }
      }
    }),
  );
  const wayBlocks = chunks(network.ways).map((ways) =>
    block((group, index) => {
      for (const w of ways) {
        group.writeMessage(
          3,
          (_: null, p: PbfWriter) => {
            p.writeVarintField(1, w.id);
            const entries = Object.entries(w.tags);
            p.writePackedVarint(
              2,
              entries.map(([k]) => index(k)),
            );
            p.writePackedVarint(
              3,
              entries.map(([, v]) => index(v)),
            );
            let prev = 0;
            p.writePackedSVarint(
              8,
              w.refs.map((r) => {
                const d = r - prev;
                prev = r;
                return d;
              }),
            );
          },
          null,
        );
      }
    }),
  );
  const order = options.waysFirst ? [...wayBlocks, ...nodeBlocks] : [...nodeBlocks, ...wayBlocks];
  for (const b of order) parts.push(frame('OSMData', b, compression));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The same network as OSM XML, for osmium to convert. */
export function toOsmXml(network: OsmNetwork): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="maillage-test">'];
  for (const n of network.nodes) {
    const tags = Object.entries(n.tags ?? {});
    const attrs = `id="${n.id}" version="1" lat="${n.lat.toFixed(7)}" lon="${n.lng.toFixed(7)}"`;
    if (!tags.length) lines.push(`  <node ${attrs}/>`);
    else lines.push(`  <node ${attrs}>`, ...tags.map(([k, v]) => `    <tag k="${esc(k)}" v="${esc(v)}"/>`), '  </node>');
  }
  for (const w of network.ways) {
    lines.push(`  <way id="${w.id}" version="1">`);
    for (const r of w.refs) lines.push(`    <nd ref="${r}"/>`);
    for (const [k, v] of Object.entries(w.tags)) lines.push(`    <tag k="${esc(k)}" v="${esc(v)}"/>`);
    lines.push('  </way>');
  }
  lines.push('</osm>', '');
  return lines.join('\n');
}
