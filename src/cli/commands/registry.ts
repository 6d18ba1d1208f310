import type { OptionSpecs } from '../args/parse-options.ts';
import type { CliCommand } from './command.ts';
import { coverageCommand } from './coverage.command.ts';
import { dataCommand, ensureDataCommand } from './data.command.ts';
import { nearestCommand } from './nearest.command.ts';
import { validateCommand } from './validate.command.ts';

/** Every CLI command, in the order the usage lists them. One line per command file. */
export const COMMANDS: readonly CliCommand<OptionSpecs>[] = [
  dataCommand,
  ensureDataCommand,
  coverageCommand,
  nearestCommand,
  validateCommand,
] as unknown as CliCommand<OptionSpecs>[];
