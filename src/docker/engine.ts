import { CliError } from '../cli/cli-error.ts';
import { DockerError } from './docker-error.ts';
import { runDocker } from './run-docker.ts';

// Docker Engine 25 is the first with healthcheck start_interval, which every bundle uses.
export const minimumEngineMajor = 25;
export const minimumComposeMajor = 2;

export interface EngineInfo {
  engineVersion: string;
  composeVersion: string;
}

function majorOf(version: string): number {
  return Number.parseInt(version.replace(/^v/, '').split('.')[0] ?? '', 10);
}

// Checks that a Docker Engine is reachable, new enough, and that Compose v2 is there; anything
// else is the docker exit code with what to do about it.
export async function checkEngine(): Promise<EngineInfo> {
  let engineVersion: string;
  try {
    const result = await runDocker(['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: 15_000,
    });
    engineVersion = result.stdout.trim();
  } catch (error) {
    const stderr = error instanceof DockerError ? error.facts.stderr.trim() : '';
    const notInstalled = error instanceof DockerError && error.code === 'docker-unavailable';
    throw new CliError(
      'docker',
      notInstalled
        ? 'docker is not installed or not on PATH'
        : `docker engine is not reachable: ${stderr.split('\n').at(-1) ?? 'no answer'}`,
      {
        cause: error,
        hint: notInstalled
          ? 'run scripts/setup.sh, or install Docker Engine 25+ and the Compose v2 plugin'
          : 'start the daemon (scripts/install-docker.sh starts it) or check DOCKER_HOST',
      },
    );
  }
  if (!(majorOf(engineVersion) >= minimumEngineMajor)) {
    throw new CliError(
      'docker',
      `docker engine ${engineVersion} is too old: ${minimumEngineMajor}.0 or newer is needed`,
      { hint: 'upgrade Docker Engine (healthcheck start_interval needs 25+)' },
    );
  }

  let composeVersion: string;
  try {
    const result = await runDocker(['compose', 'version', '--short'], { timeoutMs: 15_000 });
    composeVersion = result.stdout.trim();
  } catch (error) {
    throw new CliError('docker', 'docker compose v2 is not installed', {
      cause: error,
      hint: 'install the Compose v2 plugin (Debian: docker-compose 2.x; elsewhere docker-compose-plugin)',
    });
  }
  if (!(majorOf(composeVersion) >= minimumComposeMajor)) {
    throw new CliError('docker', `docker compose ${composeVersion} is too old: v2 is needed`, {
      hint: 'install the Compose v2 plugin',
    });
  }
  return { engineVersion, composeVersion };
}
