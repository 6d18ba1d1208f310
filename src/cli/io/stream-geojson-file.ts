import { closeSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import type { FlatArena } from '../../data/parse/flat-coordinates.ts';
import { createFeatureStream, FeatureStreamError } from '../../data/parse/geojson-feature-stream.ts';
import { CliError } from '../cli-error.ts';

/** Bytes read at a time: the file is never held whole. */
const CHUNK = 1 << 20;

/**
 * Reads a GeoJSON FeatureCollection the user named, one feature at a time (the streaming reader of
 * src/data/parse/geojson-feature-stream.ts over 1 MiB reads): memory stays at one chunk, whatever
 * the file's size. `onFeature` gets each parsed feature and its 0-based index. Invalid UTF-8, bad
 * JSON and a document that is not a FeatureCollection are CliErrors naming the file, and the
 * feature or byte. With `flatCoordinates`, each geometry's coordinates come as typed arrays
 * (`FlatCoordinates`, see the stream's option; in `flatArena` when given); with `onPoint`, plain Point features come there
 * as numbers instead (the stream's option). `afterChunk` runs after each chunk's features
 * (the caller's chance to look at other work between them). Returns the number of features.
 */
export function streamGeoJsonFile(
  path: string,
  onFeature: (feature: unknown, index: number) => void,
  options: {
    flatCoordinates?: boolean;
    flatArena?: FlatArena;
    afterChunk?: () => void;
    onPoint?: (lng: number, lat: number, index: number) => void;
  } = {},
): number {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new CliError(`fichier introuvable : ${path}`);
  }
  if (!stat.isFile()) throw new CliError(`${path} n’est pas un fichier`);
  let type: unknown;
  let features = 0;
  const stream = createFeatureStream(
    {
      onMember: (key, value) => {
        if (key === 'type') type = value;
      },
      onFeature: (feature, index) => {
        features++;
        onFeature(feature, index);
      },
    },
    ['type'],
    {
      strictUtf8: true,
      flatCoordinates: options.flatCoordinates === true,
      flatArena: options.flatArena,
      onPoint: options.onPoint
        ? (lng, lat, index) => {
            features++;
            options.onPoint?.(lng, lat, index);
          }
        : undefined,
    },
  );
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(CHUNK);
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      // a UTF-8 byte-order mark is allowed before the document
      const skip = first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      first = false;
      stream.write(buf.subarray(skip, n));
      options.afterChunk?.();
    }
    stream.end();
  } catch (e) {
    if (e instanceof FeatureStreamError) throw new CliError(`${path} : ${e.message} (octet ${e.offset})`);
    throw e;
  } finally {
    closeSync(fd);
  }
  if (type !== 'FeatureCollection' || !stream.hasFeatureList) {
    throw new CliError(
      `${path} : ce n’est pas une FeatureCollection GeoJSON`,
      'donnez un fichier GeoJSON {"type": "FeatureCollection", "features": […]}',
    );
  }
  return features;
}
