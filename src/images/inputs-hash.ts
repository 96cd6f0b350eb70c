import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';

// A content hash over everything an image build reads: file names, contents and exec bits, plus
// named values (build args, the base image's id). Stored as an image label, it lets a rebuild be
// skipped when nothing changed, and it never depends on mtimes or the checkout's path.
export interface BuildInputs {
  // Files as [name in the hash, absolute path].
  files: [string, string][];
  values: Record<string, string>;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function hashInputs(inputs: BuildInputs): Promise<string> {
  const hash = createHash('sha256');
  const files = [...inputs.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, path] of files) {
    const stat = await lstat(path);
    const content = stat.isSymbolicLink() ? `link:${await readlink(path)}` : await sha256File(path);
    const executable = (stat.mode & 0o111) !== 0 ? 'x' : '-';
    hash.update(`file\0${name}\0${executable}\0${content}\n`);
  }
  for (const key of Object.keys(inputs.values).sort()) {
    hash.update(`value\0${key}\0${inputs.values[key]}\n`);
  }
  return `sha256:${hash.digest('hex')}`;
}

export function filesUnder(dir: string, names: string[], prefix = ''): [string, string][] {
  return names.map((name) => [`${prefix}${name}`, join(dir, name)]);
}
