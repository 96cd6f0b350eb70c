import { execa } from 'execa';
import { repoRoot } from '../../src/paths.ts';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// Runs the real CLI as a user would, through bin/identity, and keeps what it printed.
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 600_000,
): Promise<CliRun> {
  const result = await execa(`${repoRoot}/bin/identity`, args, {
    env: { NO_COLOR: '1', ...env },
    reject: false,
    timeout: timeoutMs,
    stdin: 'ignore',
  });
  return {
    exitCode: result.exitCode ?? 1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  };
}

export function explain(run: CliRun): string {
  return `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
