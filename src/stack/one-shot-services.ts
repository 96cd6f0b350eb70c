import { runCompose, runDocker } from '../docker/run-docker.ts';
import { resolveStack } from './resolved-stack.ts';

interface ContainerLabels {
  service: string;
  state: string;
  dependsOn: string;
  configFiles: string;
}

// One-shot jobs are the services another service waits for with
// service_completed_successfully. Compose records each container's dependencies in a label, but
// when a job failed, the services that need it were never created and no label names it; then
// the bundle the project was started from (also in a label) says.
export async function oneShotServices(project: string): Promise<Set<string>> {
  const containers = await projectLabels(project);
  const oneShots = new Set<string>();
  for (const container of containers) {
    for (const entry of container.dependsOn.split(',')) {
      const [service, condition] = entry.split(':');
      if (condition === 'service_completed_successfully' && service !== undefined) {
        oneShots.add(service);
      }
    }
  }

  const unexplained = containers.find(
    (c) => c.state === 'exited' && !oneShots.has(c.service) && c.configFiles !== '',
  );
  if (unexplained === undefined) return oneShots;
  for (const service of await oneShotsOfBundle(project, unexplained.configFiles.split(','))) {
    oneShots.add(service);
  }
  return oneShots;
}

async function projectLabels(project: string): Promise<ContainerLabels[]> {
  const labels = ['service', 'depends_on', 'project.config_files']
    .map((label) => `{{.Label "com.docker.compose.${label}"}}`)
    .join('\t');
  const result = await runDocker(
    [
      'ps',
      '--all',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--format',
      `{{.State}}\t${labels}`,
    ],
    { reject: false },
  );
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [state = '', service = '', dependsOn = '', configFiles = ''] = line.split('\t');
      return { service, state, dependsOn, configFiles };
    });
}

async function oneShotsOfBundle(project: string, files: string[]): Promise<string[]> {
  const result = await runCompose(project, files, ['config', '--format', 'json'], {
    reject: false,
  });
  // The files may have moved or changed since; then only the labels are known.
  if (result.exitCode !== 0) return [];
  const stack = resolveStack(JSON.parse(result.stdout) as Parameters<typeof resolveStack>[0]);
  return stack.services.filter((service) => service.oneShot).map((service) => service.name);
}
