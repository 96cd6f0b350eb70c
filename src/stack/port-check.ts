import { createServer } from 'node:net';
import { execa } from 'execa';
import { runDocker } from '../docker/run-docker.ts';

export interface PortHolder {
  port: number;
  hostIp: string;
  // A container (with its Compose project) or a process, where it can be found.
  container?: { name: string; project: string };
  process?: string;
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function containerHolding(port: number): Promise<PortHolder['container']> {
  const result = await runDocker(
    [
      'ps',
      '--filter',
      `publish=${port}`,
      '--format',
      '{{.Names}}\t{{.Label "com.docker.compose.project"}}',
    ],
    { reject: false },
  );
  const line = result.stdout.trim().split('\n')[0];
  if (result.exitCode !== 0 || line === undefined || line === '') return undefined;
  const [name = '', project = ''] = line.split('\t');
  return { name, project };
}

async function processHolding(port: number): Promise<string | undefined> {
  // ss names the process only for sockets this user may see; root sees them all.
  const result = await execa('ss', ['-Hltnp', `sport = :${port}`], { reject: false });
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(String(result.stdout));
  return match === null ? undefined : `${match[1]} (pid ${match[2]})`;
}

// Finds which of the ports a stack publishes are taken, and by whom. A port held by the same
// Compose project is not a conflict: starting a running stack again is allowed.
export async function findTakenPorts(
  ports: { hostIp: string; published: number }[],
  project: string,
): Promise<PortHolder[]> {
  const taken: PortHolder[] = [];
  for (const { hostIp, published } of ports) {
    if (await canBind(published, hostIp)) continue;
    const container = await containerHolding(published);
    if (container?.project === project) continue;
    const holder: PortHolder = { port: published, hostIp, container };
    if (container === undefined) holder.process = await processHolding(published);
    taken.push(holder);
  }
  return taken;
}

export function describeHolder(holder: PortHolder): string {
  if (holder.container !== undefined) {
    const project = holder.container.project === '' ? '' : ` of project "${holder.container.project}"`;
    return `container ${holder.container.name}${project}`;
  }
  return holder.process ?? 'another program (run `ss -ltnp` as root to see which)';
}
