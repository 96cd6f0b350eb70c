import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runProtocolChecks } from '../../health/protocol-checks.ts';
import { specFor, type SecretName } from '../catalog.ts';
import {
  cookieKeyProblems,
  parseCookieKeys,
  promoteCookieKey,
  publishCookieKey,
} from '../cookie-keys.ts';
import { jwksProblems } from '../jwks-check.ts';
import { promoteKeys, publishNewKeys } from '../jwks-rotation.ts';
import { formatJwks, parseJwks } from '../jwks.ts';
import { generatePassword } from '../passwords.ts';
import { checkSecretName, rotateTlsFiles, type RotateResult } from '../rotate-secret.ts';
import { readExisting, readUsable } from '../rotation-input.ts';
import { withRotationLock } from '../rotation-lock.ts';
import { displayPath } from '../secrets-dir.ts';
import { SecretsError } from '../secrets-error.ts';
import { rewriteSecretFile } from '../write-secret-file.ts';
import { expectKeysPublished, keyRefetchCooldownMs } from './key-publication.ts';
import type { LiveStack } from './live-stack.ts';
import { reloadProxy } from './proxy-reload.ts';
import { appRoleOf, changeDatabasePassword, superuserOf } from './role-password.ts';
import { interrupted, type RollEvents, type RollStep, rollService } from './rolling-restart.ts';

export interface LiveRotateResult extends RotateResult {
  project: string;
  steps: RollStep[];
  elapsedMs: number;
}

interface LiveOptions {
  live: LiveStack;
  dir: string;
  timeoutMs: number;
  events: RollEvents;
  signal?: AbortSignal;
}

type Rotated = Pick<RotateResult, 'added' | 'kept' | 'dropped' | 'files' | 'takesEffect'>;

// `identity secrets rotate <name> --project P`: the new value in the file and, for database
// passwords, in PostgreSQL; then every replica that reads it restarted one at a time, so the
// stack serves throughout. Signing and cookie keys go in two steps (publish, then promote), each
// followed by a rolling restart, so no replica signs with a key another replica lacks.
export async function rotateLive(
  options: LiveOptions & { name: string },
): Promise<LiveRotateResult> {
  const name = checkSecretName(options.name);
  const started = Date.now();
  const steps: RollStep[] = [];
  // Ctrl-C (the CLI's interrupt event) stops the rotation at the next replica, not inside one.
  // Limitation: a second Ctrl-C exits at once, because the CLI's handler quits on it, and can
  // leave a replica added for the restart running.
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('identity:interrupt' as 'SIGINT', onInterrupt);
  const signal = controller.signal;
  const roll = async (services: string[]) => {
    for (const service of services) {
      steps.push(...(await rollService(options.live, service, { ...options, signal })));
    }
  };

  let rotated: Rotated;
  try {
    rotated = await withRotationLock(options.dir, () =>
      rotateOn(name, { ...options, signal }, roll),
    );
  } finally {
    process.off('identity:interrupt' as 'SIGINT', onInterrupt);
  }
  await expectStackWorks(options.live);
  return {
    name: name === 'ca_cert' ? 'proxy_tls' : name,
    ...rotated,
    usedBy: specFor(name).usedBy,
    project: options.live.project,
    steps,
    elapsedMs: Date.now() - started,
  };
}

type Roll = (services: string[]) => Promise<void>;

async function rotateOn(name: SecretName, options: LiveOptions, roll: Roll): Promise<Rotated> {
  const { live, dir, events } = options;
  const path = join(dir, name);
  const files = [displayPath(path)];
  const readers = readersIn(live, name);
  const restarted = `every replica of ${readers.join(' and ')} was restarted and reads it`;

  switch (name) {
    case 'jwks': {
      const content = await readUsable(path, name, jwksProblems);
      const published = await publishNewKeys(parseJwks(content));
      await rewriteSecretFile(path, name, formatJwks(published.set));
      events.progress(
        `jwks: published ${published.added.join(', ')}; the previous keys still sign`,
      );
      await roll(readers.filter((service) => service === 'authz'));
      const everyAuthzPublishes = Date.now();
      await roll(readers.filter((service) => service !== 'authz'));
      await expectKeysPublished(live, published.added);
      await waitOutRefetchCooldown(live, everyAuthzPublishes, events, options.signal);

      const promoted = promoteKeys(published.set, published.added);
      await rewriteSecretFile(path, name, formatJwks(promoted.set));
      events.progress(`jwks: promoted ${promoted.added.join(', ')}; they sign from now on`);
      await roll(readers);
      const kept = promoted.set.keys.length - promoted.added.length;
      return {
        files,
        added: promoted.added,
        kept,
        dropped: promoted.dropped,
        takesEffect: `the new keys sign; ${restarted}`,
      };
    }
    case 'cookie_keys': {
      const content = await readUsable(path, name, async (text) => cookieKeyProblems(text));
      const published = publishCookieKey(content);
      await rewriteSecretFile(path, name, published.content);
      events.progress('cookie_keys: published a new key; the previous key still signs');
      await roll(readers);

      const promoted = promoteCookieKey(published.content, published.key);
      await rewriteSecretFile(path, name, promoted.content);
      events.progress('cookie_keys: promoted the new key; it signs from now on');
      await roll(readers);
      const kept = parseCookieKeys(promoted.content).length - 1;
      const dropped = Array.from({ length: promoted.dropped }, () => 'an old key');
      return {
        files,
        added: ['a new key'],
        kept,
        dropped,
        takesEffect: `the new key signs; ${restarted}`,
      };
    }
    case 'postgres_password':
    case 'db_app_password': {
      const role = name === 'db_app_password' ? appRoleOf(live) : superuserOf(live);
      await changeDatabasePassword(live, path, name, role);
      events.progress(`${name}: PostgreSQL role ${role} and ${displayPath(path)} changed`);
      await roll(readers);
      const takesEffect =
        readers.length > 0
          ? `PostgreSQL has the new password; ${restarted}`
          : 'PostgreSQL has the new password; migrate reads it when it runs next';
      return { files, added: ['a new value'], kept: 0, dropped: [], takesEffect };
    }
    case 'proxy_tls':
    case 'ca_cert': {
      const { caPath, tlsPath, keptCas } = await rotateTlsFiles(dir);
      const reloadMs = await reloadProxy(live, tlsPath, options.timeoutMs);
      events.progress(`proxy_tls: the proxy serves the new certificate after ${reloadMs} ms`);
      return {
        files: [displayPath(caPath), displayPath(tlsPath)],
        added: ['a new CA and proxy certificate'],
        kept: keptCas,
        dropped: [],
        takesEffect:
          'the proxy serves the new certificate; clients that trust ca_cert must re-read it',
      };
    }
    default: {
      // Limitation: no overlap for client secrets, because a client has one secret in the
      // provider's metadata; while authz and idp restart, some replicas still take the old one.
      await readExisting(path);
      await rewriteSecretFile(path, name, generatePassword());
      events.progress(`${name}: new value written`);
      await roll(readers);
      const takesEffect = `${restarted}; the client must use the new secret from now on`;
      return { files, added: ['a new value'], kept: 0, dropped: [], takesEffect };
    }
  }
}

// rs replicas fetch the key set again when a token names an unknown kid, but at most once per
// cool-down. Promoting only when a cool-down has passed since every authz replica published the
// new keys means an rs replica either fetched after that (and has them) or may fetch again.
async function waitOutRefetchCooldown(
  live: LiveStack,
  since: number,
  events: RollEvents,
  signal: AbortSignal | undefined,
): Promise<void> {
  const waitMs = since + keyRefetchCooldownMs(live) - Date.now();
  if (waitMs <= 0) return;
  events.progress(
    `jwks: waiting ${(waitMs / 1000).toFixed(0)} s for the rs key refetch cool-down ` +
      'before promoting',
  );
  try {
    await sleep(waitMs, undefined, { signal });
  } catch (error) {
    if (signal?.aborted !== true) throw error;
    throw interrupted('the wait before promoting the new keys');
  }
}

// The long-running services of this stack that read the secret; one-shot jobs read it when
// they run next.
function readersIn(live: LiveStack, name: SecretName): string[] {
  return specFor(name)
    .usedBy.filter((service) => live.stack.services.some((s) => s.name === service && !s.oneShot))
    .filter((service) => service !== 'postgres' && service !== 'proxy');
}

async function expectStackWorks(live: LiveStack): Promise<void> {
  const failed = (await runProtocolChecks(live.target)).filter((check) => check.status === 'fail');
  if (failed.length > 0) {
    throw new SecretsError(
      'roll-failed',
      'the stack fails its protocol checks after the rotation',
      {
        details: failed.map((check) => `${check.name}: ${check.detail}`),
        hint: `run \`identity health -p ${live.project}\``,
      },
    );
  }
}
