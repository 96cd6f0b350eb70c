import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../../src/paths.ts';
import { explain, runCli } from './cli.ts';

export interface ServiceStatus {
  service: string;
  replicas: number;
  state: string;
  containers: { name: string; state: string; health: string; exitCode: number }[];
}

// `identity status --json` for a project, read the way a script would.
export async function statusOf(
  project: string,
  env: Record<string, string> = {},
): Promise<Map<string, ServiceStatus>> {
  const run = await runCli(['status', '--project', project, '--json'], env);
  assert.equal(run.exitCode, 0, explain(run));
  const { services } = JSON.parse(run.stdout) as { services: ServiceStatus[] };
  return new Map(services.map((service) => [service.service, service]));
}

export function fixture(name: string): string {
  return join(repoRoot, 'test', 'fixtures', 'e2e', name);
}
