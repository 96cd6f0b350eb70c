import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { readHostMirrors, type DebianMirrors } from './apt-mirrors.ts';
import { ImagesError } from './images-error.ts';
import { sha256File } from './inputs-hash.ts';
import { kitCacheDir, kitSourceDir, kitSuite } from './kit-cache.ts';

// The Debian root file system under every stand-in, made once by debootstrap and cached as a
// tarball with a small record of how it was made.
export interface DebianRootfs {
  tarPath: string;
  sha256: string;
  suite: string;
  mirrors: DebianMirrors;
  builtAt: string;
}

const tarPath = join(kitCacheDir, `debian-${kitSuite}-rootfs.tar`);
const recordPath = `${tarPath}.json`;

export async function ensureRootfs(
  refresh: boolean,
  progress: (line: string) => void,
): Promise<{ rootfs: DebianRootfs; reused: boolean }> {
  if (!refresh && existsSync(tarPath) && existsSync(recordPath)) {
    const rootfs = JSON.parse(await readFile(recordPath, 'utf8')) as DebianRootfs;
    return { rootfs: { ...rootfs, tarPath }, reused: true };
  }

  const mirrors = await readHostMirrors(kitSuite);
  progress(`debootstrap: Debian ${kitSuite} minbase from ${mirrors.archive}`);
  await mkdir(kitCacheDir, { recursive: true });
  await runDebootstrap(mirrors);

  const rootfs: DebianRootfs = {
    tarPath,
    sha256: await sha256File(tarPath),
    suite: kitSuite,
    mirrors,
    builtAt: new Date().toISOString(),
  };
  await writeFile(recordPath, `${JSON.stringify(rootfs, null, 2)}\n`);
  return { rootfs, reused: false };
}

async function runDebootstrap(mirrors: DebianMirrors): Promise<void> {
  const script = join(kitSourceDir, 'base', 'build-rootfs.sh');
  const args = [script, kitSuite, mirrors.archive, mirrors.security ?? '-', tarPath];
  const asRoot = process.getuid?.() === 0;
  // The script prints only to stderr; it is ours too, so the user sees debootstrap's progress.
  const result = await execa(asRoot ? 'bash' : 'sudo', asRoot ? args : ['bash', ...args], {
    stdout: 'ignore',
    stderr: 'inherit',
    reject: false,
  });
  if (result.exitCode === 0) return;

  const missing = result.exitCode === undefined;
  throw new ImagesError(
    'prerequisite-missing',
    missing
      ? `cannot run ${asRoot ? 'bash' : 'sudo'} to make the Debian root file system`
      : `making the Debian ${kitSuite} root file system failed (exit ${result.exitCode})`,
    {
      cause: result,
      hint: asRoot
        ? 'install debootstrap (apt-get install debootstrap) and check the mirror is reachable'
        : 'debootstrap needs root: run as root, or let sudo ask for a password',
    },
  );
}
