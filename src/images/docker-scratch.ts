import { randomBytes } from 'node:crypto';
import { runDocker, type RunResult } from '../docker/run-docker.ts';

// For tests on real Docker: names every container, volume and network it makes with one unique
// prefix and label, and removes them all at the end, reporting (not hiding) what it could not.
export const scratchLabel = 'identity.test';

export class DockerScratch {
  readonly id: string;
  readonly #containers: string[] = [];
  readonly #volumes: string[] = [];
  readonly #networks: string[] = [];

  constructor(area: string) {
    this.id = `identity-test-${area}-${randomBytes(4).toString('hex')}`;
  }

  name(what: string): string {
    return `${this.id}-${what}`;
  }

  async network(): Promise<string> {
    const name = this.name('net');
    await runDocker(['network', 'create', '--label', `${scratchLabel}=${this.id}`, name]);
    this.#networks.push(name);
    return name;
  }

  async volume(what: string): Promise<string> {
    const name = this.name(what);
    await runDocker(['volume', 'create', '--label', `${scratchLabel}=${this.id}`, name]);
    this.#volumes.push(name);
    return name;
  }

  // `docker run` with the scratch label; `--name` and `--rm` are the caller's choice.
  async run(
    args: string[],
    options: { name?: string; timeoutMs?: number } = {},
  ): Promise<RunResult> {
    const nameArgs = options.name === undefined ? [] : ['--name', options.name];
    if (options.name !== undefined) this.#containers.push(options.name);
    return runDocker(['run', '--label', `${scratchLabel}=${this.id}`, ...nameArgs, ...args], {
      reject: false,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
  }

  async cleanup(): Promise<void> {
    const problems: string[] = [];
    const remove = async (args: string[]) => {
      const result = await runDocker(args, { reject: false });
      if (result.exitCode !== 0 && !/no such/i.test(result.stderr))
        problems.push(result.stderr.trim());
    };
    for (const name of this.#containers) await remove(['rm', '--force', '--volumes', name]);
    for (const name of this.#volumes) await remove(['volume', 'rm', '--force', name]);
    for (const name of this.#networks) await remove(['network', 'rm', name]);
    if (problems.length > 0)
      throw new Error(`cleanup of ${this.id} failed:\n${problems.join('\n')}`);
  }

  // What is still there with this scratch's label: empty after cleanup.
  async leftovers(): Promise<string[]> {
    const filter = `label=${scratchLabel}=${this.id}`;
    const containers = await runDocker(['ps', '-aq', '--filter', filter]);
    const volumes = await runDocker(['volume', 'ls', '-q', '--filter', filter]);
    const networks = await runDocker(['network', 'ls', '-q', '--filter', filter]);
    return [containers, volumes, networks].flatMap((r) => r.stdout.split('\n').filter(Boolean));
  }
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000}s`);
}
