import createDebug from 'debug';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { catalog, isSecretName, specFor, type SecretName } from './catalog.ts';
import { cookieKeyProblems, parseCookieKeys, rotateCookieKeys } from './cookie-keys.ts';
import { jwksProblems } from './jwks-check.ts';
import { parseJwks } from './jwks.ts';
import { rotateJwks } from './jwks-rotation.ts';
import { generatePassword } from './passwords.ts';
import { rotateTls } from './rotate-tls.ts';
import { readExisting, readUsable } from './rotation-input.ts';
import { withRotationLock } from './rotation-lock.ts';
import { displayPath } from './secrets-dir.ts';
import { SecretsError } from './secrets-error.ts';
import { createSecretFile, rewriteSecretFile } from './write-secret-file.ts';

const debug = createDebug('identity:secrets');

export interface RotateResult {
  name: SecretName;
  files: string[];
  // Public identifiers of what was added and dropped (kids), or counts where there are none.
  added: string[];
  kept: number;
  dropped: string[];
  // Services that read the file and must take the new content.
  usedBy: string[];
  // What the running stack still has to do for the new content to count.
  takesEffect: string;
}

// Database passwords live in PostgreSQL too, so only a rotation on the running stack changes them.
export const databasePasswords: readonly SecretName[] = ['postgres_password', 'db_app_password'];

export function checkSecretName(name: string): SecretName {
  if (!isSecretName(name)) {
    throw new SecretsError('unknown-secret', `unknown secret "${name}"`, {
      hint: `expected one of ${catalog.map((spec) => spec.name).join(', ')}`,
    });
  }
  return name;
}

// The note for a rotation of the files alone: the services read them at start-up.
export function fileOnlyNote(name: SecretName): string {
  if (name === 'proxy_tls' || name === 'ca_cert') {
    return (
      'the proxy loads its certificate at start-up: restart it; ' +
      'clients that trust ca_cert must re-read it'
    );
  }
  const users = specFor(name).usedBy.join(' and ');
  return (
    `${users} read the file at start-up: run \`identity secrets rotate ${name} ` +
    '--project <name>` on the running stack instead, or restart their replicas one at a time'
  );
}

// `identity secrets rotate` without a running stack: the new value is written in place (a
// container started later mounts it), previous signing and cookie keys kept for an overlap.
export async function rotateSecret(options: { dir: string; name: string }): Promise<RotateResult> {
  const { dir } = options;
  const name = checkSecretName(options.name);
  if (databasePasswords.includes(name)) {
    throw new SecretsError(
      'needs-stack',
      `rotating ${name} changes the password in PostgreSQL too, so it needs the running stack`,
      {
        hint: 'start the stack, then run ' + `\`identity secrets rotate ${name} --project <name>\``,
      },
    );
  }

  return withRotationLock(dir, async () => {
    const rotated = await rotateFiles(dir, name);
    debug('rotated %s: %d added, %d kept', name, rotated.added.length, rotated.kept);
    return {
      ...rotated,
      usedBy: [...new Set(rotated.files.flatMap((file) => usersOf(file)))],
      takesEffect: fileOnlyNote(rotated.name),
    };
  });
}

type Rotated = Omit<RotateResult, 'usedBy' | 'takesEffect'>;

async function rotateFiles(dir: string, name: SecretName): Promise<Rotated> {
  const path = join(dir, name);
  const files = [displayPath(path)];

  switch (name) {
    case 'jwks': {
      const content = await readUsable(path, name, jwksProblems);
      const rotation = await rotateJwks(parseJwks(content));
      await rewriteSecretFile(path, name, rotation.content);
      const kept = parseJwks(rotation.content).keys.length - rotation.added.length;
      return { name, files, added: rotation.added, kept, dropped: rotation.dropped };
    }
    case 'cookie_keys': {
      const content = await readUsable(path, name, async (text) => cookieKeyProblems(text));
      const rotation = rotateCookieKeys(content);
      await rewriteSecretFile(path, name, rotation.content);
      const kept = parseCookieKeys(rotation.content).length - 1;
      const dropped = Array.from({ length: rotation.dropped }, () => 'an old key');
      return { name, files, added: ['a new key'], kept, dropped };
    }
    case 'proxy_tls':
    case 'ca_cert': {
      const { caPath, tlsPath, keptCas } = await rotateTlsFiles(dir);
      return {
        name: 'proxy_tls',
        files: [displayPath(caPath), displayPath(tlsPath)],
        added: ['a new CA and proxy certificate'],
        kept: keptCas,
        dropped: [],
      };
    }
    default: {
      // Client secrets: one value at a time, so no overlap; the client must use the new one.
      await readExisting(path);
      await rewriteSecretFile(path, name, generatePassword());
      return { name, files, added: ['a new value'], kept: 0, dropped: [] };
    }
  }
}

function usersOf(file: string): string[] {
  const name = file.split('/').at(-1) ?? '';
  return isSecretName(name) ? specFor(name).usedBy : [];
}

// A new CA and proxy certificate into ca_cert and proxy_tls; the paths written, CA first.
export async function rotateTlsFiles(
  dir: string,
): Promise<{ caPath: string; tlsPath: string; keptCas: number }> {
  const caPath = join(dir, 'ca_cert');
  const tlsPath = join(dir, 'proxy_tls');
  const rotation = await rotateTls(caPath);
  // The new CA first: clients that re-read ca_cert trust it before the proxy presents it.
  await writeOrCreate(caPath, 'ca_cert', rotation.caCertPem);
  await writeOrCreate(tlsPath, 'proxy_tls', rotation.proxyTlsPem);
  return { caPath, tlsPath, keptCas: rotation.keptCas };
}

export async function writeOrCreate(
  path: string,
  name: SecretName,
  content: string,
): Promise<void> {
  const exists = (await lstat(path).catch(() => undefined)) !== undefined;
  if (exists) await rewriteSecretFile(path, name, content);
  else await createSecretFile(path, content);
}
