import type { OptionSpecs } from '../args/parse-options.ts';
import type { CliCommand } from './command.ts';
import { compareCommand } from './compare.command.ts';
import { coverageCommand } from './coverage.command.ts';
import { dataCommand, ensureDataCommand } from './data.command.ts';
import { findPlaceCommand } from './find-place.command.ts';
import { nearestCommand } from './nearest.command.ts';
import { planStatusCommand } from './plan-status.command.ts';
import { roadsCommand } from './roads.command.ts';
import { suggestCommand } from './suggest.command.ts';
import { validateCommand } from './validate.command.ts';

/** Every CLI command, in the order the usage lists them. One line per command file. */
export const COMMANDS: readonly CliCommand<OptionSpecs>[] = [
  dataCommand,
  ensureDataCommand,
  coverageCommand,
  compareCommand,
  suggestCommand,
  nearestCommand,
  findPlaceCommand,
  roadsCommand,
  validateCommand,
  planStatusCommand,
] as unknown as CliCommand<OptionSpecs>[];
