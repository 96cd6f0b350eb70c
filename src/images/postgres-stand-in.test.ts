import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDocker } from '../docker/run-docker.ts';
import { DockerScratch, waitUntil } from './docker-scratch.ts';
import { offlineTags } from './image-refs.ts';
import { buildOfflineKit } from './offline-kit.ts';

// The postgres stand-in on real Docker: the official image's interface for what the bundles use.
const image = offlineTags.postgres;
const password = 'stand-in-password-1';

describe('postgres stand-in', { timeout: 900_000 }, () => {
  const scratch = new DockerScratch('postgres');
  let network = '';
  let secrets = '';

  before(async () => {
    await buildOfflineKit({ only: ['postgres'], progress: () => {} });
    network = await scratch.network();
    secrets = await mkdtemp(join(tmpdir(), 'identity-pg-secrets-'));
    // A trailing newline, as editors and `echo` leave it: it is not part of the password.
    await writeFile(join(secrets, 'postgres_password'), `${password}\n`);
    await writeFile(join(secrets, 'empty'), '');
    await chmod(join(secrets, 'postgres_password'), 0o444);
    await chmod(join(secrets, 'empty'), 0o444);
  });

  after(async () => {
    await scratch.cleanup();
    assert.deepEqual(await scratch.leftovers(), []);
    await rm(secrets, { recursive: true, force: true });
  });

  async function startServer(what: string, volume: string, env: string[]): Promise<string> {
    const name = scratch.name(what);
    const started = await scratch.run(
      [
        '-d',
        '--network',
        network,
        '--network-alias',
        what,
        '-v',
        `${secrets}:/run/secrets:ro`,
        '-v',
        `${volume}:/var/lib/postgresql/data`,
        ...env.flatMap((entry) => ['-e', entry]),
        image,
      ],
      { name },
    );
    assert.equal(started.exitCode, 0, started.stderr);
    await waitUntil(`${name} ready`, async () => {
      const probe = await runDocker(
        ['exec', name, 'pg_isready', '-h', '127.0.0.1', '-U', 'postgres'],
        {
          reject: false,
        },
      );
      return probe.exitCode === 0;
    });
    return name;
  }

  async function sql(host: string, secret: string, query: string, user = 'postgres') {
    return scratch.run([
      '--rm',
      '--network',
      network,
      '-e',
      `PGPASSWORD=${secret}`,
      image,
      'psql',
      '--no-psqlrc',
      '-h',
      host,
      '-U',
      user,
      '-d',
      'identity',
      '-tAc',
      query,
    ]);
  }

  it('initialises, runs as uid 999 and accepts a scram login with the password file', async () => {
    const volume = await scratch.volume('data-login');
    const name = await startServer('login', volume, [
      'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
      'POSTGRES_DB=identity',
    ]);

    const login = await sql('login', password, 'select current_user, current_database()');
    assert.equal(login.exitCode, 0, login.stderr);
    assert.equal(login.stdout.trim(), 'postgres|identity');

    const stored = await sql(
      'login',
      password,
      "select left(rolpassword, 14) from pg_authid where rolname = 'postgres'",
    );
    assert.equal(stored.stdout.trim(), 'SCRAM-SHA-256$');

    const status = await runDocker(['exec', name, 'grep', '^Uid:', '/proc/1/status']);
    assert.match(status.stdout, /^Uid:\s+999\s/);
  });

  it('refuses a wrong password over the network, the loopback included', async () => {
    const volume = await scratch.volume('data-refuse');
    const name = await startServer('refuse', volume, [
      'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
      'POSTGRES_DB=identity',
    ]);

    const wrong = await sql('refuse', 'not-the-password', 'select 1');
    assert.notEqual(wrong.exitCode, 0);
    assert.match(wrong.stderr, /password authentication failed for user "postgres"/);

    const loopback = await runDocker(
      [
        'exec',
        name,
        'psql',
        '-h',
        '127.0.0.1',
        '-U',
        'postgres',
        '--no-password',
        '-c',
        'select 1',
      ],
      { reject: false },
    );
    assert.notEqual(loopback.exitCode, 0);
    assert.match(loopback.stderr, /no password supplied/);
  });

  it('refuses POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE together, naming both', async () => {
    const run = await scratch.run([
      '--rm',
      '-v',
      `${secrets}:/run/secrets:ro`,
      '-e',
      `POSTGRES_PASSWORD=${password}`,
      '-e',
      'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
      image,
    ]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /both POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE are set/);
  });

  it('refuses to initialise with an empty password, an empty file or no password', async () => {
    const cases = [
      ['-e', 'POSTGRES_PASSWORD_FILE=/run/secrets/empty'],
      ['-e', 'POSTGRES_PASSWORD='],
      [],
    ];
    for (const env of cases) {
      const run = await scratch.run(['--rm', '-v', `${secrets}:/run/secrets:ro`, ...env, image]);
      assert.equal(run.exitCode, 1, `${env.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /no password: set POSTGRES_PASSWORD_FILE/);
    }
  });

  it('refuses a password file that does not exist, naming it', async () => {
    const run = await scratch.run([
      '--rm',
      '-e',
      'POSTGRES_PASSWORD_FILE=/run/secrets/nope',
      image,
    ]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /POSTGRES_PASSWORD_FILE=\/run\/secrets\/nope is not a readable file/);
  });

  it('keeps its data across a restart with the same volume, and stops cleanly', async () => {
    const volume = await scratch.volume('data-restart');
    const first = await startServer('restart', volume, [
      'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
      'POSTGRES_DB=identity',
    ]);
    const created = await sql(
      'restart',
      password,
      "create table kept (v text); insert into kept values ('still here')",
    );
    assert.equal(created.exitCode, 0, created.stderr);

    // docker stop sends the image's stop signal (SIGINT, a fast shutdown).
    await runDocker(['stop', first]);
    const stopped = await runDocker(['inspect', '--format', '{{.State.ExitCode}}', first]);
    assert.equal(stopped.stdout.trim(), '0');
    const logs = await runDocker(['logs', first]);
    assert.match(logs.stderr + logs.stdout, /database system is shut down/);
    await runDocker(['rm', first]);

    // A new container on the same volume: no set-up again, the same password, the same rows.
    const second = await startServer('restart', volume, [
      'POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
      'POSTGRES_DB=identity',
    ]);
    const secondLogs = await runDocker(['logs', second]);
    assert.doesNotMatch(secondLogs.stdout + secondLogs.stderr, /initialising/);
    const read = await sql('restart', password, 'select v from kept');
    assert.equal(read.exitCode, 0, read.stderr);
    assert.equal(read.stdout.trim(), 'still here');

    // SIGTERM is a smart shutdown: with no client left it ends at once, cleanly.
    await runDocker(['kill', '--signal', 'TERM', second]);
    await waitUntil('postgres exits on SIGTERM', async () => {
      const state = await runDocker(['inspect', '--format', '{{.State.Running}}', second]);
      return state.stdout.trim() === 'false';
    });
    const exit = await runDocker(['inspect', '--format', '{{.State.ExitCode}}', second]);
    assert.equal(exit.stdout.trim(), '0');
  });
});
