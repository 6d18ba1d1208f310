/**
 * What is wrong with a road file, in French, for the user; the reader that caught it adds the
 * file's name (src/data/roads/road-file-error.ts).
 */
export class RoadFileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoadFileProblem';
  }
}
