import { inspectProject } from '../../docker/inspect-project.ts';
import { fetchInside } from '../../health/replica-probe.ts';
import { SecretsError } from '../secrets-error.ts';
import type { LiveStack } from './live-stack.ts';

// What services/rs uses when JWKS_COOLDOWN_MS is not set.
const defaultCooldownMs = 30_000;

// The rs replicas' minimum time between two fetches of the key set (JWKS_COOLDOWN_MS).
export function keyRefetchCooldownMs(live: LiveStack): number {
  const rs = live.stack.services.find((service) => service.name === 'rs');
  const configured = Number(rs?.environment['JWKS_COOLDOWN_MS'] ?? '');
  return rs?.environment['JWKS_COOLDOWN_MS'] !== undefined && Number.isInteger(configured)
    ? configured
    : defaultCooldownMs;
}

// Asks every authz replica on its own loopback for its key set: the new kids must be in all of
// them before any replica signs with one.
export async function expectKeysPublished(live: LiveStack, kids: string[]): Promise<void> {
  const authz = (await inspectProject(live.project, ['PORT'])).filter(
    (container) => container.service === 'authz' && container.state === 'running',
  );
  const lacking: string[] = [];
  for (const container of authz) {
    const url = `http://127.0.0.1:${container.env['PORT'] ?? 3000}/jwks`;
    const reply = await fetchInside(container, url);
    const published = (JSON.parse(reply.body) as { keys?: { kid?: string }[] }).keys ?? [];
    const missing = kids.filter((kid) => !published.some((key) => key.kid === kid));
    if (missing.length > 0) lacking.push(`${container.name} lacks ${missing.join(', ')}`);
  }
  if (lacking.length > 0) {
    throw new SecretsError('roll-failed', 'not every authz replica publishes the new keys', {
      details: lacking,
      hint:
        'the keys are published in the file but sign nowhere yet; ' +
        'restart the replicas named above, then rotate again',
    });
  }
}
