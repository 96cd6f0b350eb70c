import type { ResolvedStack } from './resolved-stack.ts';
import { readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename } from 'node:path';
import { execa } from 'execa';
import { runDocker } from '../docker/run-docker.ts';

export interface PortHolder {
  port: number;
  hostIp: string;
  // The service of the stack that publishes the port, and its port inside the container.
  service: string;
  target: number;
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
  if (match === null) return undefined;
  return `${await programName(match[2]!, match[1]!)} (pid ${match[2]})`;
}

// ss shows the name of the thread that owns the socket (Node's is "MainThread"); the program
// a person knows is the executable's name.
async function programName(pid: string, fallback: string): Promise<string> {
  try {
    return basename(await readlink(`/proc/${pid}/exe`));
  } catch {
    // Another user's process, or no /proc: the thread name is still better than nothing.
    return fallback;
  }
}

export interface WantedPort {
  hostIp: string;
  published: number;
  // The end of a published range, which Docker hands out one port a replica.
  lastPublished?: number;
  target: number;
  service: string;
  replicas?: number;
}

// Finds which of the ports a stack publishes are taken, and by whom. A port held by the same
// Compose project is not a conflict: starting a running stack again is allowed. A range is
// taken when fewer of its ports are free than the service has replicas.
export async function findTakenPorts(ports: WantedPort[], project: string): Promise<PortHolder[]> {
  const taken: PortHolder[] = [];
  for (const wanted of ports) {
    const last = wanted.lastPublished ?? wanted.published;
    let free = 0;
    let firstTaken: PortHolder | undefined;
    for (let port = wanted.published; port <= last; port += 1) {
      const holder = await holderOf(port, wanted, project);
      if (holder === undefined) free += 1;
      else firstTaken ??= holder;
    }
    if (
      firstTaken !== undefined &&
      free < (last === wanted.published ? 1 : (wanted.replicas ?? 1))
    ) {
      taken.push(firstTaken);
    }
  }
  return taken;
}

async function holderOf(
  port: number,
  wanted: WantedPort,
  project: string,
): Promise<PortHolder | undefined> {
  if (await canBind(port, wanted.hostIp)) return undefined;
  const container = await containerHolding(port);
  if (container?.project === project) return undefined;
  const holder: PortHolder = {
    port,
    hostIp: wanted.hostIp,
    service: wanted.service,
    target: wanted.target,
    container,
  };
  if (container === undefined) holder.process = await processHolding(port);
  return holder;
}

export function describeHolder(holder: PortHolder): string {
  if (holder.container !== undefined) {
    const project =
      holder.container.project === '' ? '' : ` of project "${holder.container.project}"`;
    return `container ${holder.container.name}${project}`;
  }
  return holder.process ?? 'another program (run `ss -ltnp` as root to see which)';
}

// The variables the bundles take published ports from (docs/architecture.md, Host ports).
const portVariables: Record<string, string> = {
  'proxy:8080': 'IDENTITY_HTTP_PORT',
  'proxy:8443': 'IDENTITY_HTTPS_PORT',
  'grafana:3000': 'IDENTITY_GRAFANA_PORT',
};

// The command that starts this project again, for hints a person can paste as they are.
export function startCommand(project: string, profile: string): string {
  const projectArg = project === 'identity' ? '' : ` -p ${project}`;
  const profileArg = profile === 'demo' ? '' : ` --profile ${profile}`;
  return `identity start${projectArg}${profileArg}`;
}

// The ports a resolved stack publishes, with the service and replica count behind each.
export function publishedPorts(stack: ResolvedStack) {
  return stack.services.flatMap((service) =>
    service.publishedPorts.map((port) => ({
      ...port,
      service: service.name,
      replicas: service.replicas,
    })),
  );
}

// What to do about a taken port: the variable that moves it, set to a port free right now.
export async function choosePortAdvice(holder: PortHolder, rerun: string): Promise<string> {
  const variable = portVariables[`${holder.service}:${holder.target}`];
  if (variable === undefined) {
    return `stop ${describeHolder(holder)}: ${holder.service} publishes port ${holder.port} at a fixed number`;
  }
  const free = await freePortAfter(holder.port, holder.hostIp);
  const example = free === undefined ? '<port>' : String(free);
  return `stop ${describeHolder(holder)}, or choose another port: ${variable}=${example} ${rerun}`;
}

async function freePortAfter(port: number, host: string): Promise<number | undefined> {
  for (let candidate = port + 1; candidate <= Math.min(port + 100, 65_535); candidate += 1) {
    if (await canBind(candidate, host)) return candidate;
  }
  return undefined;
}
