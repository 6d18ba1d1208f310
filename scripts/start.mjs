// `npm start`: serves the production build of the app (dist/) with `vite preview` on
// http://127.0.0.1:5173, after building the Nord data bundle if it is missing (`ensure-data`) and
// the app if dist/ is missing or older than its sources (`vite build`). The build is out of date
// when any file it is made from (src/, public/ with the data bundle, index.html, the Vite and
// TypeScript configs, package-lock.json) differs in path, size or modification time from the list
// stamped in dist/ by the last build. `npm run dev` is the development server (hot reload, but
// every module fetched one by one: the first map takes several times longer).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];
const STAMP_FILE = '.maillage-build.json';

/** One line per input file (symbolic links followed): path, real path, size, modification time. */
function listFiles(root, path, lines) {
  const full = join(root, path);
  if (!existsSync(full)) return;
  const stat = statSync(full);
  if (stat.isDirectory()) {
    for (const name of readdirSync(full).sort()) listFiles(root, join(path, name), lines);
  } else {
    lines.push(`${path}\t${relative(root, realpathSync(full))}\t${stat.size}\t${Math.round(stat.mtimeMs)}`);
  }
}

/** A fingerprint of every file the app's build is made from, under `root`. */
export function buildInputsFingerprint(root) {
  const lines = [];
  for (const input of BUILD_INPUTS) listFiles(root, input, lines);
  return createHash('sha1').update(lines.join('\n')).digest('hex');
}

/** Why `outDir` under `root` must be built again, or null when its stamp matches the sources. */
export function staleBuildReason(root, outDir) {
  const stampPath = join(root, outDir, STAMP_FILE);
  if (!existsSync(join(root, outDir, 'index.html'))) return `no build in ${outDir}/`;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return `${outDir}/ was not built by npm start`;
  }
  return stamp.fingerprint === buildInputsFingerprint(root) ? null : `the sources changed since ${outDir}/ was built`;
}

function runOrExit(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`erreur : ${what} a échoué (code ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}

function main() {
  runOrExit(['bin/maillage.mjs', 'ensure-data', '--dept', '59'], 'la préparation des données');
  const reason = staleBuildReason(ROOT, 'dist');
  if (reason) {
    process.stderr.write(`note: building the app (${reason})…\n`);
    const fingerprint = buildInputsFingerprint(ROOT);
    runOrExit(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], 'la construction de l’application');
    writeFileSync(join(ROOT, 'dist', STAMP_FILE), `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
  }
  const server = spawn(
    process.execPath,
    // MAILLAGE_PORT: another port (scripts/start-to-map.ts measures `npm start` beside other servers)
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', process.env.MAILLAGE_PORT || '5173', '--strictPort'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
