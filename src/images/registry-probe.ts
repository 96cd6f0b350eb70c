import createDebug from 'debug';
import { DockerError } from '../docker/docker-error.ts';
import { runDocker } from '../docker/run-docker.ts';

const debug = createDebug('identity:images');

// Whether a container registry answers, asked for a ref the bundles need. `docker manifest
// inspect` reads only the manifest (no layers), so it answers in about a second either way.
// Limitation: the probe runs in the docker CLI, not the daemon, so a registry mirror set only in
// the daemon's configuration is not seen and the machine counts as offline (the kit still works).
export interface RegistryProbe {
  reachable: boolean;
  ref: string;
  reason: string;
}

export const registryProbeTimeoutMs = 10_000;

export async function probeRegistry(
  ref: string,
  timeoutMs = registryProbeTimeoutMs,
): Promise<RegistryProbe> {
  try {
    const result = await runDocker(['manifest', 'inspect', ref], { timeoutMs, reject: false });
    const reason = result.exitCode === 0 ? 'manifest found' : lastLine(result.stderr);
    debug('registry probe %s: exit %d, %s', ref, result.exitCode, reason);
    return { reachable: result.exitCode === 0, ref, reason };
  } catch (error) {
    // A timeout surfaces as docker-unavailable; the engine itself was checked before the probe,
    // so any failure here means no registry.
    if (!(error instanceof DockerError)) throw error;
    debug('registry probe %s failed: %s', ref, error.message);
    return { reachable: false, ref, reason: error.message };
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? 'no output';
}
