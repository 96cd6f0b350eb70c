import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { useColor } from '../cli/output.ts';
import { checkEngine } from '../docker/engine.ts';

// Streams `docker compose logs`: straight to a terminal; into a pipe or a file as plain text,
// line by line, because Compose (2.26) writes colour and line clearing (ESC[2K) even there.
export async function runLogs(
  services: string[],
  flags: { project: string; follow: boolean; tail: string; since?: string },
): Promise<void> {
  await checkEngine();
  const terminal = useColor(process.stdout);
  const args = ['compose', '-p', flags.project, 'logs', '--tail', flags.tail];
  if (!terminal) args.push('--no-color');
  if (flags.follow) args.push('--follow');
  if (flags.since !== undefined) args.push('--since', flags.since);

  if (terminal) {
    const result = await execa('docker', [...args, ...services], {
      stdio: 'inherit',
      reject: false,
    });
    if (result.exitCode !== 0) process.exitCode = 1;
    return;
  }
  const child = execa('docker', [...args, ...services], { stderr: 'inherit', reject: false });
  for await (const line of child)
    process.stdout.write(`${stripVTControlCharacters(String(line))}\n`);
  if ((await child).exitCode !== 0) process.exitCode = 1;
}
