/**
 * Random access to the bytes of a (possibly large) file, so that readers stream it in chunks
 * instead of holding it whole: a browser `File`/`Blob`, bytes already in memory, or a file on
 * disk (src/cli/io/file-byte-source.ts). Two members, after PMTiles' `Source`.
 */
export interface ByteSource {
  /** File name shown in messages (never a full path from a user's disk). */
  readonly name: string;
  readonly size: number;
  /** `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes in memory (tests, a fetched ArrayBuffer). */
export function byteSourceFromBytes(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** A source over a browser `File` or `Blob`: each read is a slice, the file is never loaded whole. */
export function byteSourceFromBlob(name: string, blob: Blob): ByteSource {
  return {
    name,
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}
