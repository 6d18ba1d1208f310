/**
 * An error caused by what the user gave (an argument, a file, a bundle): the CLI prints it as
 * `erreur : … / à faire : …` with exit code 2, never with a stack trace. The message is French and
 * names the file, and the row or field where known.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
