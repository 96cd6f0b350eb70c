import type { ContainerState } from '../docker/compose-ps.ts';
import type { ResolvedService } from '../stack/resolved-stack.ts';

// How one service counts as ready, as small strategies: a healthcheck that passes on every
// replica, a running container when there is no healthcheck, or a one-shot job that exited 0.
export type Verdict =
  | { status: 'pending'; detail: string }
  | { status: 'ready'; detail: string }
  | { status: 'failed'; reason: 'exited' | 'unhealthy'; detail: string; containerId: string };

export function judgeService(service: ResolvedService, containers: ContainerState[]): Verdict {
  const mine = containers.filter((container) => container.service === service.name);
  if (service.oneShot) return judgeOneShot(mine);
  return judgeLongRunning(service, mine);
}

function judgeOneShot(containers: ContainerState[]): Verdict {
  const failed = containers.find((c) => c.state === 'exited' && c.exitCode !== 0);
  if (failed !== undefined) {
    return {
      status: 'failed',
      reason: 'exited',
      detail: `exited with code ${failed.exitCode}`,
      containerId: failed.id,
    };
  }
  if (containers.length > 0 && containers.every((c) => c.state === 'exited')) {
    return { status: 'ready', detail: 'completed (exit 0)' };
  }
  return { status: 'pending', detail: containers.length === 0 ? 'not created' : 'running' };
}

function judgeLongRunning(service: ResolvedService, containers: ContainerState[]): Verdict {
  const dead = containers.find((c) => c.state === 'exited' || c.state === 'dead');
  if (dead !== undefined) {
    return {
      status: 'failed',
      reason: 'exited',
      detail: `${dead.name} exited with code ${dead.exitCode}`,
      containerId: dead.id,
    };
  }
  const unhealthy = containers.find((c) => c.health === 'unhealthy');
  if (unhealthy !== undefined) {
    return {
      status: 'failed',
      reason: 'unhealthy',
      detail: `${unhealthy.name} became unhealthy`,
      containerId: unhealthy.id,
    };
  }
  const ready = containers.filter(
    (c) => c.state === 'running' && (!service.hasHealthcheck || c.health === 'healthy'),
  );
  const want = service.replicas;
  if (ready.length >= want && containers.length === want) {
    return {
      status: 'ready',
      detail: service.hasHealthcheck ? `healthy ${want}/${want}` : 'running',
    };
  }
  const restarting = containers.filter((c) => c.state === 'restarting').length;
  const extra = restarting > 0 ? `, ${restarting} restarting` : '';
  return { status: 'pending', detail: `ready ${ready.length}/${want}${extra}` };
}
