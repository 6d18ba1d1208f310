/** What happened to a row that was not kept exactly as read. */
export type ReportAction = 'rejected' | 'corrected' | 'merged' | 'approximate' | 'disagreement';

/** One located entry of the build report: file, row, field, reason. */
export interface ReportEntry {
  layer: string;
  source: string;
  file: string;
  /** 1-based record number in the file (CSV: data rows after the header; JSON: array/feature position). */
  row: number | null;
  field: string | null;
  action: ReportAction;
  reason: string;
  value?: string;
  /** For a `merged` row: the record it was merged with (the same place in another row or source). */
  merged_with?: MergedWith;
}

/** The other record of a merge, located like the entry itself. */
export interface MergedWith {
  source: string;
  file: string;
  row: number | null;
  /** The record's id in the bundle (now listed in the place's `sources`). */
  id: string;
}

/** Thrown for a file that cannot be read at all (garbled, wrong format). Names the file; `fix` says what to do. */
export class SourceFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly fix?: string,
  ) {
    super(`${file} : ${reason}`);
    this.name = 'SourceFileError';
  }
}

/** Collects report entries for one layer/source pair. */
export class Reporter {
  readonly entries: ReportEntry[] = [];
  constructor(
    readonly layer: string,
    readonly source: string,
  ) {}
  add(file: string, row: number | null, field: string | null, action: ReportAction, reason: string, value?: unknown): void {
    const entry: ReportEntry = { layer: this.layer, source: this.source, file, row, field, action, reason };
    if (value !== undefined && value !== null) entry.value = String(value).slice(0, 200);
    this.entries.push(entry);
  }
  /** A row merged with another record of the same place (`mergedWith`), and why. */
  merged(file: string, row: number | null, reason: string, value: unknown, mergedWith: MergedWith): void {
    this.add(file, row, null, 'merged', reason, value);
    this.entries[this.entries.length - 1].merged_with = mergedWith;
  }
  count(action: ReportAction): number {
    return this.entries.filter((e) => e.action === action).length;
  }
}
