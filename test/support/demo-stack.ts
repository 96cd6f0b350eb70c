import assert from 'node:assert/strict';
import { explain, runCli } from './cli.ts';
import { freePort } from './free-port.ts';
import { projectLeftovers, removeProject } from './project-leftovers.ts';

export interface RunningStack {
  project: string;
  issuer: string;
  env: Record<string, string>;
  summary: Record<string, unknown>;
}

// Starts a profile under a suite's own project name and port, through the real CLI, and stops
// it again at the end, proving nothing of the project is left.
export async function startStack(
  project: string,
  profile: string,
  extraArgs: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<RunningStack> {
  await removeProject(project);
  const port = await freePort();
  const env = { IDENTITY_HTTP_PORT: String(port), ...extraEnv };
  const run = await runCli(
    ['start', '--profile', profile, '--project', project, '--json', ...extraArgs],
    env,
  );
  assert.equal(run.exitCode, 0, explain(run));
  const summary = JSON.parse(run.stdout) as { urls: { issuer: string } };
  return { project, issuer: summary.urls.issuer, env, summary };
}

export async function stopStack(stack: RunningStack | undefined, project: string): Promise<void> {
  const run = await runCli(['stop', '--project', project, '--volumes'], stack?.env ?? {});
  assert.equal(run.exitCode, 0, explain(run));
  assert.deepEqual(await projectLeftovers(project), []);
}
