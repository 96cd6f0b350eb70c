import { stripVTControlCharacters } from 'node:util';
import { runCompose, runDocker } from './run-docker.ts';

// One container of a Compose project as `docker compose ps --format json` reports it.
export interface ContainerState {
  id: string;
  name: string;
  service: string;
  state: string; // created, running, restarting, exited, dead, paused
  health: string; // healthy, unhealthy, starting, or '' without a healthcheck
  exitCode: number;
  publishers: { url: string; targetPort: number; publishedPort: number }[];
}

interface RawPs {
  ID: string;
  Name: string;
  Service: string;
  State: string;
  Health: string;
  ExitCode: number;
  Publishers?: { URL: string; TargetPort: number; PublishedPort: number }[] | null;
}

function parsePsOutput(stdout: string): RawPs[] {
  const text = stdout.trim();
  if (text === '') return [];
  // Compose 2.21+ prints one JSON object a line; older ones print one array.
  if (text.startsWith('[')) return JSON.parse(text) as RawPs[];
  return text.split('\n').map((line) => JSON.parse(line) as RawPs);
}

export async function listContainers(project: string): Promise<ContainerState[]> {
  const result = await runCompose(project, [], ['ps', '--all', '--format', 'json']);
  return parsePsOutput(result.stdout)
    .map((raw) => ({
      id: raw.ID,
      name: raw.Name,
      service: raw.Service,
      state: raw.State,
      health: raw.Health ?? '',
      exitCode: raw.ExitCode ?? 0,
      publishers: (raw.Publishers ?? [])
        .filter((p) => p.PublishedPort > 0)
        .map((p) => ({ url: p.URL, targetPort: p.TargetPort, publishedPort: p.PublishedPort })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface HealthLogEntry {
  exitCode: number;
  output: string;
}

// The last healthcheck results Docker kept for a container (oldest first).
export async function healthLog(containerId: string): Promise<HealthLogEntry[]> {
  const result = await runDocker(['inspect', '--format', '{{json .State.Health}}', containerId], {
    reject: false,
  });
  if (result.exitCode !== 0) return [];
  const health = JSON.parse(result.stdout.trim() || 'null') as {
    Log?: { ExitCode: number; Output: string }[];
  } | null;
  return (health?.Log ?? []).map((entry) => ({
    exitCode: entry.ExitCode,
    output: entry.Output.trim(),
  }));
}

export async function logTail(project: string, service: string, lines: number): Promise<string[]> {
  const result = await runCompose(
    project,
    [],
    ['logs', '--no-color', '--no-log-prefix', '--tail', String(lines), service],
    { reject: false },
  );
  return stripVTControlCharacters(`${result.stdout}${result.stderr}`)
    .trim()
    .split('\n')
    .filter((line) => line !== '');
}
