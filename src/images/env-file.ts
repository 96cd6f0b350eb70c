import { readFile, rename, writeFile } from 'node:fs/promises';

// deployments/compose/.env, which Compose reads for interpolation. Other parts of the CLI and
// the user may keep their own keys there: only the given keys change, every other line (and its
// order and comments) stays as it was.
export async function readEnvFile(path: string): Promise<Map<string, string>> {
  const text = await readOrEmpty(path);
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const entry = parseLine(line);
    if (entry !== undefined) values.set(entry.key, entry.value);
  }
  return values;
}

export function updateEnvText(text: string, values: Record<string, string>): string {
  const pending = new Map(Object.entries(values));
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');

  const updated = lines.map((line) => {
    const entry = parseLine(line);
    if (entry === undefined || !pending.has(entry.key)) return line;
    const value = pending.get(entry.key)!;
    pending.delete(entry.key);
    return `${entry.key}=${value}`;
  });
  for (const [key, value] of pending) updated.push(`${key}=${value}`);

  return `${updated.join('\n')}\n`;
}

export async function updateEnvFile(
  path: string,
  values: Record<string, string>,
): Promise<{ changed: boolean }> {
  const before = await readOrEmpty(path);
  const after = updateEnvText(before, values);
  if (after === before) return { changed: false };

  // Write beside and rename, so Compose never reads a half-written file.
  const partial = `${path}.partial-${process.pid}`;
  await writeFile(partial, after, { mode: 0o644 });
  await rename(partial, path);
  return { changed: true };
}

function parseLine(line: string): { key: string; value: string } | undefined {
  const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
  if (match === null) return undefined;
  return { key: match[1]!, value: unquote(match[2]!.trim()) };
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted === null ? value : quoted[2]!;
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
