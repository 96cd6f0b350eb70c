import { execa } from 'execa';

// Every response of an app service names the replica that served it (its container hostname).
export const replicaHeader = 'x-identity-replica';

export interface Replica {
  id: string;
  name: string;
  service: string;
  // Docker sets the hostname to the short container id; the services send it in replicaHeader.
  hostname: string;
  startedAt: string;
  restartCount: number;
  state: string;
  exitCode: number;
}

interface RawContainer {
  Id: string;
  Name: string;
  RestartCount: number;
  State: { Status: string; StartedAt: string; ExitCode: number };
  Config: { Hostname: string; Labels: Record<string, string> };
}

// The containers of a Compose project, optionally of one service, by name.
export async function projectReplicas(project: string, service?: string): Promise<Replica[]> {
  const filters = ['--filter', `label=com.docker.compose.project=${project}`];
  if (service !== undefined)
    filters.push('--filter', `label=com.docker.compose.service=${service}`);
  const ids = String((await execa('docker', ['ps', '--all', '--quiet', ...filters])).stdout)
    .split('\n')
    .filter((id) => id !== '');
  if (ids.length === 0) return [];
  const raw = JSON.parse(
    String((await execa('docker', ['inspect', ...ids])).stdout),
  ) as RawContainer[];
  return raw
    .map((container) => ({
      id: container.Id,
      name: container.Name.replace(/^\//, ''),
      service: container.Config.Labels['com.docker.compose.service'] ?? '',
      hostname: container.Config.Hostname,
      startedAt: container.State.StartedAt,
      restartCount: container.RestartCount,
      state: container.State.Status,
      exitCode: container.State.ExitCode,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function hostnamesOf(project: string, service: string): Promise<string[]> {
  return (await projectReplicas(project, service)).map((replica) => replica.hostname).sort();
}

// Sends the same request through the proxy until every expected replica has answered or
// `maxRequests` were sent, and returns which replicas answered how often. Round robin needs
// only as many requests as replicas; the margin covers a replica that the proxy's health
// checks have not admitted yet.
export async function replicasAnswering(
  request: () => Promise<Response>,
  expected: string[],
  maxRequests = expected.length * 20,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let sent = 0; sent < maxRequests; sent += 1) {
    const response = await request();
    await response.arrayBuffer();
    const replica = response.headers.get(replicaHeader) ?? '(no replica header)';
    seen.set(replica, (seen.get(replica) ?? 0) + 1);
    if (expected.every((name) => seen.has(name))) break;
  }
  return seen;
}

export interface InsideReply {
  status: number;
  body: string;
}

// A GET made inside a container, on its own loopback, with node (in the app image). A bearer
// token travels on stdin, never on a command line.
const fetchScript = `
let token = '';
if (process.argv[2] === 'token') for await (const chunk of process.stdin) token += chunk;
const headers = token ? { authorization: 'Bearer ' + token.trim() } : {};
const res = await fetch(process.argv[1], { headers, signal: AbortSignal.timeout(5000) });
process.stdout.write(JSON.stringify({ status: res.status, body: await res.text() }));
`;

export async function fetchInside(
  containerId: string,
  url: string,
  token?: string,
): Promise<InsideReply> {
  const args = ['exec', ...(token === undefined ? [] : ['-i']), containerId];
  const result = await execa(
    'docker',
    [
      ...args,
      'node',
      '--input-type=module',
      '-e',
      fetchScript,
      url,
      token === undefined ? 'none' : 'token',
    ],
    { input: token ?? '' },
  );
  return JSON.parse(String(result.stdout)) as InsideReply;
}
