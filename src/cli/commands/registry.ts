import type { CliCommand } from './command.ts';
import { coverageCli } from './coverage.cli.ts';
import { dataCli, ensureDataCli } from './data.cli.ts';
import { nearestCli } from './nearest.cli.ts';
import { validateCli } from './validate.cli.ts';

/** Every CLI command, in the order the usage lists them. One line per command file. */
export const COMMANDS: CliCommand[] = [dataCli, ensureDataCli, coverageCli, nearestCli, validateCli];
