import { createOutput } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import { checkEngine } from '../docker/engine.ts';
import { runCompose } from '../docker/run-docker.ts';
import { listContainers } from '../docker/compose-ps.ts';
import { forgetState } from './project-state.ts';

export async function runStop(
  flags: { project: string; volumes: boolean },
  global: GlobalOptions,
): Promise<void> {
  const output = createOutput(global);
  await checkEngine();
  const containers = await listContainers(flags.project);

  output.progress(`stopping project "${flags.project}" (${containers.length} containers)`);
  await runCompose(
    flags.project,
    [],
    ['down', '--remove-orphans', ...(flags.volumes ? ['--volumes'] : [])],
    { inheritStderr: !global.json },
  );
  await forgetState(flags.project);
  output.result(
    { project: flags.project, removedContainers: containers.length, volumesRemoved: flags.volumes },
    () =>
      `stopped project "${flags.project}": ${containers.length} containers removed` +
      (flags.volumes ? ', volumes removed' : ', data volumes kept (stop --volumes removes them)'),
  );
}
