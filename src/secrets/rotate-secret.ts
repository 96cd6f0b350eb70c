import createDebug from 'debug';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { catalog, isSecretName, specFor, type SecretName } from './catalog.ts';
import { cookieKeyProblems, parseCookieKeys, rotateCookieKeys } from './cookie-keys.ts';
import { jwksProblems } from './jwks-check.ts';
import { parseJwks } from './jwks.ts';
import { rotateJwks } from './jwks-rotation.ts';
import { generatePassword } from './passwords.ts';
import { rotateTls } from './rotate-tls.ts';
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

// Limitation: rotation does not yet tell running services to reload because that part needs
// the live stack; until then these notes say what an operator does by hand.
const takeEffectNotes: Record<string, string> = {
  jwks:
    'authz and idp sign with the new keys once they re-read /run/secrets/jwks; ' +
    'restart their replicas one at a time if they do not',
  cookie_keys:
    'authz and idp sign cookies with the new key once they re-read /run/secrets/cookie_keys; ' +
    'restart their replicas one at a time if they do not',
  proxy_tls:
    'the proxy loads its certificate at start-up: restart it; ' +
    'clients that trust ca_cert must re-read it',
  client:
    'authz and idp read client secrets at start-up: restart their replicas one at a time; ' +
    'the client must use the new secret from then on',
};

// The file side of `identity secrets rotate`: new value written in place (running containers
// see it through their bind mounts), previous signing and cookie keys kept for an overlap.
export async function rotateSecret(options: { dir: string; name: string }): Promise<RotateResult> {
  const { dir, name } = options;
  if (!isSecretName(name)) {
    throw new SecretsError('unknown-secret', `unknown secret "${name}"`, {
      hint: `expected one of ${catalog.map((spec) => spec.name).join(', ')}`,
    });
  }
  if (name === 'postgres_password' || name === 'db_app_password') {
    // Limitation: database passwords rotate only together with the database (ALTER ROLE on the
    // running postgres), which this version does not do yet because it needs the running stack.
    throw new SecretsError(
      'needs-stack',
      `rotating ${name} needs the running stack to change the password in PostgreSQL too, ` +
        'and this version cannot do that yet',
      { hint: 'see docs/secrets.md, "Database passwords", for the manual steps' },
    );
  }

  return withRotationLock(dir, async () => {
    const rotated = await rotateFiles(dir, name);
    debug('rotated %s: %d added, %d kept', name, rotated.added.length, rotated.kept);
    const note = takeEffectNotes[rotated.name] ?? takeEffectNotes['client']!;
    return {
      ...rotated,
      usedBy: [...new Set(rotated.files.flatMap((file) => usersOf(file)))],
      takesEffect: note,
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
      const caPath = join(dir, 'ca_cert');
      const tlsPath = join(dir, 'proxy_tls');
      const rotation = await rotateTls(caPath);
      // The new CA first: clients that re-read ca_cert trust it before the proxy presents it.
      await writeOrCreate(caPath, 'ca_cert', rotation.caCertPem);
      await writeOrCreate(tlsPath, 'proxy_tls', rotation.proxyTlsPem);
      return {
        name: 'proxy_tls',
        files: [displayPath(caPath), displayPath(tlsPath)],
        added: ['a new CA and proxy certificate'],
        kept: rotation.keptCas,
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

async function readExisting(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SecretsError(
      'invalid',
      `cannot rotate ${displayPath(path)}: ${code === 'ENOENT' ? 'it is missing' : `cannot read it (${code})`}`,
      {
        hint:
          code === 'ENOENT'
            ? 'run `identity secrets init` to create it'
            : 'run `identity secrets check`',
        cause: error,
      },
    );
  }
}

// Rotation keeps the previous keys, so they must be usable; an unusable file is fixed first.
async function readUsable(
  path: string,
  name: SecretName,
  problemsOf: (content: string) => Promise<string[]>,
): Promise<string> {
  const content = await readExisting(path);
  const problems = await problemsOf(content);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw new SecretsError(
      'invalid',
      `cannot rotate ${displayPath(path)}: rotation keeps its keys, but the file ` +
        `${problems[0]}${more}`,
      { hint: `run \`identity secrets check\` to see how to fix ${name}` },
    );
  }
  return content;
}

async function writeOrCreate(path: string, name: SecretName, content: string): Promise<void> {
  const exists = (await lstat(path).catch(() => undefined)) !== undefined;
  if (exists) await rewriteSecretFile(path, name, content);
  else await createSecretFile(path, content);
}
