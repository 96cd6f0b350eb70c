// Prints `identity health` latency at 1x1x1x1 and 3x3x3x3 beside a single
// `docker compose ps --format json` on the same project, measured in the same run.
// Run: node --disable-warning=ExperimentalWarning bench/health.ts [rounds]
import { execa } from 'execa';
import { repoRoot } from '../src/paths.ts';
import { freePort } from '../test/support/free-port.ts';

const project = 'identity-bench-health';
const rounds = Number(process.argv[2] ?? 5);
const cli = `${repoRoot}/bin/identity`;

async function timeMs(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<number> {
  const started = performance.now();
  const result = await execa(command, args, { env, reject: false });
  if (result.exitCode !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.exitCode}`);
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(scale: string, env: Record<string, string>): Promise<void> {
  const health: number[] = [];
  const ps: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    // Alternate the two so that load on the machine hits both alike.
    ps.push(await timeMs('docker', ['compose', '-p', project, 'ps', '--format', 'json'], env));
    health.push(await timeMs(cli, ['health', '--json', '-p', project], env));
  }
  const h = median(health);
  const p = median(ps);
  console.log(
    `${scale.padEnd(8)} identity health ${h.toFixed(0).padStart(6)} ms   ` +
      `docker compose ps ${p.toFixed(0).padStart(5)} ms   ratio ${(h / p).toFixed(1)}x`,
  );
}

const env = { IDENTITY_HTTP_PORT: String(await freePort()) };
try {
  await execa(cli, ['start', '-p', project, '--scale', '1x1x1x1', '--progress', 'quiet'], {
    env,
    stdio: 'inherit',
  });
  console.log(`medians of ${rounds} rounds`);
  await measure('1x1x1x1', env);
  await execa(cli, ['scale', '-p', project, '3x3x3x3'], { env, stdio: 'inherit' });
  await measure('3x3x3x3', env);
} finally {
  await execa(cli, ['stop', '-p', project, '--volumes'], { env, reject: false });
}
