import { runDocker } from './run-docker.ts';

// What `docker inspect` says about a project's containers, reduced to what the CLI uses: no
// full environment is kept, only the variables asked for.
export interface InspectedContainer {
  id: string;
  name: string;
  service: string;
  state: string;
  health: string;
  exitCode: number;
  restartCount: number;
  oomKilled: boolean;
  env: Record<string, string>;
  secretSources: Record<string, string>;
  probeLog: { exitCode: number; output: string }[];
}

interface RawInspect {
  Id: string;
  Name: string;
  RestartCount: number;
  State: {
    Status: string;
    ExitCode: number;
    OOMKilled: boolean;
    Health?: { Status: string; Log?: { ExitCode: number; Output: string }[] };
  };
  Config: { Env?: string[]; Labels?: Record<string, string> };
  Mounts?: { Source: string; Destination: string }[];
}

export async function inspectProject(
  project: string,
  envKeys: string[],
): Promise<InspectedContainer[]> {
  const ids = await runDocker([
    'ps',
    '--all',
    '--quiet',
    '--filter',
    `label=com.docker.compose.project=${project}`,
  ]);
  const list = ids.stdout.split('\n').filter((id) => id !== '');
  if (list.length === 0) return [];
  const result = await runDocker(['inspect', ...list]);
  return (JSON.parse(result.stdout) as RawInspect[])
    .map((raw) => ({
      id: raw.Id.slice(0, 12),
      name: raw.Name.replace(/^\//, ''),
      service: raw.Config.Labels?.['com.docker.compose.service'] ?? '',
      state: raw.State.Status,
      health: raw.State.Health?.Status ?? '',
      exitCode: raw.State.ExitCode,
      restartCount: raw.RestartCount,
      oomKilled: raw.State.OOMKilled,
      env: pickEnv(raw.Config.Env ?? [], envKeys),
      secretSources: Object.fromEntries(
        (raw.Mounts ?? [])
          .filter((mount) => mount.Destination.startsWith('/run/secrets/'))
          .map((mount) => [mount.Destination.slice('/run/secrets/'.length), mount.Source]),
      ),
      probeLog: (raw.State.Health?.Log ?? []).map((entry) => ({
        exitCode: entry.ExitCode,
        output: entry.Output.trim(),
      })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function pickEnv(env: string[], keys: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const entry of env) {
    const separator = entry.indexOf('=');
    const key = entry.slice(0, separator);
    if (keys.includes(key)) picked[key] = entry.slice(separator + 1);
  }
  return picked;
}
