import { readdir, readFile } from 'node:fs/promises';
import { join, matchesGlob, relative, sep } from 'node:path';

// The files a `docker build` of a folder sends as its context: everything except what the
// folder's .dockerignore excludes. Patterns follow Docker's rules closely enough for a cache key:
// paths relative to the context, `**` across folders, `!` re-includes, the last match wins, and a
// pattern that matches a folder covers everything inside it.
export interface IgnoreRule {
  pattern: string;
  include: boolean;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const include = line.startsWith('!');
    const pattern = (include ? line.slice(1) : line).trim().replace(/^\/+/, '').replace(/\/+$/, '');
    if (pattern !== '') rules.push({ pattern, include });
  }
  return rules;
}

export function isIgnored(path: string, rules: IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (matchesGlob(path, rule.pattern) || matchesGlob(path, `${rule.pattern}/**`)) {
      ignored = !rule.include;
    }
  }
  return ignored;
}

// `ignoreFile` is the Dockerfile's own `<Dockerfile>.dockerignore` when it has one: BuildKit
// prefers it to the context's .dockerignore.
export async function listContextFiles(contextDir: string, ignoreFile?: string): Promise<string[]> {
  const rules = parseDockerignore(
    await readIgnoreFile(ignoreFile ?? join(contextDir, '.dockerignore')),
  );
  // Without re-includes an ignored folder cannot hold a sent file, so the walk skips it whole.
  const canPrune = rules.every((rule) => !rule.include);
  const files: string[] = [];

  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(contextDir, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!(canPrune && isIgnored(rel, rules))) await walk(path);
      } else if (!isIgnored(rel, rules)) {
        files.push(rel);
      }
    }
  }

  await walk(contextDir);
  return files.sort();
}

async function readIgnoreFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    // No ignore file: the whole folder is the context.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
