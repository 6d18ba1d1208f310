/** One CLI command: its usage lines and what it does with its own arguments; returns the exit code. */
export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
