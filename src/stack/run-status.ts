import { createOutput } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import { type ContainerState, listContainers } from '../docker/compose-ps.ts';
import { checkEngine } from '../docker/engine.ts';
import { oneShotServices } from './one-shot-services.ts';

export { oneShotServices };

export interface ServiceStatus {
  service: string;
  replicas: number;
  state: string;
  containers: { name: string; state: string; health: string; exitCode: number }[];
  urls: string[];
}

// One line per service: a one-shot job that exited 0 is "completed", not failed.
export function summarise(containers: ContainerState[], oneShots: Set<string>): ServiceStatus[] {
  const byService = Map.groupBy(containers, (container) => container.service);
  return [...byService.entries()]
    .map(([service, mine]) => ({
      service,
      replicas: mine.length,
      state: stateOf(mine, oneShots.has(service)),
      containers: mine.map((c) => ({
        name: c.name,
        state: c.state,
        health: c.health,
        exitCode: c.exitCode,
      })),
      urls: [
        ...new Set(
          mine.flatMap((c) =>
            c.publishers.map((p) => `${p.url}:${p.publishedPort}->${p.targetPort}`),
          ),
        ),
      ],
    }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

function stateOf(containers: ContainerState[], oneShot: boolean): string {
  if (oneShot && containers.every((c) => c.state === 'exited')) {
    const failed = containers.find((c) => c.exitCode !== 0);
    return failed === undefined ? 'completed' : `failed (exit ${failed.exitCode})`;
  }
  const running = containers.filter((c) => c.state === 'running');
  const health = [...new Set(running.map((c) => c.health).filter((h) => h !== ''))];
  const base = `running ${running.length}/${containers.length}`;
  const parts = [health.length === 0 ? base : `${base}, ${health.join('/')}`];
  // A replica that is not running says why: never started, or exited with its code.
  for (const c of containers.filter((c) => c.state !== 'running')) {
    parts.push(
      c.state === 'exited' ? `${c.name} exited (code ${c.exitCode})` : `${c.name} ${c.state}`,
    );
  }
  return parts.join(', ');
}

export async function runStatus(flags: { project: string }, global: GlobalOptions): Promise<void> {
  const output = createOutput(global);
  await checkEngine();
  const containers = await listContainers(flags.project);
  const services = summarise(containers, await oneShotServices(flags.project));

  output.result({ project: flags.project, running: services.length > 0, services }, () => {
    if (services.length === 0) return `project "${flags.project}" is not running`;
    const rows = services.map((s) => ({
      service: s.service,
      replicas: s.replicas,
      state: s.state,
      published: s.urls.join(' '),
    }));
    return output.table(rows, ['service', 'replicas', 'state', 'published']);
  });
}
