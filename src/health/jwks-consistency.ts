import type { InspectedContainer } from '../docker/inspect-project.ts';
import { type CheckResult, timeCheck } from './check-result.ts';
import { HttpCheckError } from './http-client.ts';
import { fetchInside } from './replica-checks.ts';

// Every authz replica must publish the same key set: replicas with keys of their own make
// tokens verify at random.
export function sameKeysEverywhere(authz: InspectedContainer[]): Promise<CheckResult> {
  return timeCheck('jwks-consistency', `${authz.length} authz replicas`, async () => {
    const sets = new Map<string, string[]>();
    for (const container of authz) {
      const reply = await fetchInside(container, `http://127.0.0.1:${container.env['PORT'] ?? 3000}/jwks`);
      const kids = ((JSON.parse(reply.body) as { keys: { kid: string }[] }).keys ?? [])
        .map((key) => key.kid)
        .sort()
        .join(',');
      sets.set(kids, [...(sets.get(kids) ?? []), container.name]);
    }
    if (sets.size > 1) {
      const described = [...sets.entries()].map(([kids, names]) => `${names.join(' ')}: ${kids}`);
      throw new HttpCheckError(`replicas publish different keys: ${described.join('; ')}`);
    }
    return `the same ${[...sets.keys()][0]?.split(',').length ?? 0} keys on every replica`;
  });
}
