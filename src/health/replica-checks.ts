import type { InspectedContainer } from '../docker/inspect-project.ts';
import type { CheckResult } from './check-result.ts';

export function containerCheck(container: InspectedContainer, oneShot: boolean): CheckResult {
  const base = { name: 'container', target: container.name, durationMs: 0 };
  if (oneShot) {
    const ok = container.state === 'exited' && container.exitCode === 0;
    return {
      ...base,
      status: ok ? 'pass' : 'fail',
      detail: ok ? 'completed' : `${container.state} (exit ${container.exitCode})`,
    };
  }
  const lastProbe = container.probeLog.at(-1);
  const healthy =
    container.state === 'running' && (container.health === '' || container.health === 'healthy');
  const restarts = container.restartCount > 0 ? `, ${container.restartCount} restarts` : '';
  const oom = container.oomKilled ? ', killed for lack of memory (OOM)' : '';
  const probe =
    !healthy && lastProbe !== undefined ? `; last probe: ${lastProbe.output.slice(0, 300)}` : '';
  return {
    ...base,
    status: healthy ? 'pass' : 'fail',
    detail: `${container.state}${container.health === '' ? '' : `, ${container.health}`}${restarts}${oom}${probe}`,
  };
}
