import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretSpec } from './catalog.ts';

// One secret file as found on disk: its facts, and its content when this user can read it.
export interface FoundSecret {
  spec: SecretSpec;
  path: string;
  stats: Stats | undefined;
  content: string | undefined;
  // Why the content could not be read (errno code), when the file is there.
  readError: string | undefined;
}

export async function readSecret(dir: string, spec: SecretSpec): Promise<FoundSecret> {
  const path = join(dir, spec.name);
  // stat, not lstat: Compose follows a symlink to the file it mounts, and so does the check.
  const stats = await stat(path).catch(() => undefined);
  if (stats === undefined) return { spec, path, stats, content: undefined, readError: undefined };
  if (!stats.isFile()) return { spec, path, stats, content: undefined, readError: 'EISDIR' };
  try {
    const content = await readFile(path, 'utf8');
    return { spec, path, stats, content, readError: undefined };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { spec, path, stats, content: undefined, readError: code };
  }
}
