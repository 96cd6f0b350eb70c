import { runDocker } from '../../docker/run-docker.ts';
import { SecretsError } from '../secrets-error.ts';
import { composeLive, type LiveStack, runningReplicas } from './live-stack.ts';
import { type Replica, waitReplicaReady } from './replica-ready.ts';

export interface RollEvents {
  progress(line: string): void;
}

export interface RollStep {
  service: string;
  replica: string;
  action: 'added' | 'restarted' | 'removed';
  readyMs: number;
}

// Restarts every replica of a service one at a time, each ready (healthy, and served by the
// proxy) before the next goes down, so the service never stops answering. A service with one
// replica first gets a second one, which reads the files as they are now, and loses it again at
// the end; Compose is told not to recreate or start anything else.
export async function rollService(
  live: LiveStack,
  service: string,
  options: { timeoutMs: number; events: RollEvents; signal: AbortSignal },
): Promise<RollStep[]> {
  const { events, signal } = options;
  if (signal.aborted) throw interrupted(service);
  const originals = await runningReplicas(live, service);
  if (originals.length === 0) {
    events.progress(`${service}: no replica runs, nothing to restart`);
    return [];
  }

  const steps: RollStep[] = [];
  let surge: (Replica & { readyMs: number }) | undefined;
  if (originals.length === 1) {
    surge = await addReplica(live, service, originals, options.timeoutMs);
    steps.push({ service, replica: surge.name, action: 'added', readyMs: surge.readyMs });
    events.progress(`${service}: added ${surge.name}, ready in ${seconds(surge.readyMs)}`);
  }

  for (const [index, replica] of originals.entries()) {
    // Interrupted: the replicas restarted so far stay, the extra one goes, nothing else starts.
    if (signal.aborted) break;
    const since = Date.now();
    await runDocker(['restart', replica.id]);
    const readyMs = await waitReplicaReady(live, replica, since, options.timeoutMs);
    steps.push({ service, replica: replica.name, action: 'restarted', readyMs });
    events.progress(
      `${service}: restarted ${replica.name} (${index + 1}/${originals.length}), ` +
        `ready in ${seconds(readyMs)}`,
    );
  }

  if (surge !== undefined) steps.push(await removeReplica(live, service, surge, originals, events));
  if (signal.aborted) throw interrupted(service);
  return steps;
}

export function interrupted(where: string): SecretsError {
  return new SecretsError('interrupted', `rotation interrupted at ${where}`, {
    hint:
      'the replicas restarted so far read the file as it is now; ' +
      'run the same rotation again to complete it',
  });
}

async function removeReplica(
  live: LiveStack,
  service: string,
  surge: Replica,
  originals: Replica[],
  events: RollEvents,
): Promise<RollStep> {
  const started = Date.now();
  await scaleTo(live, service, originals.length);
  const left = await runningReplicas(live, service);
  if (left.length !== originals.length) {
    throw new SecretsError(
      'roll-failed',
      `${service} runs ${left.length} replicas after scaling back, expected ${originals.length}`,
      { hint: `run \`identity status -p ${live.project}\` and scale it back by hand` },
    );
  }
  const gone = [surge, ...originals].find((replica) => !left.some((c) => c.id === replica.id));
  const removed = gone?.name ?? surge.name;
  events.progress(`${service}: back to ${originals.length} replica, removed ${removed}`);
  return { service, replica: removed, action: 'removed', readyMs: Date.now() - started };
}

// Limitation: the added replica runs the image its tag names now, which after an
// `identity images build` is a newer build than the others run, for the minute it lives.
async function addReplica(
  live: LiveStack,
  service: string,
  originals: Replica[],
  timeoutMs: number,
): Promise<Replica & { readyMs: number }> {
  const since = Date.now();
  await scaleTo(live, service, originals.length + 1);
  const added = (await runningReplicas(live, service)).find(
    (c) => !originals.some((original) => original.id === c.id),
  );
  if (added === undefined) {
    throw new SecretsError('roll-failed', `Compose started no extra replica of ${service}`, {
      hint: `run \`identity status -p ${live.project}\``,
    });
  }
  const readyMs = await waitReplicaReady(live, added, since, timeoutMs);
  return { ...added, readyMs };
}

// `up --no-deps --no-recreate --scale` touches this one service: existing replicas keep running
// as they are, and Compose adds or removes replicas to reach the count.
async function scaleTo(live: LiveStack, service: string, count: number): Promise<void> {
  await composeLive(live, [
    'up',
    '--detach',
    '--no-deps',
    '--no-recreate',
    '--scale',
    `${service}=${count}`,
    service,
  ]);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
