/**
 * The production build as the measurement scripts open it (scripts/first-view-bytes.ts,
 * scripts/map-idle.ts): `dist/` built when it is missing or out of date (the check of `npm start`),
 * served by `vite preview` on 127.0.0.1.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../tests/e2e/harness.ts';
// @ts-expect-error: a plain JavaScript script without type declarations
import { buildInputsFingerprint, staleBuildReason } from '../start.mjs';

/** Builds `dist/` (and stamps it as `npm start` does) when it is missing or older than its sources. */
export function ensureBuild(): void {
  const reason = staleBuildReason(ROOT, 'dist') as string | null;
  if (!reason) return;
  console.error(`building the app (${reason})…`);
  const fingerprint = buildInputsFingerprint(ROOT) as string;
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  writeFileSync(join(ROOT, 'dist', '.maillage-build.json'), `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
}

/** Serves `dist/` with `vite preview` on `port`; resolves once it answers. */
export async function startPreview(port: number): Promise<ChildProcess> {
  // another server on the port would answer in place of this build: refuse to measure it
  const busy = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${port} is already in use: stop that server or pass --port`);
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: ROOT, stdio: 'ignore' },
  );
  for (let waited = 0; waited < 30_000; waited += 200) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on port ${port}`);
}
