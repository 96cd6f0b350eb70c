import type { InspectedContainer } from '../docker/inspect-project.ts';
import { runDocker } from '../docker/run-docker.ts';
import { type CheckResult, timeCheck } from './check-result.ts';
import { HttpCheckError } from './http-client.ts';

// Checks run inside each replica (its own loopback), so every replica is checked and not just
// whichever one the proxy picks. Node is in the app image, so it makes the requests.
const fetchScript = `
const [url, withToken] = process.argv.slice(1);
let token = '';
if (withToken === 'token') for await (const chunk of process.stdin) token += chunk;
const headers = token ? { authorization: 'Bearer ' + token.trim() } : {};
const res = await fetch(url, { headers, signal: AbortSignal.timeout(4000) });
process.stdout.write(JSON.stringify({ status: res.status, body: await res.text() }));
`;

export interface ReplicaReply {
  status: number;
  body: string;
}

export async function fetchInside(
  container: InspectedContainer,
  url: string,
  token?: string,
): Promise<ReplicaReply> {
  const result = await runDocker(
    [
      'exec',
      ...(token === undefined ? [] : ['-i']),
      container.id,
      'node',
      '--input-type=module',
      '-e',
      fetchScript,
      url,
      token === undefined ? 'none' : 'token',
    ],
    { input: token, reject: false, timeoutMs: 10_000 },
  );
  if (result.exitCode !== 0) {
    throw new HttpCheckError(`${url} in ${container.name}: ${result.stderr.trim().split('\n').at(-1)}`);
  }
  return JSON.parse(result.stdout) as ReplicaReply;
}

export function replicaProbes(container: InspectedContainer): Promise<CheckResult>[] {
  const port = container.env['PORT'];
  if (port === undefined || container.state !== 'running') return [];
  return ['livez', 'readyz'].map((path) =>
    timeCheck(path, container.name, async () => {
      const reply = await fetchInside(container, `http://127.0.0.1:${port}/${path}`);
      if (reply.status !== 200) {
        throw new HttpCheckError(`/${path} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
      }
      return `/${path} 200`;
    }),
  );
}

export function containerCheck(container: InspectedContainer, oneShot: boolean): CheckResult {
  const base = { name: 'container', target: container.name, durationMs: 0 };
  if (oneShot) {
    const ok = container.state === 'exited' && container.exitCode === 0;
    return { ...base, status: ok ? 'pass' : 'fail', detail: ok ? 'completed' : `${container.state} (exit ${container.exitCode})` };
  }
  const lastProbe = container.probeLog.at(-1);
  const healthy = container.state === 'running' && (container.health === '' || container.health === 'healthy');
  const restarts = container.restartCount > 0 ? `, ${container.restartCount} restarts` : '';
  const oom = container.oomKilled ? ', killed for lack of memory (OOM)' : '';
  const probe = !healthy && lastProbe !== undefined ? `; last probe: ${lastProbe.output.slice(0, 300)}` : '';
  return {
    ...base,
    status: healthy ? 'pass' : 'fail',
    detail: `${container.state}${container.health === '' ? '' : `, ${container.health}`}${restarts}${oom}${probe}`,
  };
}
