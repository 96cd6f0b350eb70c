import { DockerError } from '../docker/docker-error.ts';
import { runDocker } from '../docker/run-docker.ts';

// Facts about local images, read through the Docker adapter.
export interface LocalImage {
  id: string;
  sizeBytes: number;
  labels: Record<string, string>;
  created: string;
}

interface InspectJson {
  Id: string;
  Size: number;
  Created: string;
  Config?: { Labels?: Record<string, string> | null };
}

export async function inspectImage(ref: string): Promise<LocalImage | undefined> {
  const result = await runDocker(['image', 'inspect', '--format', '{{json .}}', ref], {
    reject: false,
  });
  if (result.exitCode !== 0) {
    if (/no such image/i.test(result.stderr)) return undefined;
    throw new DockerError(
      'command-failed',
      `docker image inspect ${ref} failed: ${result.stderr.trim()}`,
      {
        command: `docker image inspect ${ref}`,
        exitCode: result.exitCode,
        stderr: result.stderr,
        durationMs: 0,
      },
    );
  }
  const json = JSON.parse(result.stdout) as InspectJson;
  return {
    id: json.Id,
    sizeBytes: json.Size,
    labels: json.Config?.Labels ?? {},
    created: json.Created,
  };
}

export function formatSize(bytes: number): string {
  if (bytes >= 1_000_000_000) return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000).toFixed(1)} kB`;
}
