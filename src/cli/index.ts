import { COMMANDS } from './commands/registry.ts';
import { CliError } from './cli-error.ts';
import { SourceFileError } from '../data/report.ts';
import { CoverageInputError } from '../data/coverage/coverage-input.ts';

const USAGE = `usage: npm run -s cli -- <command> [options]

commands:
${COMMANDS.map((c) => c.usage).join('')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new CliError(`unknown command "${name}"`, 'run `npm run -s cli -- --help`');
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n${error.fix ? `fix: ${error.fix}\n` : ''}`);
    } else if (error instanceof SourceFileError || error instanceof CoverageInputError) {
      process.stderr.write(`error: ${error.message}\n`);
    } else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`error: ${error.message}\nfix: run \`npm run -s cli -- --help\`\n`);
    } else {
      process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    }
    process.exit(2);
  },
);
