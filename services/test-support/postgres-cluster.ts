import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

export type PostgresCluster = {
  host: string;
  port: number;
  superuser: string;
  superuserPassword: string;
  stop(): Promise<void>;
};

// A throwaway PostgreSQL server per test file: its own data folder and port, password auth over
// TCP like the real stack, no fsync. It needs Debian's `postgresql` package (scripts/prepare.sh
// installs it); tests fail with that hint rather than skip, so a missing server is never silent.
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const root = mkdtempSync(join(tmpdir(), 'identity-pg-'));
  const dataDir = join(root, 'data');
  const password = `test-${Math.random().toString(36).slice(2)}`;
  const pwfile = join(root, 'pwfile');
  writeFileSync(pwfile, password);
  const owner = clusterOwner();
  chmodSync(root, 0o700);
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }

  execFileSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256'],
    { ...owner, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C.UTF-8' } },
  );
  const port = await findFreePort();
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1'],
    { ...owner, stdio: 'ignore' },
  );
  const cluster = {
    host: '127.0.0.1',
    port,
    superuser: 'postgres',
    superuserPassword: password,
    stop: () => stopServer(server, root),
  };
  await waitUntilAccepting(cluster);
  return cluster;
}

function findPostgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions
    .map((version) => join(base, version, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin) {
    throw new Error(
      'no PostgreSQL server binaries under /usr/lib/postgresql; install Debian package postgresql',
    );
  }
  return bin;
}

// initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user.
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

async function waitUntilAccepting(cluster: Omit<PostgresCluster, 'stop'>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new pg.Client({
      host: cluster.host,
      port: cluster.port,
      user: cluster.superuser,
      password: cluster.superuserPassword,
      database: 'postgres',
    });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error('test postgres did not start', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function stopServer(server: ChildProcess, root: string): Promise<void> {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    // SIGINT is postgres's "fast" shutdown: it ends sessions and exits without waiting for them.
    server.kill('SIGINT');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
}
