import { spawnSync } from 'node:child_process';
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

// The same, synchronously, for unit tests of the verbs: a checkout (`bin`, `cwd`) may be
// another clone, as in the render tests that compare two checkouts.
export function runCliSync(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string } = {},
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(options.bin ?? `${repoRoot}/bin/identity`, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
