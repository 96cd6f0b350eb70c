import type { InspectedContainer } from '../docker/inspect-project.ts';
import type { CheckResult } from './check-result.ts';
import { HttpCheckError } from './http-client.ts';
import { expectProbeClient } from './protocol-checks.ts';
import { fetchBatchInside, type InsideRequest, type ReplicaReply } from './replica-probe.ts';

interface Probe {
  name: string;
  request: InsideRequest;
  // Turns the reply into the check's detail, or throws what is wrong.
  judge: (reply: ReplicaReply) => string;
}

function expectOk(path: string, reply: ReplicaReply): void {
  if (reply.status !== 200) {
    throw new HttpCheckError(`${path} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  }
}

// What each replica is asked, by service: every app replica its /livez and /readyz; authz its
// JWKS (compared across replicas afterwards); rs the probe's token at /api/me, which a replica
// with a stale key cache or a wrong audience would refuse while the proxy's pick passes.
function probesFor(container: InspectedContainer, probeClientId: string, token?: string): Probe[] {
  const base = `http://127.0.0.1:${container.env['PORT']}`;
  const probes: Probe[] = ['livez', 'readyz'].map((path) => ({
    name: path,
    request: { url: `${base}/${path}` },
    judge: (reply) => {
      expectOk(`/${path}`, reply);
      return `/${path} 200`;
    },
  }));
  if (container.service === 'authz') {
    probes.push({
      name: 'jwks-replica',
      request: { url: `${base}/jwks` },
      judge: (reply) => {
        expectOk('/jwks', reply);
        return kidsOf(reply.body);
      },
    });
  }
  if (container.service === 'rs' && token !== undefined) {
    probes.push({
      name: 'rs-replica',
      request: { url: `${base}/api/me`, token: true },
      judge: (reply) => {
        expectOk('/api/me', reply);
        expectProbeClient(JSON.parse(reply.body) as Record<string, unknown>, probeClientId);
        return 'accepted the token';
      },
    });
  }
  return probes;
}

function kidsOf(body: string): string {
  const keys = (JSON.parse(body) as { keys?: { kid: string }[] }).keys ?? [];
  return keys
    .map((key) => key.kid)
    .sort()
    .join(',');
}

// One `docker exec` per running replica, all replicas at once.
export async function probeEveryReplica(
  containers: InspectedContainer[],
  probeClientId: string,
  token?: string,
): Promise<CheckResult[]> {
  const running = containers.filter((c) => c.state === 'running' && c.env['PORT'] !== undefined);
  const rounds = await Promise.all(
    running.map(async (container) => {
      const probes = probesFor(container, probeClientId, token);
      const started = performance.now();
      let replies: ReplicaReply[] | undefined;
      let failure: string | undefined;
      try {
        replies = await fetchBatchInside(
          container,
          probes.map((p) => p.request),
          token,
        );
      } catch (error) {
        failure = (error as Error).message;
      }
      const durationMs = Math.round(performance.now() - started);
      return probes.map((probe, i): CheckResult => {
        const base = { name: probe.name, target: container.name, durationMs };
        if (replies === undefined) return { ...base, status: 'fail', detail: failure ?? '' };
        try {
          return { ...base, status: 'pass', detail: probe.judge(replies[i]!) };
        } catch (error) {
          return { ...base, status: 'fail', detail: (error as Error).message };
        }
      });
    }),
  );
  const checks = rounds.flat();
  const jwks = checks.filter((c) => c.name === 'jwks-replica');
  if (jwks.length > 0) checks.push(sameKeys(jwks));
  return checks.filter((c) => c.name !== 'jwks-replica' || c.status === 'fail');
}

// Every authz replica must publish the same key set: replicas with keys of their own make
// tokens verify at random.
function sameKeys(jwks: CheckResult[]): CheckResult {
  const sets = Map.groupBy(
    jwks.filter((c) => c.status === 'pass'),
    (c) => c.detail,
  );
  const base = { name: 'jwks-consistency', target: `${jwks.length} authz replicas`, durationMs: 0 };
  if (sets.size > 1) {
    const described = [...sets.entries()].map(
      ([kids, found]) => `${found.map((c) => c.target).join(' ')}: ${kids}`,
    );
    return {
      ...base,
      status: 'fail',
      detail: `replicas publish different keys: ${described.join('; ')}`,
    };
  }
  const kids = [...sets.keys()][0]?.split(',').length ?? 0;
  return {
    ...base,
    status: sets.size === 1 ? 'pass' : 'fail',
    detail: `the same ${kids} keys on every replica`,
  };
}
