import type { InspectedContainer } from '../docker/inspect-project.ts';
import { type CheckResult, timeCheck } from './check-result.ts';
import { HttpCheckError } from './http-client.ts';
import { expectProbeClient } from './protocol-checks.ts';
import { fetchInside } from './replica-checks.ts';

// The probe's token at every rs replica, on its own loopback: through the proxy only one
// replica answers, and a replica with a stale JWKS cache or a wrong audience would pass unseen.
// The token reaches the replica on the stdin of `docker exec`, never on a command line.
export function rsAtEveryReplica(
  replicas: InspectedContainer[],
  accessToken: string,
  probeClientId: string,
): Promise<CheckResult[]> {
  return Promise.all(
    replicas.map((container) =>
      timeCheck('rs-replica', container.name, async () => {
        const url = `http://127.0.0.1:${container.env['PORT'] ?? 3002}/api/me`;
        const reply = await fetchInside(container, url, accessToken);
        if (reply.status !== 200) {
          throw new HttpCheckError(`${url} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
        }
        expectProbeClient(parseJson(reply.body, url), probeClientId);
        return 'accepted the token';
      }),
    ),
  );
}

function parseJson(body: string, url: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch (error) {
    throw new HttpCheckError(`${url} did not answer JSON`, { cause: error });
  }
}
