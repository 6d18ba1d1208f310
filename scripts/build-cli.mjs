// Compiles the command line (src/cli/index.ts and what it imports) to JavaScript with esbuild:
// build/cli/<build-id>/index.mjs plus one chunk per command's action, loaded only when that
// command runs (so `--help` imports no geometry library). npm dependencies are bundled in too
// (their ES module builds): a start resolves and loads a few files of ours instead of dozens of
// packages' (about 0.1 s less CPU for `--help`). The help texts go into current.json: `--help` reads
// them there and loads no compiled module at all. build/cli/current.json names the build and lists
// every source file it was made from, and the package.json of every npm package bundled (a new
// version of one makes the build stale), with size, modification time and SHA-1, for
// bin/maillage.mjs to check before it runs the compiled code. current.json is replaced by a rename: a reader sees the old
// build or the new one, never half of one; the build before is kept for a process still loading it.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'build/cli');

/** Size, modification time and SHA-1 of one file (path relative to the repository). */
export function fileStamp(path) {
  const full = join(ROOT, path);
  const stat = statSync(full);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha1: createHash('sha1').update(readFileSync(full)).digest('hex') };
}

export async function buildCli() {
  const started = performance.now();
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const dir = join(OUT, id);
  const result = await build({
    absWorkingDir: ROOT,
    // the worker thread of `coverage --areas --points` beside the chunks (src/cli/io/ad-hoc-count-thread.ts)
    // usage.mjs: the help texts, run once below and written into current.json for bin/maillage.mjs
    entryPoints: {
      index: 'src/cli/index.ts',
      'ad-hoc-count.worker': 'src/cli/io/ad-hoc-count.worker.ts',
      usage: 'src/cli/usage.ts',
    },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // ES module builds first (jsonc-parser's UMD main cannot be bundled); node's `exports` conditions otherwise
    mainFields: ['module', 'main'],
    // a bundled CommonJS package's require() of a node built-in
    banner: { js: "import { createRequire as __maillageRequire } from 'node:module'; const require = __maillageRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  inputs.push(relative(ROOT, fileURLToPath(import.meta.url)));
  for (const f of Object.keys(result.metafile.inputs)) {
    const pkg = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (pkg && !inputs.includes(`${pkg[1]}/package.json`)) inputs.push(`${pkg[1]}/package.json`);
  }
  const files = Object.fromEntries(inputs.sort().map((f) => [f, fileStamp(f)]));
  // the help, from the code just built: bin/maillage.mjs prints it without loading the CLI (a fresh build's
  // help is that of its sources, as the freshness check guarantees)
  const { helpTexts } = await import(pathToFileURL(join(dir, 'usage.mjs')).href);
  const current = { id, entry: `${id}/index.mjs`, built_at: new Date().toISOString(), help: helpTexts(), files };
  const temporary = join(OUT, `current.json.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(current, null, 1)}\n`);
  let previous = null;
  try {
    previous = JSON.parse(readFileSync(join(OUT, 'current.json'), 'utf8')).id;
  } catch {
    // first build
  }
  renameSync(temporary, join(OUT, 'current.json'));
  // older builds go, unless recent: another process may have just built one and be loading it
  for (const name of readdirSync(OUT)) {
    if (name === id || name === previous || name.startsWith('current.json')) continue;
    if (Date.now() - statSync(join(OUT, name)).mtimeMs > 10 * 60_000) rmSync(join(OUT, name), { recursive: true, force: true });
  }
  return { id, ms: performance.now() - started, files: inputs.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  const { id, ms, files } = await buildCli();
  if (!process.argv.includes('--quiet'))
    process.stderr.write(`compiled the CLI (${files} source files) → build/cli/${id} in ${Math.round(ms)} ms\n`);
}
