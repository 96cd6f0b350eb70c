import createDebug from 'debug';
import { setTimeout as sleep } from 'node:timers/promises';
import { logTail } from '../../docker/compose-ps.ts';
import { runDocker } from '../../docker/run-docker.ts';
import { request } from '../../health/http-client.ts';
import { SecretsError } from '../secrets-error.ts';
import type { LiveStack } from './live-stack.ts';

const debug = createDebug('identity:rotate');

// A public path of each service through the proxy that any replica answers without side
// effects, and without a token: the answer's status does not matter, only who gave it.
const probePaths: Record<string, string> = {
  authz: '/.well-known/openid-configuration',
  idp: '/interaction/replica-probe',
  rs: '/api/me',
  spa: '/app/',
};

// The services name the replica that answered (its hostname, which Docker sets to the short
// container id). An image without that header gets this much time instead: the proxy checks every
// 2 s and takes a replica in after one passing check, and finds a new one through DNS in 1 s.
const replicaHeader = 'x-identity-replica';
const proxySettleMs = 5_000;

export interface Replica {
  id: string;
  name: string;
  service: string;
}

// Waits until a replica (re)started at `since` is healthy by its own healthcheck and then serves
// requests through the proxy; the next replica may go down only after that.
export async function waitReplicaReady(
  live: LiveStack,
  replica: Replica,
  since: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = since + timeoutMs;
  await waitHealthy(live, replica, since, deadline);
  await waitRoutable(live, replica, deadline);
  return Date.now() - since;
}

interface RawState {
  Status: string;
  ExitCode: number;
  StartedAt: string;
  Health?: { Status: string };
}

async function waitHealthy(
  live: LiveStack,
  replica: Replica,
  since: number,
  deadline: number,
): Promise<void> {
  for (;;) {
    const state = await inspectState(replica.id);
    const started = Date.parse(state.StartedAt);
    const health = state.Health?.Status ?? '';
    // Docker's clock and ours are the same host's; a second of slack covers rounding.
    const restarted = started >= since - 1_000;
    if (state.Status === 'exited' || state.Status === 'dead') {
      throw await replicaFailure(live, replica, `exited with code ${state.ExitCode}`);
    }
    if (restarted && state.Status === 'running' && health === 'unhealthy') {
      throw await replicaFailure(live, replica, 'became unhealthy');
    }
    if (restarted && state.Status === 'running' && (health === 'healthy' || health === '')) return;
    if (Date.now() > deadline) {
      const waited = Math.round((deadline - since) / 1000);
      const what = `is not healthy after ${waited} s (${health || state.Status})`;
      throw await replicaFailure(live, replica, what);
    }
    await sleep(500);
  }
}

async function inspectState(id: string): Promise<RawState> {
  const result = await runDocker(['inspect', '--format', '{{json .State}}', id]);
  return JSON.parse(result.stdout) as RawState;
}

async function waitRoutable(live: LiveStack, replica: Replica, deadline: number): Promise<void> {
  const path = probePaths[replica.service];
  if (path === undefined) return;
  const url = `${live.target.issuer}${path}`;
  let named = false;

  for (let round = 0; Date.now() <= deadline; round += 1) {
    // Round robin: as many requests as there can be replicas behind the proxy sees them all.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const answeredBy = await whoAnswers(url, live.target.caFile);
      named ||= answeredBy !== undefined;
      if (answeredBy !== undefined && replica.id.startsWith(answeredBy)) {
        debug('%s answers through the proxy', replica.name);
        return;
      }
    }
    if (!named && round >= 1) {
      debug(
        '%s: no %s header, waiting %d ms for the proxy',
        replica.name,
        replicaHeader,
        proxySettleMs,
      );
      await sleep(proxySettleMs);
      return;
    }
    await sleep(500);
  }
  throw new SecretsError(
    'roll-failed',
    `${replica.name} is healthy but the proxy does not send it requests`,
    { hint: `see \`identity logs proxy -p ${live.project}\`` },
  );
}

async function whoAnswers(url: string, caFile: string | undefined): Promise<string | undefined> {
  try {
    const response = await request(url, { caFile, timeoutMs: 3_000 });
    await response.arrayBuffer();
    return response.headers.get(replicaHeader) ?? undefined;
  } catch (error) {
    // A refused or timed-out request during a restart is what this loop waits out.
    debug('probe %s failed: %s', url, (error as Error).message);
    return undefined;
  }
}

async function replicaFailure(
  live: LiveStack,
  replica: Replica,
  what: string,
): Promise<SecretsError> {
  const logs = await logTail(live.project, replica.service, 10);
  return new SecretsError('roll-failed', `${replica.name} ${what}`, {
    hint: `see \`identity logs ${replica.service} -p ${live.project}\``,
    details: logs.length === 0 ? [] : [`last log lines of ${replica.service}:`, ...logs],
  });
}
