import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain, runCli } from '../../../test/support/cli.ts';

// `identity images` through bin/identity, as a user runs it. Only verbs that leave .env alone run
// here; the builds themselves are covered beside src/images/.
describe('identity images', { timeout: 120_000 }, () => {
  it('lists each role with its upstream image and stand-in as JSON', async () => {
    const run = await runCli(['images', 'list', '--json']);
    assert.equal(run.exitCode, 0, explain(run));

    const { images } = JSON.parse(run.stdout) as {
      images: {
        role: string;
        image: string;
        source: string;
        selected: boolean;
        present: boolean;
        sizeBytes: number | null;
      }[];
    };
    const byRole = (role: string) => images.filter((entry) => entry.role === role);
    assert.deepEqual(
      [...new Set(images.map((entry) => entry.role))],
      ['app', 'node', 'postgres', 'proxy', 'otel-collector', 'grafana'],
    );
    assert.deepEqual(
      byRole('postgres').map((entry) => [entry.image, entry.source]),
      [
        ['postgres:17-trixie', 'upstream'],
        ['identity-offline/postgres:17', 'offline'],
      ],
    );
    assert.equal(byRole('grafana').length, 1);
    for (const role of ['node', 'postgres', 'proxy']) {
      assert.equal(byRole(role).filter((entry) => entry.selected).length, 1, role);
    }
    for (const entry of images) {
      assert.equal(entry.present, entry.sizeBytes !== null, entry.image);
    }
  });

  it('prints a table for people, with no progress on stdout', async () => {
    const run = await runCli(['images', 'list']);
    assert.equal(run.exitCode, 0, explain(run));
    assert.match(
      run.stdout.split('\n')[0] ?? '',
      /^ROLE\s+IMAGE\s+SOURCE\s+SELECTED\s+PRESENT\s+SIZE$/,
    );
  });

  it('rejects an unknown subcommand with the usage exit code', async () => {
    const run = await runCli(['images', 'pull-everything']);
    assert.equal(run.exitCode, 2, explain(run));
  });
});
