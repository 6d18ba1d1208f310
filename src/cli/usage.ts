import { usageOf } from './args/parse-options.ts';
import type { CliCommand } from './commands/command.ts';
import { COMMANDS } from './commands/registry.ts';

/** Usage of one command: its summary, its options (from their declarations) and notes. */
export function commandUsage(command: CliCommand): string {
  return usageOf(command.name, command.summary, command.options, command.notes);
}

/** What `--help` (or no command at all) prints: every command and its options. */
export function generalUsage(): string {
  return `usage: npm run -s cli -- <command> [options]      (npm run -s cli -- <command> --help: one command)

commands:
${COMMANDS.map(commandUsage).join('')}
exit codes: 0 done, 2 bad input (a French message names the file, row or field), 1 internal error (a bug: please report it)
`;
}

/** What `<command> --help` prints. */
export function commandHelp(command: CliCommand): string {
  return `usage: npm run -s cli -- ${command.name} [options]\n\n${commandUsage(command)}`;
}

/**
 * Every help text, written into build/cli/current.json at build time (scripts/build-cli.mjs): bin/maillage.mjs
 * prints them for `--help`, `-h`, `help`, no arguments and `<command> --help` without loading the compiled CLI,
 * once it has checked that the build is fresh (the texts are then those of the sources).
 */
export function helpTexts(): { usage: string; commands: Record<string, string> } {
  return { usage: generalUsage(), commands: Object.fromEntries(COMMANDS.map((c) => [c.name, commandHelp(c)])) };
}
