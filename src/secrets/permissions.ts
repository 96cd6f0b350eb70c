import { constants, type Stats } from 'node:fs';
import { access } from 'node:fs/promises';
import type { ContainerUser, SecretSpec } from './catalog.ts';
import { displayPath, shellPath } from './secrets-dir.ts';
import type { Problem } from './problem.ts';

// The documented scheme (docs/secrets.md): the folder 0700, owned by whoever ran init, keeps
// other host users out; every file 0444, because plain Compose bind-mounts it with its host owner
// and mode and ignores per-secret uid/gid/mode, so the non-root users in the containers read it
// as "other".
export const folderMode = 0o700;
export const fileMode = 0o444;

export function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

export function folderProblem(dir: string, stats: Stats): Problem | undefined {
  const where = displayPath(dir);
  if (!stats.isDirectory()) {
    return problem(where, 'is not a folder', `move it away, then run \`identity secrets init\``);
  }
  if ((stats.mode & 0o077) !== 0) {
    return problem(
      where,
      `has mode ${modeText(stats.mode)}, so other host users can reach the secrets (expected 0700)`,
      `${sudo(stats)}chmod 0700 ${shellPath(dir)}`,
    );
  }
  return undefined;
}

// The folder is 0700: only its owner (and root) can open it, so a check run as anyone else sees
// nothing and must say so rather than report every file as missing.
export async function folderAccessProblem(dir: string, stats: Stats): Promise<Problem | undefined> {
  try {
    await access(dir, constants.R_OK | constants.X_OK);
    return undefined;
  } catch {
    const uid = process.getuid?.() ?? '?';
    return problem(
      displayPath(dir),
      `cannot be opened by uid ${uid} (owner uid ${stats.uid}, mode ${modeText(stats.mode)})`,
      `run identity as the folder's owner (uid ${stats.uid}) or with sudo`,
    );
  }
}

export function fileModeProblem(spec: SecretSpec, file: string, stats: Stats): Problem | undefined {
  const mode = stats.mode & 0o777;
  if (mode === fileMode) return undefined;

  const fix = `${sudo(stats)}chmod 0444 ${shellPath(file)}`;
  const owner = `owner uid ${stats.uid}`;
  let what: string;
  if ((mode & 0o004) === 0) {
    what =
      `has mode ${modeText(mode)} (${owner}), so ${readersText(spec.readers)} cannot read it ` +
      '(Compose mounts it with this owner and mode)';
  } else if ((mode & 0o022) !== 0) {
    what = `has mode ${modeText(mode)} (${owner}), so other users can change it`;
  } else {
    what = `has mode ${modeText(mode)} (${owner}), expected 0444`;
  }
  return { secret: spec.name, file: displayPath(file), problem: what, fix };
}

export function readersText(readers: ContainerUser[]): string {
  if (readers.length === 0) return 'users other than its owner';
  const names = readers.map((user) =>
    user.uid === undefined ? `the ${user.name} user` : `uid ${user.uid} (${user.name})`,
  );
  return `the container ${readers.length === 1 ? 'user' : 'users'} ${names.join(' and ')}`;
}

// Whoever does not own a file needs root to change its mode.
function sudo(stats: Stats): string {
  const uid = process.getuid?.();
  return uid === undefined || uid === 0 || uid === stats.uid ? '' : 'sudo ';
}

function problem(file: string, what: string, fix: string): Problem {
  return { secret: undefined, file, problem: what, fix };
}
