import { parseArgs } from 'node:util';
import { isDepartementCode } from '../../data/bundle/bundle-source.ts';
import { CliError } from '../cli-error.ts';
import { quoteForTerminal } from '../terminal-text.ts';

/**
 * The one argument parser of every command. Each option is declared once, with its type and bounds;
 * `node:util` `parseArgs` (strict) splits the words, then each value is checked here, so every
 * command refuses the same things with the same French messages:
 * - whole numbers are written in decimal digits only (`0x10`, `1e1`, ` 3`, `+3` are refused) and bounded;
 * - decimals are plain decimal numbers (a decimal comma is accepted), finite, bounded;
 * - choices are checked against their list, which the message repeats;
 * - a département is checked by `isDepartementCode`, the bundle contract's one check.
 */

interface Base {
  /** One line of help, in English like the rest of the usage text. */
  help: string;
  /** Placeholder shown in the help (`NN`, `FILE`…). */
  valueName?: string;
}
export interface FlagOption extends Base {
  kind: 'flag';
}
export interface TextOption extends Base {
  kind: 'text';
  default?: string;
  required?: boolean;
  multiple?: boolean;
}
export interface WholeOption extends Base {
  kind: 'whole';
  min: number;
  max: number;
  default?: number;
}
export interface DecimalOption extends Base {
  kind: 'decimal';
  min: number;
  max: number;
  required?: boolean;
  /** Example for the message, e.g. `--lon 3.97`. */
  example: string;
  /** A word accepted instead of a number (e.g. `none`), given back as null. */
  orWord?: string;
}
export interface ChoiceOption extends Base {
  kind: 'choice';
  values: readonly string[];
  default?: string;
  multiple?: boolean;
}
export interface YesNoOption extends Base {
  kind: 'yes-no';
}
export interface DeptOption extends Base {
  kind: 'dept';
  default: string;
}
export interface DateOption extends Base {
  kind: 'date';
  example: string;
}

export type OptionSpec = FlagOption | TextOption | WholeOption | DecimalOption | ChoiceOption | YesNoOption | DeptOption | DateOption;
export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends FlagOption
  ? boolean
  : S extends TextOption
    ? S extends { multiple: true }
      ? string[]
      : S extends { default: string } | { required: true }
        ? string
        : string | undefined
    : S extends WholeOption
      ? S extends { default: number }
        ? number
        : number | undefined
      : S extends DecimalOption
        ? S extends { orWord: string }
          ? number | null | undefined
          : S extends { required: true }
            ? number
            : number | undefined
        : S extends ChoiceOption
          ? S extends { multiple: true }
            ? string[]
            : S extends { default: string }
              ? string
              : string | undefined
          : S extends YesNoOption
            ? boolean | undefined
            : S extends DeptOption
              ? string
              : S extends DateOption
                ? Date | undefined
                : never;

export type OptionValues<S extends OptionSpecs> = { [K in keyof S]: ValueOf<S[K]> };

const WHOLE = /^\d+$/;
const DECIMAL = /^-?\d+([.,]\d+)?$/;
const YES = /^(yes|true|oui|1)$/i;
const NO = /^(no|false|non|0)$/i;

const HELP_FIX = (command: string) => `voir \`npm run -s cli -- ${command} --help\``;

/**
 * Parses `args` against `specs` for `command`. `--help` is always accepted (returned as `help: true`);
 * anything else that does not fit throws a CliError (exit code 2).
 */
export function parseOptions<S extends OptionSpecs>(command: string, specs: S, args: string[]): { help: boolean; values: OptionValues<S> } {
  const parseSpec: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const [name, spec] of Object.entries(specs)) {
    parseSpec[name] = { type: spec.kind === 'flag' ? 'boolean' : 'string', multiple: 'multiple' in spec && spec.multiple === true };
  }
  let raw: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    raw = parseArgs({ args, options: parseSpec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw argumentError(command, error);
  }
  if (raw.help === true) return { help: true, values: {} as OptionValues<S> };
  const values: Record<string, unknown> = Object.create(null);
  for (const [name, spec] of Object.entries(specs)) {
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    values[name] = optionValue(command, name, spec, given as string | string[] | boolean | undefined);
  }
  return { help: false, values: values as OptionValues<S> };
}

function optionValue(command: string, name: string, spec: OptionSpec, given: string | string[] | boolean | undefined): unknown {
  const flag = `--${name}`;
  if (spec.kind === 'flag') return given === true;
  if (Array.isArray(given)) return given.map((g) => single(flag, spec, g));
  if (given === undefined) {
    if ('required' in spec && spec.required) {
      throw new CliError(`${flag} est obligatoire`, 'example' in spec ? `par exemple ${spec.example}` : HELP_FIX(command));
    }
    if ('multiple' in spec && spec.multiple) return [];
    return 'default' in spec ? spec.default : undefined;
  }
  return single(flag, spec, given as string);
}

function single(flag: string, spec: Exclude<OptionSpec, FlagOption>, text: string): unknown {
  const shown = quoteForTerminal(text);
  switch (spec.kind) {
    case 'text':
      return text;
    case 'whole': {
      const n = WHOLE.test(text) ? Number(text) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
        throw new CliError(
          `${flag} doit être un nombre entier de ${spec.min} à ${spec.max}, écrit en chiffres, reçu ${shown}`,
          `par exemple ${flag} ${spec.default ?? spec.min}`,
        );
      }
      return n;
    }
    case 'decimal': {
      if (spec.orWord !== undefined && text === spec.orWord) return null;
      const n = DECIMAL.test(text) ? Number(text.replace(',', '.')) : Number.NaN;
      if (!Number.isFinite(n)) {
        throw new CliError(
          `${flag} ${shown} n’est pas un nombre${spec.orWord ? ` ni « ${spec.orWord} »` : ''}`,
          `écrivez un nombre décimal, par exemple ${spec.example}`,
        );
      }
      if (n < spec.min || n > spec.max) {
        throw new CliError(`${flag} doit être un nombre de ${spec.min} à ${spec.max}, reçu ${shown}`, `par exemple ${spec.example}`);
      }
      return n;
    }
    case 'choice':
      if (!spec.values.includes(text)) {
        throw new CliError(`${flag} ${shown} inconnu`, `valeurs possibles : ${spec.values.join(', ')}`);
      }
      return text;
    case 'yes-no':
      if (YES.test(text)) return true;
      if (NO.test(text)) return false;
      throw new CliError(`${flag} doit valoir yes ou no, reçu ${shown}`, `par exemple ${flag} yes`);
    case 'dept':
      if (!isDepartementCode(text)) {
        throw new CliError(
          `${flag} ${shown} n’est pas un code de département`,
          'donnez un code INSEE de département, par exemple 59, 62 ou 2A',
        );
      }
      return text;
    case 'date': {
      const d = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? new Date(text) : new Date(Number.NaN);
      if (Number.isNaN(d.getTime()))
        throw new CliError(`${flag} ${shown} n’est pas une date`, `donnez une date ISO, par exemple ${spec.example}`);
      return d;
    }
  }
}

/** Turns a `parseArgs` error (unknown option, missing value, stray word) into a French CliError. */
function argumentError(command: string, error: unknown): CliError {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? '';
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  const shown = option ? quoteForTerminal(option) : '';
  const fix = HELP_FIX(command);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new CliError(`option ${shown} inconnue pour la commande ${command}`, fix);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(message)) return new CliError(`l’option ${shown} attend une valeur`, fix);
      if (/ambiguous/.test(message)) {
        return new CliError(
          `la valeur de ${shown} commence par un tiret`,
          `écrivez-la avec un signe égal, par exemple ${option ?? '--lon'}=-1.5`,
        );
      }
      return new CliError(`l’option ${shown} ne prend pas de valeur`, fix);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const word = /'([^']*)'/.exec(message)?.[1];
      return new CliError(`argument inattendu ${quoteForTerminal(word ?? '')} : chaque valeur suit son option (--nom valeur)`, fix);
    }
    default:
      return new CliError(`arguments illisibles : ${quoteForTerminal(message)}`, fix);
  }
}

/** Usage lines of a command from its option specs (name, value placeholder, help). */
export function usageOf(name: string, summary: string, specs: OptionSpecs, extra = ''): string {
  const lines = [`  ${name.padEnd(12)} ${summary}`];
  for (const [option, spec] of Object.entries(specs)) {
    const value = spec.kind === 'flag' ? '' : ` ${spec.valueName ?? valuePlaceholder(spec)}`;
    const left = `--${option}${value}`;
    const [first, ...rest] = spec.help.split('\n');
    lines.push(`               ${left.padEnd(26)} ${first}`);
    for (const r of rest) lines.push(`               ${''.padEnd(26)} ${r}`);
  }
  return `${lines.join('\n')}\n${extra}`;
}

function valuePlaceholder(spec: Exclude<OptionSpec, FlagOption>): string {
  switch (spec.kind) {
    case 'whole':
      return 'N';
    case 'decimal':
      return 'X';
    case 'choice':
      return spec.values.join('|');
    case 'yes-no':
      return 'yes|no';
    case 'dept':
      return 'NN';
    case 'date':
      return 'ISO';
    default:
      return 'VALUE';
  }
}
