import createDebug from 'debug';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { specsForProfile, type ProfileName, type SecretName } from './catalog.ts';
import { generateCookieKeys } from './cookie-keys.ts';
import { generateJwks } from './jwks.ts';
import { generatePassword } from './passwords.ts';
import { SecretsError } from './secrets-error.ts';
import { issueTls } from './tls-generate.ts';
import { createSecretFile, ensureSecretsDir } from './write-secret-file.ts';
import { displayPath } from './secrets-dir.ts';

const debug = createDebug('identity:secrets');

export interface InitResult {
  profile: ProfileName;
  dir: string;
  folder: 'created' | 'existing';
  created: SecretName[];
  kept: SecretName[];
}

// Generates what a profile needs and is missing; never touches a file that exists.
export async function initSecrets(options: {
  dir: string;
  profile: ProfileName;
  onProgress?: (line: string) => void;
}): Promise<InitResult> {
  const { dir, profile } = options;
  const progress = options.onProgress ?? (() => {});
  const specs = specsForProfile(profile);
  const folder = await ensureSecretsDir(dir);
  const result: InitResult = { profile, dir, folder, created: [], kept: [] };

  const pending = await generatePendingTls(
    dir,
    specs.map((spec) => spec.name),
    progress,
  );
  for (const spec of specs) {
    const path = join(dir, spec.name);
    const content = (await present(path))
      ? undefined
      : (pending.get(spec.name) ?? (await generate(spec.name, progress)));
    if (content === undefined) {
      result.kept.push(spec.name);
      continue;
    }
    // Another init may have won the race since; createSecretFile keeps its file then.
    const outcome = await createSecretFile(path, content);
    debug('%s %s', outcome, spec.name);
    result[outcome].push(spec.name);
  }
  return result;
}

async function generate(
  name: SecretName,
  progress: (line: string) => void,
): Promise<string | undefined> {
  switch (name) {
    case 'postgres_password':
    case 'db_app_password':
    case 'demo_client_secret':
    case 'probe_client_secret':
      return generatePassword();
    case 'cookie_keys':
      return generateCookieKeys();
    case 'jwks':
      progress('generating signing keys (ES256, RS256)');
      return generateJwks();
    case 'proxy_tls':
    case 'ca_cert':
      // Issued together by generatePendingTls; reaching here means both exist.
      return undefined;
  }
}

// The CA and the proxy certificate are made together, because the CA's key is not kept: when
// both are missing both are issued; when only one is, nothing can complete the pair.
async function generatePendingTls(
  dir: string,
  names: SecretName[],
  progress: (line: string) => void,
): Promise<Map<SecretName, string>> {
  const pending = new Map<SecretName, string>();
  if (!names.includes('proxy_tls')) return pending;

  const [tls, ca] = await Promise.all(
    (['proxy_tls', 'ca_cert'] as const).map((name) => present(join(dir, name))),
  );
  if (tls && ca) return pending;
  if (tls !== ca) {
    const missing = tls ? 'ca_cert' : 'proxy_tls';
    const existing = tls ? 'proxy_tls' : 'ca_cert';
    throw new SecretsError(
      'incomplete-pair',
      `${displayPath(join(dir, missing))} is missing while ${existing} exists; ` +
        'they are issued together and the CA key is not kept',
      { hint: 'run `identity secrets rotate proxy_tls` to issue both anew' },
    );
  }

  progress('issuing a local CA and the proxy certificate');
  const issued = await issueTls();
  pending.set('proxy_tls', issued.proxyTlsPem);
  pending.set('ca_cert', issued.caCertPem);
  return pending;
}

async function present(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
