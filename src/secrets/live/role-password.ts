import createDebug from 'debug';
import { listContainers } from '../../docker/compose-ps.ts';
import { runDocker } from '../../docker/run-docker.ts';
import type { SecretName } from '../catalog.ts';
import { generatePassword } from '../passwords.ts';
import { readExisting } from '../rotation-input.ts';
import { displayPath } from '../secrets-dir.ts';
import { SecretsError } from '../secrets-error.ts';
import { rewriteSecretFile } from '../write-secret-file.ts';
import type { LiveStack } from './live-stack.ts';
import { createScramVerifier } from './scram-verifier.ts';

const debug = createDebug('identity:rotate');

const rolePattern = /^[a-z_][a-z0-9_]{0,62}$/;

// Sets a role's password in the running PostgreSQL. psql runs inside the postgres container
// over its local socket, which needs no password (trust for local connections in both the
// upstream image and the offline stand-in); the statement goes on stdin and carries the SCRAM
// verifier, so the password is on no command line, in no environment and in no server log.
export async function setRolePassword(
  live: LiveStack,
  role: string,
  password: string,
): Promise<void> {
  if (!rolePattern.test(role)) {
    throw new SecretsError('database-failed', `role name "${role}" is not a plain identifier`, {
      hint: 'PGUSER and POSTGRES_USER in the bundle must be lowercase letters, digits and "_"',
    });
  }
  const [postgres] = (await listContainers(live.project)).filter((c) => c.service === 'postgres');
  if (postgres?.state !== 'running') {
    const state = postgres === undefined ? 'missing' : postgres.state;
    throw new SecretsError(
      'database-failed',
      `postgres is ${state} in project "${live.project}", so it cannot take a new password`,
      { hint: `see \`identity status -p ${live.project}\`` },
    );
  }

  const superuser = superuserOf(live);
  const statement = `ALTER ROLE "${role}" PASSWORD '${createScramVerifier(password)}';\n`;
  const result = await runDocker(
    [
      'exec',
      '--interactive',
      postgres.id,
      'psql',
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      `--username=${superuser}`,
      '--dbname=postgres',
    ],
    { input: statement, reject: false, timeoutMs: 30_000 },
  );
  if (result.exitCode !== 0) {
    const reason = result.stderr.trim().split('\n').at(-1) ?? `exit ${result.exitCode}`;
    throw new SecretsError(
      'database-failed',
      `PostgreSQL did not take the new password of role ${role}: ${reason}`,
      { hint: `see \`identity logs postgres -p ${live.project}\`` },
    );
  }
}

export function superuserOf(live: LiveStack): string {
  const postgres = live.stack.services.find((service) => service.name === 'postgres');
  return postgres?.environment['POSTGRES_USER'] ?? 'postgres';
}

export function appRoleOf(live: LiveStack): string {
  const authz = live.stack.services.find((service) => service.name === 'authz');
  return authz?.environment['PGUSER'] ?? 'identity_app';
}

// The file first, then the database; if the database refuses, the file gets its old value back,
// so the two never disagree for longer than the rotation.
// Limitation: a connection that a replica opens between the two steps (one docker exec, well
// under a second) reads the new password before PostgreSQL has it and fails, because a role has
// one password at a time. Replicas keep their open connections
// (PostgreSQL checks a password only when a connection opens), and the rolling restart after
// this gives each of them the new password.
export async function changeDatabasePassword(
  live: LiveStack,
  path: string,
  name: SecretName,
  role: string,
): Promise<void> {
  const previous = await readExisting(path);
  const next = generatePassword();
  await rewriteSecretFile(path, name, next);
  try {
    await setRolePassword(live, role, next);
  } catch (error) {
    await rewriteSecretFile(path, name, previous);
    debug('database step failed, %s rolled back', name);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SecretsError(
      'database-failed',
      `${reason}; ${displayPath(path)} is back to the previous value`,
      {
        hint: error instanceof SecretsError ? error.hint : undefined,
        cause: error,
      },
    );
  }
  debug('role %s has the new password', role);
}
