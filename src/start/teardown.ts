import { runCompose, runDocker } from '../docker/run-docker.ts';

// Lists the project's volumes, so that a failed start removes only the volumes it created and
// never data that was there before it.
export async function projectVolumes(project: string): Promise<Set<string>> {
  const result = await runDocker(
    ['volume', 'ls', '--quiet', '--filter', `label=com.docker.compose.project=${project}`],
    { reject: false },
  );
  return new Set(result.stdout.split('\n').filter((name) => name !== ''));
}

export async function teardown(project: string, keepVolumes: Set<string>): Promise<string[]> {
  const problems: string[] = [];
  const down = await runCompose(project, [], ['down', '--remove-orphans', '--timeout', '10'], {
    reject: false,
  });
  if (down.exitCode !== 0) problems.push(`compose down: ${down.stderr.trim()}`);
  for (const volume of await projectVolumes(project)) {
    if (keepVolumes.has(volume)) continue;
    const removed = await runDocker(['volume', 'rm', volume], { reject: false });
    if (removed.exitCode !== 0) problems.push(`volume ${volume}: ${removed.stderr.trim()}`);
  }
  return problems;
}
