import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { displayPath } from './secrets-dir.ts';
import { SecretsError } from './secrets-error.ts';

// One rotation at a time per folder: two at once would each keep the other's old keys out.
export async function withRotationLock<T>(dir: string, action: () => Promise<T>): Promise<T> {
  const lockPath = join(dir, '.rotate.lock');
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new SecretsError('busy', `another rotation holds ${displayPath(lockPath)}`, {
      hint: 'wait for it to finish; if none is running, remove that file',
      cause: error,
    });
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return await action();
  } finally {
    await rm(lockPath, { force: true });
  }
}
