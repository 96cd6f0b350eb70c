import { readFileSync } from 'node:fs';

import type { ClientMetadata } from 'oidc-provider';

import { readSecretFile } from '../shared/file-env.ts';
import { ServiceError } from '../shared/service-error.ts';

// Reads CLIENTS_FILE: oidc-provider client metadata plus two extensions (docs/architecture.md,
// Clients): `client_secret_file` is read into `client_secret`, and `{origin}` in any string is
// replaced with the issuer's origin so one file serves every host port.
export function loadClients(path: string, issuer: string): ClientMetadata[] {
  const subject = `CLIENTS_FILE=${path}`;

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
    throw new ServiceError(`${subject} ${reason}`, { code: 'config_invalid', cause });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ServiceError(`${subject} is not JSON`, { code: 'config_invalid', cause });
  }
  if (!Array.isArray(parsed)) {
    throw new ServiceError(`${subject} is not a JSON array of clients`, { code: 'config_invalid' });
  }

  const origin = new URL(issuer).origin;
  return parsed.map((entry, index) => toClient(entry, `${subject} [${index}]`, origin));
}

function toClient(entry: unknown, subject: string, origin: string): ClientMetadata {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ServiceError(`${subject} is not an object`, { code: 'config_invalid' });
  }
  const { client_secret_file: secretFile, ...metadata } = replaceOrigin(entry, origin) as Record<
    string,
    unknown
  >;
  if (typeof metadata['client_id'] !== 'string' || metadata['client_id'] === '') {
    throw new ServiceError(`${subject} has no client_id`, { code: 'config_invalid' });
  }
  if (secretFile === undefined) return metadata as ClientMetadata;

  if (typeof secretFile !== 'string') {
    throw new ServiceError(`${subject} client_secret_file is not a path`, {
      code: 'config_invalid',
    });
  }
  if (metadata['client_secret'] !== undefined) {
    throw new ServiceError(
      `${subject} (client ${metadata['client_id']}) sets both client_secret and client_secret_file`,
      { code: 'config_conflict', hint: 'keep client_secret_file; secrets live in files' },
    );
  }
  const label = `client ${metadata['client_id']} client_secret_file`;
  return { ...metadata, client_secret: readSecretFile(label, secretFile) } as ClientMetadata;
}

function replaceOrigin(value: unknown, origin: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{origin}', origin);
  if (Array.isArray(value)) return value.map((item) => replaceOrigin(item, origin));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceOrigin(item, origin)]),
    );
  }
  return value;
}
