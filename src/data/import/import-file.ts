import Papa from 'papaparse';
import { feedCsvInChunks } from './csv-feeder.ts';
import { decodeImportBytes, sniffFormat, type DecodedImport } from './decode-import.ts';
import { FinessImport } from './finess-import.ts';
import { importJson } from './geojson-import.ts';
import { parseImportJson } from './import-json-text.ts';
import type { ImportSession } from './import-session.ts';
import { TabularImport } from './tabular-import.ts';
import type { ImportOptions, ImportResult } from './import-types.ts';

export { checkImportSize, decodeImportBytes, detectDelimiter, sniffFormat, type DecodedImport, type FileWarning } from './decode-import.ts';
export { parseImportJson } from './import-json-text.ts';
export { CsvFeeder, cleanRowFields } from './csv-feeder.ts';

/** Receives accepted features as they come (the browser worker posts them to the page). */
export interface ImportSink {
  /** Features per batch (default 5,000). */
  batchSize?: number;
  /** CSV text per papaparse chunk, in characters (default 256 Ki). */
  chunkSize?: number;
  onBatch(features: ImportResult['features'], progress: { rowsRead: number; fraction: number }): void;
}

/** Batches of at most `batchSize` accepted features to the sink: each costs the page one bounded structured clone. */
function batcher(sink: ImportSink | undefined) {
  const batchSize = sink?.batchSize ?? 5_000;
  let sent = 0;
  return (session: ImportSession, fraction: number, force = false) => {
    if (!sink) return;
    while (session.report.accepted - sent >= batchSize || (force && session.report.accepted > sent)) {
      const batch = session.takeFeatures(batchSize);
      sent += batch.length;
      sink.onBatch(batch, { rowsRead: session.report.rows_read, fraction });
    }
    if (force && session.report.accepted === 0) sink.onBatch([], { rowsRead: session.report.rows_read, fraction });
  };
}

/**
 * Imports decoded text: a CSV is parsed by papaparse in chunks (quoted newlines may straddle
 * two chunks), each row placed as it comes; accepted features go to `sink` in batches. The
 * same function serves the CLI, the tests and the browser worker.
 */
export function importText(decoded: DecodedImport, options: ImportOptions, sink?: ImportSink): ImportResult {
  const { format, delimiter } = sniffFormat(decoded.text);
  const flush = batcher(sink);
  let session: ImportSession;
  if (format === 'geojson' || format === 'json') {
    session = importJson(parseImportJson(decoded.text), options, decoded.encoding, decoded.warnings);
  } else if (format === 'finess') {
    const finess = new FinessImport(options, decoded.encoding, decoded.warnings);
    finess.lines(Papa.parse<string[]>(decoded.text, { delimiter: ';', skipEmptyLines: false }).data);
    session = finess.finish();
  } else {
    const table = new TabularImport(options, { format: 'csv', encoding: decoded.encoding, delimiter, warnings: decoded.warnings });
    feedCsvInChunks(table, decoded.text, delimiter!, sink?.chunkSize ?? 1 << 18, (fraction) => flush(table.sessionOrThrow, fraction));
    session = table.sessionOrThrow;
  }
  const report = session.finish();
  // JSON and FINESS rows are placed in one go: their features still go out in batches
  flush(session, 1, true);
  return { report, features: session.features() };
}

/** Imports a file's bytes in one go: decoding, format, columns, rows → features and a report. */
export function importFile(bytes: Uint8Array, options: ImportOptions): ImportResult {
  return importText(decodeImportBytes(bytes, options.limits), options);
}
