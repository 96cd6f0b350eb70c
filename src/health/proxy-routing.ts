import { proxyPorts } from '../model/app-services.ts';
import { type InspectedContainer, inspectProject } from '../docker/inspect-project.ts';
import { runDocker } from '../docker/run-docker.ts';
import { type CheckResult, timeCheck } from './check-result.ts';
import { HttpCheckError } from './http-client.ts';

// A replica that Docker calls healthy gets traffic only once the proxy has resolved it through
// Docker DNS and its own check on /readyz has passed, a few seconds later. Until then round
// robin skips it, so this check compares, per backend, the servers the proxy routes to with the
// running replicas. The proxy's stats listen on its loopback only: read them through
// `docker exec` with bash, which both the upstream image and the offline stand-in have.
const readStats = [
  `exec 3<>/dev/tcp/127.0.0.1/${proxyPorts.stats}`,
  `printf 'GET /stats;csv HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3`,
  'cat <&3',
].join(' && ');

const name = 'proxy-routing';

export interface BackendServer {
  backend: string;
  server: string;
  status: string;
}

export function parseStatsCsv(reply: string): BackendServer[] {
  const body = reply.slice(reply.indexOf('# pxname'));
  const [header = '', ...rows] = body.split('\n').filter((line) => line.trim() !== '');
  const columns = header.replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  return rows
    .map((row) => row.split(','))
    .map((cells) => ({
      backend: cells[at('pxname')] ?? '',
      server: cells[at('svname')] ?? '',
      status: cells[at('status')] ?? '',
    }))
    .filter((row) => row.server !== 'FRONTEND' && row.server !== 'BACKEND');
}

// Per backend: how many servers are UP against how many replicas run. Slots that DNS has not
// filled are in maintenance and count as neither.
export function compareRouting(
  servers: BackendServer[],
  containers: InspectedContainer[],
): string[] {
  const problems: string[] = [];
  for (const backend of [...new Set(servers.map((server) => server.backend))].sort()) {
    const running = containers.filter((c) => c.service === backend && c.state === 'running');
    const mine = servers.filter((server) => server.backend === backend);
    const up = mine.filter((server) => server.status.startsWith('UP'));
    if (up.length === running.length) continue;
    const pending = mine
      .filter((server) => !server.status.startsWith('UP') && server.status !== 'MAINT (resolution)')
      .map((server) => `${server.server} ${server.status}`);
    const why = pending.length === 0 ? '' : ` (${pending.join(', ')})`;
    problems.push(`${backend}: ${up.length} of ${running.length} replicas in rotation${why}`);
  }
  return problems;
}

export async function proxyRoutesEveryReplica(
  containers: InspectedContainer[],
): Promise<CheckResult> {
  const proxy = containers.find((c) => c.service === 'proxy' && c.state === 'running');
  const target = proxy?.name ?? 'proxy';
  if (proxy === undefined) {
    return { name, target, status: 'fail', durationMs: 0, detail: 'no running proxy container' };
  }
  const started = performance.now();
  const result = await runDocker(['exec', proxy.id, 'bash', '-c', readStats], {
    reject: false,
    timeoutMs: 10_000,
  });
  if (result.exitCode !== 0 && /connection refused/i.test(result.stderr)) {
    // A proxy created from a bundle rendered before the stats listener existed: nothing to ask.
    const detail = 'skipped: the proxy has no stats listener; recreate it with `identity start`';
    const durationMs = Math.round(performance.now() - started);
    return { name, target, status: 'skip', durationMs, detail };
  }
  return timeCheck(name, target, async () => {
    if (result.exitCode !== 0) {
      const reason = result.stderr.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`;
      throw new HttpCheckError(`cannot read the proxy's backend states: ${reason}`);
    }
    const servers = parseStatsCsv(result.stdout);
    const problems = compareRouting(servers, containers);
    if (problems.length > 0) throw new HttpCheckError(problems.join('; '));
    const up = servers.filter((server) => server.status.startsWith('UP')).length;
    return `routes to every running replica (${up} servers up)`;
  });
}

export async function checkProxyRouting(project: string): Promise<CheckResult> {
  return proxyRoutesEveryReplica(await inspectProject(project, []));
}
