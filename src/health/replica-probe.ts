import type { InspectedContainer } from '../docker/inspect-project.ts';
import { runDocker } from '../docker/run-docker.ts';
import { HttpCheckError } from './http-client.ts';

// Requests made inside a replica, on its own loopback, so that every replica is checked and not
// just whichever one the proxy picks. All of a replica's requests go in one `docker exec` of
// node (which the app image has): one process start per replica, not per request. A token
// reaches the replica on stdin, never on a command line.
const batchScript = `
const requests = JSON.parse(process.argv[1]);
let token = '';
if (requests.some((r) => r.token)) for await (const chunk of process.stdin) token += chunk;
const replies = await Promise.all(requests.map(async (r) => {
  try {
    const headers = r.token ? { authorization: 'Bearer ' + token.trim() } : {};
    const res = await fetch(r.url, { headers, signal: AbortSignal.timeout(4000) });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    return { status: 0, body: String(error.cause?.code ?? error.message) };
  }
}));
process.stdout.write(JSON.stringify(replies));
`;

export interface InsideRequest {
  url: string;
  // Send the bearer token given to fetchBatchInside.
  token?: boolean;
}

export interface ReplicaReply {
  status: number;
  body: string;
}

export async function fetchBatchInside(
  container: InspectedContainer,
  requests: InsideRequest[],
  token?: string,
): Promise<ReplicaReply[]> {
  const withToken = requests.some((r) => r.token === true);
  const result = await runDocker(
    [
      'exec',
      ...(withToken ? ['-i'] : []),
      container.id,
      'node',
      '--input-type=module',
      '-e',
      batchScript,
      JSON.stringify(requests),
    ],
    { input: withToken ? token : undefined, reject: false, timeoutMs: 15_000 },
  );
  if (result.exitCode !== 0) {
    const reason = result.stderr.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`;
    throw new HttpCheckError(`docker exec in ${container.name}: ${reason}`);
  }
  return JSON.parse(result.stdout) as ReplicaReply[];
}

export async function fetchInside(
  container: InspectedContainer,
  url: string,
  token?: string,
): Promise<ReplicaReply> {
  const [reply] = await fetchBatchInside(container, [{ url, token: token !== undefined }], token);
  return reply!;
}
