import createDebug from 'debug';
import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkEngine } from '../../docker/engine.ts';
import { loadState } from '../../stack/project-state.ts';
import type { SecretName } from '../catalog.ts';
import { displayPath, resolveSecretsDir } from '../secrets-dir.ts';
import { SecretsError } from '../secrets-error.ts';
import { type LiveStack, loadLiveStack, mountedSecretFile } from './live-stack.ts';

const debug = createDebug('identity:rotate');

export type RotationTarget =
  { kind: 'files'; dir: string } | { kind: 'live'; dir: string; live: LiveStack };

// Where a rotation happens. With --project, on that running stack, in the folder it mounts its
// secrets from. Without it, on the default project only when `identity start` started it and it
// mounts the very folder the verbs use; otherwise in the folder alone, as before a stack runs.
export async function chooseRotationTarget(options: {
  name: SecretName;
  project: string;
  explicitProject: boolean;
}): Promise<RotationTarget> {
  const { project, explicitProject } = options;
  const fromEnv = process.env['IDENTITY_SECRETS_DIR'];
  const chosenDir = fromEnv === undefined || fromEnv === '' ? undefined : resolve(fromEnv);
  const files = { kind: 'files', dir: resolveSecretsDir() } as const;

  if (!explicitProject) {
    if ((await loadState(project)) === undefined) return files;
    try {
      await checkEngine();
    } catch (error) {
      // Without an engine nothing runs, so there is nothing to restart: the files alone change.
      debug('no engine, rotating the files only: %s', (error as Error).message);
      return files;
    }
  } else {
    await checkEngine();
  }

  const live = await loadLiveStack(project);
  if (live === undefined) {
    if (!explicitProject) return files;
    throw new SecretsError('not-running', `project "${project}" is not running`, {
      hint:
        `start it with \`identity start -p ${project}\`, or rotate without --project to ` +
        'change the files alone',
    });
  }

  const mounted = mountedSecretFile(live, options.name === 'ca_cert' ? 'proxy_tls' : options.name);
  if (mounted === undefined) {
    if (!explicitProject) return files;
    throw new SecretsError(
      'not-running',
      `project "${project}" does not use ${options.name} (profile ${live.state.profile})`,
      { hint: 'rotate without --project to change the file alone' },
    );
  }

  const mountedDir = dirname(mounted);
  const wanted = chosenDir ?? (explicitProject ? mountedDir : resolveSecretsDir());
  if (!(await sameFolder(wanted, mountedDir))) {
    if (!explicitProject) return files;
    throw new SecretsError(
      'folder-mismatch',
      `project "${project}" mounts its secrets from ${displayPath(mountedDir)}, ` +
        `but IDENTITY_SECRETS_DIR is ${displayPath(wanted)}`,
      { hint: 'unset IDENTITY_SECRETS_DIR, or point it at the folder the project mounts' },
    );
  }
  return { kind: 'live', dir: mountedDir, live };
}

async function sameFolder(a: string, b: string): Promise<boolean> {
  const real = (path: string) => realpath(path).catch(() => resolve(path));
  return (await real(a)) === (await real(b));
}
