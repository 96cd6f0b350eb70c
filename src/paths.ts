import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where things live, relative to the checkout the CLI runs from.
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const bundleDir = join(repoRoot, 'deployments', 'compose');

export const secretsDir = join(bundleDir, 'secrets');

export function bundlePath(profile: string): string {
  return join(bundleDir, `identity-${profile}.yml`);
}
