import { dirname, join } from 'node:path';
import { CliError } from '../cli/cli-error.ts';
import type { ResolvedStack } from '../stack/resolved-stack.ts';
import type { ProtocolTarget } from './protocol-checks.ts';

// Reads the public issuer, the API audience and the probe client's secret file out of the
// resolved bundle, so the checks use exactly what the services were given.
export function protocolTargetOf(stack: ResolvedStack): ProtocolTarget {
  const authz = stack.services.find((service) => service.name === 'authz');
  const rs = stack.services.find((service) => service.name === 'rs');
  const issuer = authz?.environment['IDENTITY_ISSUER'];
  const secret = stack.secretFiles.find((s) => s.name === 'probe_client_secret');
  if (issuer === undefined || secret === undefined) {
    throw new CliError(
      'invalidBundle',
      'the bundle gives authz no IDENTITY_ISSUER or no probe_client_secret',
      {
        hint: 'render the bundle again with `identity render`',
      },
    );
  }
  return {
    issuer: issuer.replace(/\/$/, ''),
    audience: rs?.environment['RS_AUDIENCE'] ?? `${issuer}/api`,
    probeClientId: 'identity-probe',
    probeClientSecretFile: secret.file,
    caFile:
      stack.secretFiles.find((s) => s.name === 'ca_cert')?.file ?? caBeside(secret.file, issuer),
  };
}

// The local CA that signed prod's proxy certificate lives beside the other secret files.
export function caBeside(secretFile: string, issuer: string): string | undefined {
  return issuer.startsWith('https:') ? join(dirname(secretFile), 'ca_cert') : undefined;
}
