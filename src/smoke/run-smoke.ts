import * as client from 'openid-client';
import { CliError } from '../cli/cli-error.ts';
import { createOutput } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import { checkEngine } from '../docker/engine.ts';
import { inspectProject } from '../docker/inspect-project.ts';
import { type CheckResult, timeCheck } from '../health/check-result.ts';
import { fetchTrusting, HttpCheckError } from '../health/http-client.ts';
import { runProtocolChecks } from '../health/protocol-checks.ts';
import { caBeside } from '../health/protocol-target.ts';
import { loadState } from '../stack/project-state.ts';
import { type LoginResult, loginAs, logout } from './login-flow.ts';

export const demoUser = { username: 'demo', password: 'demo-password-change-me' };

// A user's whole journey through a running stack, the way a relying party makes it: the
// protocol checks, a 401 without a token, then (with a user) login with code + PKCE, userinfo,
// an API call with a refreshed API token, refresh-token reuse refused, and logout.
export async function runSmoke(
  flags: { project: string; user?: string; passwordFile?: string },
  global: GlobalOptions,
): Promise<void> {
  const output = createOutput(global);
  await checkEngine();
  const containers = await inspectProject(flags.project, ['IDENTITY_ISSUER', 'RS_AUDIENCE']);
  const authz = containers.find((c) => c.service === 'authz' && c.state === 'running');
  const issuer = authz?.env['IDENTITY_ISSUER']?.replace(/\/$/, '');
  const probeSecret = authz?.secretSources['probe_client_secret'];
  if (issuer === undefined || probeSecret === undefined) {
    throw new CliError('notReady', `project "${flags.project}" has no running authz`, {
      hint: 'start it with `identity start`',
    });
  }
  const caFile = caBeside(probeSecret, issuer);
  const fetchImpl = fetchTrusting(caFile);
  const user = await chooseUser(flags);

  const checks: CheckResult[] = await runProtocolChecks({
    issuer,
    audience: `${issuer}/api`,
    probeClientId: 'identity-probe',
    probeClientSecretFile: probeSecret,
    caFile,
  });
  checks.push(
    await timeCheck('rs-without-token', `${issuer}/api/items`, async () => {
      const response = await fetchImpl(`${issuer}/api/items`);
      if (response.status !== 401)
        throw new HttpCheckError(`answered ${response.status}, expected 401`);
      return '401 with a Bearer challenge';
    }),
  );
  if (user === undefined) {
    checks.push({
      name: 'login',
      target: issuer,
      status: 'skip',
      durationMs: 0,
      detail: 'no user: pass --user and --password-file',
    });
  } else {
    checks.push(...(await loginJourney(issuer, user, fetchImpl)));
  }

  const failed = checks.filter((check) => check.status === 'fail');
  output.result({ project: flags.project, ok: failed.length === 0, checks }, () =>
    output.table(
      checks.map((c) => ({
        step: c.name,
        status: c.status === 'fail' ? output.color.bad('FAIL') : c.status,
        ms: c.durationMs,
        detail: c.detail,
      })),
      ['step', 'status', 'ms', 'detail'],
    ),
  );
  if (failed.length > 0) process.exitCode = 5;
}

async function chooseUser(flags: { project: string; user?: string; passwordFile?: string }) {
  if (flags.user !== undefined) {
    if (flags.passwordFile === undefined) {
      throw new CliError('usage', '--user needs --password-file', {
        hint: 'a password never goes on a command line',
      });
    }
    const { readFile } = await import('node:fs/promises');
    return { username: flags.user, password: (await readFile(flags.passwordFile, 'utf8')).trim() };
  }
  const state = await loadState(flags.project);
  return state?.profile === 'demo' ? demoUser : undefined;
}

async function loginJourney(
  issuer: string,
  user: { username: string; password: string },
  fetchImpl: typeof fetch,
): Promise<CheckResult[]> {
  const steps: CheckResult[] = [];
  let login: LoginResult | undefined;
  steps.push(
    await timeCheck('login', issuer, async () => {
      login = await loginAs(issuer, user, fetchImpl);
      return `${user.username} signed in with code + PKCE`;
    }),
  );
  if (login === undefined) return steps;
  const { config, tokens } = login;
  steps.push(
    await timeCheck('userinfo', `${issuer}/me`, async () => {
      const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      return `sub ${info.sub}`;
    }),
  );
  steps.push(
    await timeCheck('refresh', `${issuer}/token`, async () => {
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, {
        resource: `${issuer}/api`,
      });
      const response = await fetchImpl(`${issuer}/api/me`, {
        headers: { authorization: `Bearer ${refreshed.access_token}` },
      });
      if (response.status !== 200)
        throw new HttpCheckError(`the rs answered ${response.status} to the refreshed token`);
      const reuse = await client.refreshTokenGrant(config, tokens.refresh_token!).then(
        () => 'accepted',
        (error: client.ResponseBodyError) => error.error,
      );
      if (reuse !== 'invalid_grant')
        throw new HttpCheckError(`reusing the old refresh token gave ${reuse}`);
      return 'rotated; the rs accepted the new API token; the old refresh token is refused';
    }),
  );
  steps.push(
    await timeCheck('logout', `${issuer}/session/end`, async () => {
      const to = await logout(login!, issuer);
      if (to !== `${issuer}/app/`) throw new HttpCheckError(`logout ended at ${to}`);
      return 'signed out';
    }),
  );
  return steps;
}
