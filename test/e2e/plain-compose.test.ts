import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { execa } from 'execa';
import { bundlePath } from '../../src/paths.ts';
import { freePort } from '../support/free-port.ts';
import { projectLeftovers, removeProject } from '../support/project-leftovers.ts';

const project = 'identity-e2e-plain';

// DESIGN: a bundle is usable without the CLI. Plain Compose, given the secrets and images that
// set-up made, brings the demo up with --wait (the one-shot migrate has a dependant waiting for
// service_completed_successfully, so --wait does not fail on its exit).
describe('the demo bundle with plain docker compose', { timeout: 600_000 }, () => {
  after(async () => {
    await removeProject(project);
    assert.deepEqual(await projectLeftovers(project), []);
  });

  it('comes up with `docker compose up --wait` and serves discovery through the proxy', async () => {
    const port = await freePort();
    const up = await execa(
      'docker',
      ['compose', '-p', project, '-f', bundlePath('demo'), 'up', '--wait', '--wait-timeout', '300'],
      { env: { IDENTITY_HTTP_PORT: String(port) }, reject: false, all: true },
    );
    assert.equal(up.exitCode, 0, String(up.all));

    const response = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const discovery = (await response.json()) as { issuer: string };
    assert.equal(discovery.issuer, `http://127.0.0.1:${port}`);
  });
});
