import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { bundleDir, bundlePath } from '../../src/paths.ts';
import { explain, runCli } from './cli.ts';

export interface OwnSecrets {
  dir: string;
  // An override for `identity start -f` that mounts the secrets from `dir`.
  overrideFile: string;
  // For every `identity` call of the suite: the verbs use `dir` too.
  env: { IDENTITY_SECRETS_DIR: string };
  remove(): Promise<void>;
}

// A suite's own secrets folder, so that rotating or reading secrets never touches the shared
// deployments/compose/secrets that other suites use at the same time. IDENTITY_SECRETS_DIR moves
// the folder for the verbs; the override moves it for the bundle. Compose resolves an override's
// paths from the bundle's folder, and validation wants them relative, so they are relative.
export async function createOwnSecrets(profile: string): Promise<OwnSecrets> {
  const root = await mkdtemp(join(tmpdir(), 'identity-e2e-secrets-'));
  const dir = join(root, 'secrets');
  const env = { IDENTITY_SECRETS_DIR: dir };
  const init = await runCli(['secrets', 'init', '--profile', profile], env);
  assert.equal(init.exitCode, 0, explain(init));

  const bundle = parse(await readFile(bundlePath(profile), 'utf8')) as {
    secrets?: Record<string, unknown>;
  };
  const lines = ["# The bundle's secrets from a suite's own folder.", 'secrets:'];
  for (const name of Object.keys(bundle.secrets ?? {})) {
    lines.push(`  ${name}:`, `    file: ${relative(bundleDir, join(dir, name))}`);
  }
  const overrideFile = join(root, 'secrets-override.yml');
  await writeFile(overrideFile, `${lines.join('\n')}\n`);
  return { dir, overrideFile, env, remove: () => rm(root, { recursive: true, force: true }) };
}
