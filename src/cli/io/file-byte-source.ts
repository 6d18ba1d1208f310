import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { ByteSource } from '../../data/roads/byte-source.ts';

/**
 * A file on disk as a {@link ByteSource}: reads the ranges asked for, never the whole file.
 * `close()` releases the file descriptor.
 */
export function fileByteSource(path: string): ByteSource & { close(): void; modified: Date } {
  const fd = openSync(path, 'r');
  const stat = fstatSync(fd);
  return {
    name: basename(path),
    size: stat.size,
    modified: stat.mtime,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, stat.size - offset));
      const buf = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, buf, done, n - done, offset + done);
        if (got === 0) break;
        done += got;
      }
      return done === n ? buf : buf.subarray(0, done);
    },
    close() {
      closeSync(fd);
    },
  };
}
