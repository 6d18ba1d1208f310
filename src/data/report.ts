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
  count(action: ReportAction): number {
    return this.entries.filter((e) => e.action === action).length;
  }
}
