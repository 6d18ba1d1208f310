/** A road file that cannot be used, with the file's name and what is wrong, in French. */
export class RoadFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly fix?: string,
  ) {
    super(`${file} : ${reason}${fix ? ` (${fix})` : ''}`);
    this.name = 'RoadFileError';
  }
}
