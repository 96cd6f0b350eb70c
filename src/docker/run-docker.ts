import createDebug from 'debug';
import { execa } from 'execa';
import { DockerError } from './docker-error.ts';

const debug = createDebug('identity:docker');

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  // Stream the child's stderr to ours (builds, pulls) instead of capturing it.
  inheritStderr?: boolean;
  // Return the result even when the command exits non-zero.
  reject?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// Runs `docker ...` and returns its output. Every call into Docker goes through here, so the
// debug namespace identity:docker shows each command with its duration and exit code.
export async function runDocker(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const command = `docker ${args.join(' ')}`;
  debug('run %s', command);
  try {
    const result = await execa('docker', args, {
      cwd: options.cwd,
      env: options.env,
      input: options.input,
      timeout: options.timeoutMs,
      reject: false,
      stderr: options.inheritStderr === true ? 'inherit' : 'pipe',
    });
    const durationMs = Date.now() - started;
    debug('exit %s after %dms: %s', result.exitCode, durationMs, command);
    if (result.failed && result.exitCode === undefined) {
      throw new DockerError('docker-unavailable', `cannot run docker: ${result.shortMessage}`, {
        command,
        exitCode: undefined,
        stderr: String(result.stderr ?? ''),
        durationMs,
      });
    }
    const out: RunResult = {
      exitCode: result.exitCode ?? 1,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
    };
    if (out.exitCode !== 0 && options.reject !== false) {
      const firstLine = out.stderr.trim().split('\n').at(-1) ?? '';
      throw new DockerError('command-failed', `${command} exited ${out.exitCode}: ${firstLine}`, {
        command,
        exitCode: out.exitCode,
        stderr: out.stderr,
        durationMs,
      });
    }
    return out;
  } catch (error) {
    if (error instanceof DockerError) throw error;
    throw new DockerError(
      'docker-unavailable',
      `cannot run docker: ${(error as Error).message}`,
      { command, exitCode: undefined, stderr: '', durationMs: Date.now() - started },
      { cause: error },
    );
  }
}

// `docker compose -p <project> -f <file>... <args>`.
export function runCompose(
  project: string,
  files: string[],
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const fileArgs = files.flatMap((file) => ['-f', file]);
  return runDocker(['compose', '-p', project, ...fileArgs, ...args], options);
}
