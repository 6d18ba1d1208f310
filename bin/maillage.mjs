#!/usr/bin/env node
// Starts the compiled command line (build/cli, made by scripts/build-cli.mjs on `npm ci` and before
// the tests). It never runs a stale build: every source file the build was made from is compared
// with build/cli/current.json (bin/cli-freshness.mjs). A missing or stale build is rebuilt first
// (under a second), saying so on stderr; if it cannot be rebuilt, nothing runs.
import { readFileSync } from 'node:fs';
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
// no process.setSourceMapsEnabled: node would read the map of every module at each start; an
// internal error's stack is put back at the TypeScript files and lines when it is printed
// (src/cli/source-mapped-stack.ts)
await import(pathToFileURL(join(ROOT, 'build/cli', current.entry)).href);
