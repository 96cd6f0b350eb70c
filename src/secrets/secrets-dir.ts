import { isAbsolute, relative, resolve } from 'node:path';
import { secretsDir } from '../paths.ts';

// The folder the secrets live in: an explicit option, then IDENTITY_SECRETS_DIR (tests and
// bring-your-own set-ups), then the folder beside the bundles that the bundles mount from.
export function resolveSecretsDir(explicit?: string): string {
  const chosen = explicit ?? process.env['IDENTITY_SECRETS_DIR'];
  return chosen === undefined || chosen === '' ? secretsDir : resolve(chosen);
}

// A path as the user should type it in a fix: relative to where they are when that is shorter
// and stays below the current folder, absolute otherwise.
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

// Quotes a path for a shell command only when it needs it.
export function shellPath(path: string): string {
  const shown = displayPath(path);
  return /^[\w./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", `'\\''`)}'`;
}
