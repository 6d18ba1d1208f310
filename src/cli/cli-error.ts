/** An error the CLI prints as `error: … / fix: …` with exit code 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
