import { execa } from 'execa';
import { checkEngine } from '../docker/engine.ts';

// Streams `docker compose logs` straight to the terminal: people read it, scripts pipe it.
export async function runLogs(
  services: string[],
  flags: { project: string; follow: boolean; tail: string; since?: string },
): Promise<void> {
  await checkEngine();
  const args = ['compose', '-p', flags.project, 'logs', '--tail', flags.tail];
  if (flags.follow) args.push('--follow');
  if (flags.since !== undefined) args.push('--since', flags.since);
  const result = await execa('docker', [...args, ...services], {
    stdio: 'inherit',
    reject: false,
  });
  if (result.exitCode !== 0) process.exitCode = 1;
}
