import { readFile } from 'node:fs/promises';
import { type CheckResult, timeCheck } from './check-result.ts';
import { expectJson, HttpCheckError, request } from './http-client.ts';

export interface ProtocolTarget {
  // The public issuer, which is also the proxy's origin as the host sees it.
  issuer: string;
  audience: string;
  probeClientId: string;
  probeClientSecretFile: string;
  // Omitted: the token carries no scope, which is all the rs needs to verify it at /api/me, and
  // works whatever scopes a profile grants the probe (prod grants it only `health`).
  probeScope?: string;
  caFile?: string;
}

export interface ProtocolCheckOptions {
  // More checks made with the probe's token once it is issued, e.g. at every rs replica. The
  // token is handed over in memory only.
  withToken?: (accessToken: string) => Promise<CheckResult[]>;
}

// The protocol-level checks through the proxy, in order: discovery, JWKS, a client_credentials
// token, the rs accepting it, the SPA's configuration. A later check is skipped when an earlier
// one it needs failed.
export async function runProtocolChecks(
  target: ProtocolTarget,
  options: ProtocolCheckOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let discovery: Record<string, unknown> | undefined;
  let accessToken: string | undefined;
  const discoveryUrl = `${target.issuer}/.well-known/openid-configuration`;

  results.push(
    await timeCheck('discovery', discoveryUrl, async () => {
      discovery = await expectJson(
        await request(discoveryUrl, { caFile: target.caFile }),
        discoveryUrl,
      );
      if (discovery['issuer'] !== target.issuer) {
        throw new HttpCheckError(
          `issuer is "${String(discovery['issuer'])}", expected "${target.issuer}"`,
        );
      }
      const outside = endpointsOutside(discovery, target.issuer);
      if (outside.length > 0) {
        throw new HttpCheckError(`endpoints outside the issuer: ${outside.join(', ')}`);
      }
      return `issuer ${target.issuer}`;
    }),
  );

  const jwksUri = String(discovery?.['jwks_uri'] ?? `${target.issuer}/jwks`);
  results.push(
    await timeCheck('jwks', jwksUri, async () => {
      const jwks = await expectJson(await request(jwksUri, { caFile: target.caFile }), jwksUri);
      const keys = Array.isArray(jwks['keys']) ? (jwks['keys'] as { kid?: string }[]) : [];
      if (keys.length === 0) throw new HttpCheckError(`${jwksUri} lists no keys`);
      return `${keys.length} keys: ${keys.map((key) => key.kid).join(', ')}`;
    }),
  );

  const tokenUrl = String(discovery?.['token_endpoint'] ?? `${target.issuer}/token`);
  results.push(
    await timeCheck('token', tokenUrl, async () => {
      accessToken = await clientCredentialsToken(tokenUrl, target);
      return `client_credentials token for ${target.probeClientId}`;
    }),
  );

  const apiUrl = `${target.issuer}/api/me`;
  results.push(
    accessToken === undefined
      ? skipped('rs', apiUrl, 'no token')
      : await timeCheck('rs', apiUrl, async () => {
          const response = await request(apiUrl, {
            headers: { authorization: `Bearer ${accessToken}` },
            caFile: target.caFile,
          });
          expectProbeClient(await expectJson(response, apiUrl), target.probeClientId);
          return 'rs accepted the token';
        }),
  );
  if (accessToken !== undefined && options.withToken !== undefined) {
    results.push(...(await options.withToken(accessToken)));
  }

  const spaConfigUrl = `${target.issuer}/app/config.json`;
  results.push(
    await timeCheck('spa', spaConfigUrl, async () => {
      const config = await expectJson(
        await request(spaConfigUrl, { caFile: target.caFile }),
        spaConfigUrl,
      );
      if (config['issuer'] !== target.issuer) {
        throw new HttpCheckError(`spa is configured for issuer "${String(config['issuer'])}"`);
      }
      return 'spa configuration served';
    }),
  );
  return results;
}

// The rs answers /api/me with the verified token's client: the probe's own id proves the rs
// checked this token rather than answering something else.
export function expectProbeClient(me: Record<string, unknown>, probeClientId: string): void {
  if (me['client_id'] !== probeClientId) {
    throw new HttpCheckError(
      `rs names client "${String(me['client_id'])}" for the token, expected "${probeClientId}"`,
    );
  }
}

function endpointsOutside(discovery: Record<string, unknown>, issuer: string): string[] {
  return Object.entries(discovery)
    .filter(([key, value]) => key.endsWith('_endpoint') || key === 'jwks_uri')
    .filter(([, value]) => typeof value === 'string' && !value.startsWith(`${issuer}/`))
    .map(([key, value]) => `${key}=${String(value)}`);
}

async function clientCredentialsToken(tokenUrl: string, target: ProtocolTarget): Promise<string> {
  const secret = (await readFile(target.probeClientSecretFile, 'utf8')).trim();
  const basic = Buffer.from(
    `${encodeURIComponent(target.probeClientId)}:${encodeURIComponent(secret)}`,
  ).toString('base64');
  const response = await request(tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      resource: target.audience,
      ...(target.probeScope === undefined ? {} : { scope: target.probeScope }),
    }).toString(),
    caFile: target.caFile,
  });
  if (response.status !== 200) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new HttpCheckError(
      `${tokenUrl} answered ${response.status}${body.error === undefined ? '' : ` (${body.error})`}`,
    );
  }
  const body = (await response.json()) as { access_token?: string };
  if (typeof body.access_token !== 'string') throw new HttpCheckError('no access_token in reply');
  return body.access_token;
}

function skipped(name: string, target: string, why: string): CheckResult {
  return { name, target, status: 'skip', durationMs: 0, detail: `skipped: ${why}` };
}
