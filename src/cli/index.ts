import { parseOptions, usageOf } from './args/parse-options.ts';
import { CliError } from './cli-error.ts';
import type { CliCommand } from './commands/command.ts';
import { COMMANDS } from './commands/registry.ts';
import { describeError } from './describe-error.ts';
import { quoteForTerminal } from './terminal-text.ts';

/** Usage of one command: its summary, its options (from their declarations) and notes. */
function commandUsage(command: CliCommand): string {
  return usageOf(command.name, command.summary, command.options, command.notes);
}

const USAGE = `usage: npm run -s cli -- <command> [options]      (npm run -s cli -- <command> --help: one command)

commands:
${COMMANDS.map(commandUsage).join('')}
exit codes: 0 done, 2 bad input (a French message names the file, row or field), 1 internal error (a bug: please report it)
`;

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new CliError(
      `commande ${quoteForTerminal(name)} inconnue`,
      `commandes : ${COMMANDS.map((c) => c.name).join(', ')} ; voir \`npm run -s cli -- --help\``,
    );
  }
  const { help, values } = parseOptions(command.name, command.options, rest);
  if (help) {
    process.stdout.write(`usage: npm run -s cli -- ${command.name} [options]\n\n${commandUsage(command)}`);
    return 0;
  }
  return command.run(values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const described = describeError(error);
    process.stderr.write(`${described.text}\n`);
    process.exitCode = described.exitCode;
  },
);
