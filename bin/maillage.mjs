#!/usr/bin/env node
// Starts the compiled command line (build/cli, made by scripts/build-cli.mjs on `npm ci` and before
// the tests). It never runs a stale build: every source file the build was made from is compared
// with build/cli/current.json (bin/cli-freshness.mjs). A missing or stale build is rebuilt first
// (under a second), saying so on stderr; if it cannot be rebuilt, nothing runs. The help of a fresh
// build is printed from current.json, without loading the compiled CLI (`npm run -s cli -- --help`
// then costs little more than node's own start).
import { readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleReason } from './cli-freshness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function readCurrent() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'build/cli/current.json'), 'utf8'));
  } catch {
    return null;
  }
}

let current = readCurrent();
let stale = staleReason(ROOT, current);
if (stale) {
  process.stderr.write(`note: compiling the CLI (${stale})…\n`);
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli();
  } catch (error) {
    process.stderr.write(
      `erreur : le CLI n’a pas pu être compilé : ${error.message}\nà faire : lancez \`npm run build:cli\` et lisez son message\n`,
    );
    process.exit(1);
  }
  current = readCurrent();
  stale = staleReason(ROOT, current);
  if (stale) {
    process.stderr.write(`erreur : le CLI compilé reste périmé (${stale})\n`);
    process.exit(1);
  }
}
/**
 * The help text `argv` asks for, with its exit code, as src/cli/index.ts would print it (the texts are its
 * own, src/cli/usage.ts, written at build time); null for anything else, which the compiled CLI handles.
 */
function helpFor(argv, help) {
  if (!help) return null;
  if (argv.length === 0) return { text: help.usage, code: 2 };
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help')) return { text: help.usage, code: 0 };
  if (argv.length === 2 && argv[1] === '--help' && Object.hasOwn(help.commands, argv[0])) return { text: help.commands[argv[0]], code: 0 };
  return null;
}

/** Writes to standard output without loading node's streams (a fifth of a `--help` run); a busy pipe falls back to them. */
function writeOut(text) {
  let bytes = Buffer.from(text);
  try {
    while (bytes.length > 0) bytes = bytes.subarray(writeSync(1, bytes));
  } catch (error) {
    if (error.code === 'EPIPE') return; // the reader is gone (`| head`)
    if (error.code !== 'EAGAIN') throw error;
    process.stdout.write(bytes);
  }
}

const help = helpFor(process.argv.slice(2), current.help);
if (help) {
  writeOut(help.text);
  process.exitCode = help.code;
} else {
  // no process.setSourceMapsEnabled: node would read the map of every module at each start; an
  // internal error's stack is put back at the TypeScript files and lines when it is printed
  // (src/cli/source-mapped-stack.ts)
  await import(pathToFileURL(join(ROOT, 'build/cli', current.entry)).href);
}
