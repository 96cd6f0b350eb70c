import { dirname } from 'node:path';
import { runDocker } from '../docker/run-docker.ts';
import { DockerError } from '../docker/docker-error.ts';
import { error, type Finding } from './finding.ts';

export type ComposeConfigResult =
  { ran: true; findings: Finding[] } | { ran: false; reason: string };

// `docker compose config --quiet` over the same files, when Docker's Compose plugin is present:
// the authority on what Compose itself accepts (interpolation, merge, references).
export async function checkWithCompose(
  files: string[],
  profiles: string[],
): Promise<ComposeConfigResult> {
  const args = [
    'compose',
    '--project-directory',
    dirname(files[0]!),
    ...files.flatMap((file) => ['-f', file]),
    ...profiles.flatMap((profile) => ['--profile', profile]),
    'config',
    '--quiet',
  ];
  try {
    const result = await runDocker(args, { reject: false, timeoutMs: 30_000 });
    if (result.exitCode === 0) return { ran: true, findings: [] };
    const message =
      result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${result.exitCode}`;
    return {
      ran: true,
      findings: [
        error('compose-config', {
          field: '(files)',
          message: `docker compose config rejects the files: ${message}`,
          fix: 'fix the field Compose names; run docker compose config to see it in context',
        }),
      ],
    };
  } catch (cause) {
    if (cause instanceof DockerError) return { ran: false, reason: cause.message };
    throw cause;
  }
}
