import { listContainers, type ContainerState } from '../../docker/compose-ps.ts';
import { runCompose, type RunResult } from '../../docker/run-docker.ts';
import { protocolTargetOf } from '../../health/protocol-target.ts';
import type { ProtocolTarget } from '../../health/protocol-checks.ts';
import { bundlePath } from '../../paths.ts';
import { loadState, type ProjectState } from '../../stack/project-state.ts';
import { type ResolvedStack, resolveStack } from '../../stack/resolved-stack.ts';

// A running stack as `identity start` left it: the bundle, overrides, Compose profiles and
// IDENTITY_* variables it was started with, so that every Compose call here resolves the same
// configuration and Compose recreates nothing it was not asked to touch.
export interface LiveStack {
  project: string;
  state: ProjectState;
  files: string[];
  stack: ResolvedStack;
  // Public issuer and CA, for requests through the proxy.
  target: ProtocolTarget;
}

// Loads the project's saved state and resolves its configuration; undefined when `start` did not
// start it or when none of its containers runs.
export async function loadLiveStack(project: string): Promise<LiveStack | undefined> {
  const state = await loadState(project);
  if (state === undefined) return undefined;
  const running = (await listContainers(project)).filter((c) => c.state === 'running');
  if (running.length === 0) return undefined;

  const files = [bundlePath(state.profile), ...state.files];
  const partial = { project, state, files };
  const config = await composeLive(partial, ['config', '--format', 'json']);
  const stack = resolveStack(JSON.parse(config.stdout) as Parameters<typeof resolveStack>[0]);
  return { ...partial, stack, target: protocolTargetOf(stack) };
}

// The environment Compose sees: the IDENTITY_* variables saved at start, and none of this shell's
// that start did not have (a different IDENTITY_HTTP_PORT would make a new replica publish
// another issuer).
export function composeEnv(state: ProjectState): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('IDENTITY_')) env[key] = undefined;
  }
  return { ...env, ...state.env };
}

// `docker compose` for this project with its files, Compose profiles and saved variables.
export function composeLive(
  live: Pick<LiveStack, 'project' | 'state' | 'files'>,
  args: string[],
): Promise<RunResult> {
  const profileArgs = live.state.composeProfiles.flatMap((profile) => ['--profile', profile]);
  return runCompose(live.project, live.files, [...profileArgs, ...args], {
    env: composeEnv(live.state),
  });
}

export async function runningReplicas(live: LiveStack, service: string): Promise<ContainerState[]> {
  const containers = await listContainers(live.project);
  return containers.filter((c) => c.service === service && c.state === 'running');
}

// The host path a secret is mounted from in this stack, when the stack mounts it.
export function mountedSecretFile(live: LiveStack, name: string): string | undefined {
  return live.stack.secretFiles.find((secret) => secret.name === name)?.file;
}
