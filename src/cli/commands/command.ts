import type { OptionSpecs, OptionValues } from '../args/parse-options.ts';

/**
 * One CLI command, in three parts (house style, habit 6): its options, declared once with their
 * types and bounds (`src/cli/args/parse-options.ts` checks them and writes the help), its action
 * (`src/cli/actions/<name>.action.ts`, no argv and no terminal), and the file I/O (`src/cli/io/`).
 * `run` receives checked values only and returns the exit code.
 */
export interface CliCommand<S extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  options: S;
  /** Help text after the options (modes, exit codes). */
  notes?: string;
  run(values: OptionValues<S>): Promise<number>;
}

/** Declares a command, keeping the option types for `run`. */
export function defineCommand<S extends OptionSpecs>(command: CliCommand<S>): CliCommand<S> {
  return command;
}
