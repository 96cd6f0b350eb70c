import { execa } from 'execa';

// Everything Docker still holds for a Compose project: a suite ends by proving this is empty.
export async function projectLeftovers(project: string): Promise<string[]> {
  const filter = `label=com.docker.compose.project=${project}`;
  const kinds: [string, string[]][] = [
    ['container', ['ps', '--all', '--quiet', '--filter', filter]],
    ['network', ['network', 'ls', '--quiet', '--filter', filter]],
    ['volume', ['volume', 'ls', '--quiet', '--filter', filter]],
  ];
  const left: string[] = [];
  for (const [kind, args] of kinds) {
    const result = await execa('docker', args);
    for (const id of String(result.stdout)
      .split('\n')
      .filter((line) => line !== '')) {
      left.push(`${kind} ${id}`);
    }
  }
  return left;
}

export async function removeProject(project: string): Promise<void> {
  await execa('docker', ['compose', '-p', project, 'down', '--volumes', '--remove-orphans'], {
    reject: false,
  });
}
