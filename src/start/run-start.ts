import { resolve } from 'node:path';
import { createOutput, type Output } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import type { Profile } from '../stack/profiles.ts';
import { parseScaleOption } from '../stack/scale-option.ts';
import { identityEnv, loadState, saveState } from '../stack/project-state.ts';
import { listContainers } from '../docker/compose-ps.ts';
import { makeTarget } from '../stack/stack-target.ts';
import { describeStack } from './describe-stack.ts';
import type { ProgressMode } from './progress.ts';
import { startStack } from './start-stack.ts';

// What `identity start` is given on its command line.
export interface StartFlags {
  profile: Profile;
  project: string;
  scale?: string;
  observability: boolean;
  timeout: number;
  keepOnFailure: boolean;
  file: string[];
  progress: ProgressMode;
}

export async function runStart(flags: StartFlags, global: GlobalOptions): Promise<void> {
  const output = createOutput(global);
  const scale = await parseScaleOption(flags.scale, flags.profile);
  if (flags.observability) {
    // Services export telemetry only when given an endpoint: the collector, by service name.
    process.env['IDENTITY_OTLP_ENDPOINT'] ??= 'http://otel-collector:4318';
  }
  await keepRunningVariables(flags.project, output);
  const target = makeTarget({ ...flags, scale, files: flags.file.map((file) => resolve(file)) });

  output.progress(`starting the ${flags.profile} stack as project "${flags.project}"`);
  const result = await startStack(
    target,
    {
      timeoutMs: flags.timeout * 1000,
      keepOnFailure: flags.keepOnFailure,
      progress: flags.progress,
    },
    output,
  );
  await saveState({
    project: flags.project,
    profile: flags.profile,
    composeProfiles: target.composeProfiles,
    files: target.files.slice(1),
    scale,
    env: identityEnv(),
  });
  const summary = describeStack(target, result.stack);
  output.result({ ...summary, elapsedMs: result.elapsedMs, checks: result.checks }, () =>
    [
      `identity ${flags.profile} stack is ready (project ${flags.project}, ` +
        `${summary.scale}) in ${(result.elapsedMs / 1000).toFixed(1)}s`,
      '',
      ...Object.entries(summary.urls).map(([name, url]) => `  ${name.padEnd(10)} ${url}`),
      ...(summary.demoUser === undefined
        ? []
        : ['', `  demo user  ${summary.demoUser.username} / ${summary.demoUser.password}`]),
      '',
      ...summary.clients.map((client) => `  client     ${client}`),
      '',
      `stop with: identity stop${flags.project === 'identity' ? '' : ` -p ${flags.project}`}`,
    ].join('\n'),
  );
}

// Starting a project that runs again keeps the IDENTITY_* variables it was started with (its
// port, and so its issuer) unless the shell sets them anew: otherwise a second start from a
// plain shell would move a running stack to the default port and change its issuer.
async function keepRunningVariables(project: string, output: Output): Promise<void> {
  const state = await loadState(project);
  if (state === undefined) return;
  const running = (await listContainers(project)).some((c) => c.state === 'running');
  if (!running) return;
  for (const [key, value] of Object.entries(state.env)) {
    if (process.env[key] !== undefined) continue;
    process.env[key] = value;
    output.progress(`keeping ${key}=${value} from the running project (set it to change it)`);
  }
}
