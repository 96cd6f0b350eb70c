import { join } from 'node:path';
import { bundleDir } from '../paths.ts';
import { readEnvFile, updateEnvFile } from './env-file.ts';
import { imagesFor, roleImages, type Role } from './image-refs.ts';

// Which images the bundles use is written in deployments/compose/.env (git-ignored), which
// Compose reads for interpolation, so plain `docker compose -f ...` agrees with the CLI.
export type ImageMode = 'online' | 'offline';

export const envFilePath = join(bundleDir, '.env');

// The roles the offline kit switches; the observability images have no stand-in and keep their
// upstream refs in either mode.
const switchedRoles: readonly Role[] = ['app', 'node', 'postgres', 'proxy'];

export function refsFor(mode: ImageMode): Record<string, string> {
  const values: Record<string, string> = {};
  for (const role of switchedRoles) {
    const images = imagesFor(role);
    values[images.envKey] = mode === 'offline' ? (images.offline ?? images.online) : images.online;
  }
  return values;
}

export async function readSelection(path = envFilePath): Promise<Record<Role, string>> {
  const env = await readEnvFile(path);
  const selection = {} as Record<Role, string>;
  for (const images of roleImages) {
    const chosen = env.get(images.envKey);
    selection[images.role] = chosen === undefined || chosen === '' ? images.online : chosen;
  }
  return selection;
}

// The mode .env records: offline when it points the bundles at the kit's stand-ins.
export async function readMode(path = envFilePath): Promise<ImageMode | undefined> {
  const env = await readEnvFile(path);
  const postgres = env.get(imagesFor('postgres').envKey);
  if (postgres === undefined) return undefined;
  return postgres === imagesFor('postgres').offline ? 'offline' : 'online';
}

export async function writeSelection(
  mode: ImageMode,
  path = envFilePath,
): Promise<{ changed: boolean; values: Record<string, string> }> {
  const values = refsFor(mode);
  const { changed } = await updateEnvFile(path, values);
  return { changed, values };
}
