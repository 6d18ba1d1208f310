import { parseOptions } from './args/parse-options.ts';
import { CliError } from './cli-error.ts';
import { COMMANDS } from './commands/registry.ts';
import { describeError } from './describe-error.ts';
import { quoteForTerminal } from './terminal-text.ts';
import { commandHelp, generalUsage } from './usage.ts';

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(generalUsage());
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
    process.stdout.write(commandHelp(command));
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
