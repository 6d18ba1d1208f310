import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CliError } from '../cli-error.ts';

/**
 * Where built bundles live, and how a new one replaces the old without a reader ever meeting no
 * bundle or half of one.
 *
 * - Each build writes a complete bundle into a folder of its own, `<versions>/<dept>/<build-id>/`.
 * - `<out>/<dept>` is a symbolic link to the current one. A new bundle is published by creating a
 *   link under a temporary name beside it and renaming it over `<out>/<dept>`: rename(2) replaces
 *   the link in one step, so a reader opening `<out>/<dept>/…` gets the old bundle or the new one.
 *   A reader that must read several files of one bundle resolves the link once (`realpath`) and
 *   reads them all from there (the CLI's `openBundle` does).
 * - The previous version is kept (a reader that resolved it just before the swap can finish); older
 *   ones are removed.
 * - Builds of the same département take a lock, `<versions>/<dept>.lock`, holding the builder's
 *   pid and host. A second build waits for the first, saying so. A lock whose process is gone (a
 *   killed build) is stale and is taken over.
 */

/** Folder of the département's versions. */
function versionsOf(versionsDir: string, dept: string): string {
  return join(versionsDir, dept);
}

/** A fresh, unique build folder to write a new bundle into (not yet visible to readers). */
export function newVersionDir(versionsDir: string, dept: string): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  mkdirSync(versionsOf(versionsDir, dept), { recursive: true });
  // never an existing folder: that could be the current bundle, rewritten under its readers
  for (let n = 0; ; n++) {
    const dir = join(versionsOf(versionsDir, dept), `${stamp}-${process.pid}${n ? `-${n}` : ''}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** The folder the current bundle lives in (following the link), or null when there is none. */
export function currentBundleDir(outDir: string, dept: string): string | null {
  const pointer = join(outDir, dept);
  try {
    return realpathSync(pointer);
  } catch {
    return null;
  }
}

/**
 * Makes `versionDir` the current bundle of `dept` in one atomic rename, then removes versions older
 * than the one it replaced. A bundle of the former layout (a plain folder at `<out>/<dept>`) is
 * first moved among the versions: that one-time migration is the only moment without a bundle.
 */
export function publishVersion(outDir: string, versionsDir: string, dept: string, versionDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const pointer = join(outDir, dept);
  let previous: string | null = null;
  const existing = lstatOrNull(pointer);
  if (existing?.isSymbolicLink()) previous = currentBundleDir(outDir, dept);
  else if (existing?.isDirectory()) {
    previous = join(versionsOf(versionsDir, dept), `former-layout-${Date.now()}`);
    renameSync(pointer, previous);
  } else if (existing) {
    throw new CliError(`${pointer} existe et n’est ni un dossier ni un lien`, 'déplacez-le, puis relancez la construction');
  }
  const temporary = join(outDir, `.${dept}.link-${process.pid}`);
  rmSync(temporary, { force: true });
  symlinkSync(relative(outDir, versionDir), temporary, 'dir');
  renameSync(temporary, pointer);
  pruneVersions(versionsDir, dept, [versionDir, previous]);
}

/** Removes the département's versions other than those kept (the current and the one it replaced). */
function pruneVersions(versionsDir: string, dept: string, keep: (string | null)[]): void {
  const root = versionsOf(versionsDir, dept);
  const kept = new Set(keep.filter((k): k is string => k !== null).map((k) => resolve(k)));
  for (const name of readdirSync(root)) {
    const dir = resolve(root, name);
    if (!kept.has(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes a build folder that will not be published (a failed build). */
export function discardVersion(versionDir: string): void {
  rmSync(versionDir, { recursive: true, force: true });
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
}

function readOwner(lock: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lock, 'utf8')) as LockOwner;
    return typeof owner?.pid === 'number' && typeof owner.host === 'string' ? owner : null;
  } catch {
    return null;
  }
}

/** True when the owner's process still runs (on this host; a lock from another host is trusted). */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Tries to create the lock file with our identity; false when it already exists. */
function tryCreate(lock: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started_at: new Date().toISOString() } satisfies LockOwner));
  closeSync(fd);
  return true;
}

/**
 * Takes over a stale lock: renames it aside (only one contender can), checks that what it took is
 * the stale lock it judged, and puts back a live one it took by mistake.
 */
function breakStale(lock: string, stale: LockOwner | null): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // someone else took it over first
  }
  const taken = readOwner(aside);
  if (taken && stale && (taken.pid !== stale.pid || taken.started_at !== stale.started_at)) {
    try {
      linkSync(aside, lock);
    } catch {
      // a third build created a lock meanwhile: it holds it
    }
  }
  unlinkSync(aside);
}

export interface LockOptions {
  /** How long to wait for another build of the same département (ms). */
  waitMs: number;
  log: (line: string) => void;
}

/**
 * Runs `work` holding the build lock of `dept`. Waits while another live build holds it (saying so
 * once), takes over a stale lock (its process is gone), and gives up with a CliError after `waitMs`.
 */
export async function withBuildLock<T>(versionsDir: string, dept: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  mkdirSync(versionsDir, { recursive: true });
  const lock = join(versionsDir, `${dept}.lock`);
  const started = Date.now();
  let told = false;
  let unreadableSince: number | null = null;
  while (!tryCreate(lock)) {
    const owner = readOwner(lock);
    if (owner && !isAlive(owner)) {
      options.log(`note: stale build lock of ${dept} (process ${owner.pid} is gone): taken over`);
      breakStale(lock, owner);
      continue;
    }
    if (!owner) {
      // being written, or garbage: give a writer one second before calling it stale
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 1000 && existsSync(lock)) {
        breakStale(lock, null);
        unreadableSince = null;
        continue;
      }
    }
    if (Date.now() - started > options.waitMs) {
      throw new CliError(
        `une autre construction du département ${dept} est en cours${owner ? ` (processus ${owner.pid} sur ${owner.host}, depuis ${owner.started_at})` : ''} : attente abandonnée après ${Math.round(options.waitMs / 1000)} s`,
        `attendez qu’elle finisse et relancez ; si aucune construction ne tourne, supprimez ${lock}`,
      );
    }
    if (!told && owner) {
      options.log(`waiting: another build of ${dept} is running (process ${owner.pid}, since ${owner.started_at})…`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}
