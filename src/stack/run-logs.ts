import { execa } from 'execa';
import { useColor } from '../cli/output.ts';
import { checkEngine } from '../docker/engine.ts';

// Streams `docker compose logs` straight to the terminal: people read it, scripts pipe it.
export async function runLogs(
  services: string[],
  flags: { project: string; follow: boolean; tail: string; since?: string },
): Promise<void> {
  await checkEngine();
  // Compose colours and clears lines (ESC[2K) even into a pipe; a file or a grep wants plain text.
  const ansi = useColor(process.stdout) ? 'auto' : 'never';
  const args = ['compose', '--ansi', ansi, '-p', flags.project, 'logs', '--tail', flags.tail];
  if (ansi === 'never') args.push('--no-color');
  if (flags.follow) args.push('--follow');
  if (flags.since !== undefined) args.push('--since', flags.since);
  const result = await execa('docker', [...args, ...services], {
    stdio: 'inherit',
    reject: false,
  });
  if (result.exitCode !== 0) process.exitCode = 1;
}
