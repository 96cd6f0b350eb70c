import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleDir } from '../paths.ts';
import type { Profile } from './profiles.ts';

// What `start` was asked for, kept per project so that later verbs (scale) resolve the bundle
// exactly as start did: the same profile, Compose profiles and IDENTITY_* variables. Without
// it, a different IDENTITY_HTTP_PORT in the shell would make Compose recreate the proxy.
export interface ProjectState {
  project: string;
  profile: Profile;
  composeProfiles: string[];
  // Override files layered over the bundle, absolute.
  files: string[];
  scale: Record<string, number>;
  env: Record<string, string>;
}

const stateDir = join(bundleDir, '.state');

function statePath(project: string): string {
  return join(stateDir, `${project}.json`);
}

export function identityEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith('IDENTITY_') && entry[1] !== undefined,
    ),
  );
}

export async function saveState(state: ProjectState): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(statePath(state.project), `${JSON.stringify(state, null, 2)}\n`);
}

export async function loadState(project: string): Promise<ProjectState | undefined> {
  try {
    return JSON.parse(await readFile(statePath(project), 'utf8')) as ProjectState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function forgetState(project: string): Promise<void> {
  await rm(statePath(project), { force: true });
}
