import { randomBytes } from 'node:crypto';
import { chmod, link, lstat, mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileMode, folderMode, folderProblem } from './permissions.ts';
import { SecretsError } from './secrets-error.ts';

// Creates the folder with mode 0700 when it is missing; refuses a folder that exists with a mode
// that lets others in, rather than changing what someone set up.
export async function ensureSecretsDir(dir: string): Promise<'created' | 'existing'> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing === undefined) {
    await mkdir(dir, { recursive: true, mode: folderMode });
    // mkdir's mode passes through the umask; the scheme needs exactly 0700.
    await chmod(dir, folderMode);
    return 'created';
  }
  const problem = folderProblem(dir, existing);
  if (problem !== undefined) {
    throw new SecretsError('folder-unsafe', `secrets folder ${problem.file} ${problem.problem}`, {
      hint: problem.fix,
    });
  }
  return 'existing';
}

// Writes a new secret file with mode 0444, whole or not at all, and never over an existing one:
// the content goes to a private temporary file that is then hard-linked to the final name, which
// fails when the name exists.
export async function createSecretFile(path: string, content: string): Promise<'created' | 'kept'> {
  if (await exists(path)) return 'kept';

  const temporary = join(dirname(path), `.tmp-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temporary, content, { mode: 0o600, flag: 'wx', flush: true });
    await chmod(temporary, fileMode);
    await link(temporary, path);
    return 'created';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await exists(path))) return 'kept';
    throw new SecretsError('io', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await rm(temporary, { force: true });
  }
}

// Replaces a secret file's content in place, keeping its inode, owner and mode: Compose
// bind-mounts the file itself, so a rename would leave running containers on the old inode.
// The new content is written to a recovery copy first, so a crash mid-write loses nothing.
//
// Limitation: a reader can see a half-written file for the microseconds of the write because
// an in-place write cannot be atomic; the content goes in one write call, and the one reader
// that reads while a stack runs (the database pool, per new connection) reads again next time.
export async function rewriteSecretFile(
  path: string,
  name: string,
  content: string,
): Promise<void> {
  const before = await stat(path);
  const recovery = join(dirname(path), `.${name}.next`);
  const buffer = Buffer.from(content);
  // A copy left by a crashed rotation is stale; without write permission it cannot be rewritten.
  await rm(recovery, { force: true });
  await writeFile(recovery, buffer, { mode: 0o400, flush: true });

  // The owner needs write permission on a 0444 file (root does not); adding only the owner's
  // write bit keeps the file readable by the containers all along.
  const needsWriteBit = process.getuid?.() !== 0 && (before.mode & 0o200) === 0;
  if (needsWriteBit) await chmod(path, (before.mode & 0o777) | 0o200);
  try {
    const handle = await open(path, 'r+');
    try {
      // Writing before truncating: a longer new content never shows an empty file.
      await handle.write(buffer, 0, buffer.length, 0);
      await handle.truncate(buffer.length);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new SecretsError('io', `cannot rewrite ${path}: ${(error as Error).message}`, {
      hint: `the new content is kept in ${recovery}`,
      cause: error,
    });
  } finally {
    if (needsWriteBit) await chmod(path, before.mode & 0o777);
  }
  await rm(recovery, { force: true });
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
