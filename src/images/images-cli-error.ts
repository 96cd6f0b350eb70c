import { CliError } from '../cli/cli-error.ts';
import { DockerError } from '../docker/docker-error.ts';
import { ImagesError } from './images-error.ts';

// How the images layer's failures reach the exit-code table: Docker itself failing is exit 3,
// a missing tool, download or failed build is exit 1 with what to do next.
export function toCliError(error: unknown): unknown {
  if (error instanceof ImagesError) {
    return new CliError('unexpected', error.message, { cause: error, hint: error.hint });
  }
  if (error instanceof DockerError) {
    const tail = error.facts.stderr.trim().split('\n').slice(-5);
    return new CliError('docker', error.message, {
      cause: error,
      details: tail.filter((line) => line !== ''),
      hint: 'check the Docker Engine (docker info), then run again',
    });
  }
  return error;
}
