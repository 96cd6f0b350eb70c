import { execa } from 'execa';
import { CliError } from '../cli/cli-error.ts';
import type { Output } from '../cli/output.ts';
import { listContainers } from '../docker/compose-ps.ts';
import { runDocker } from '../docker/run-docker.ts';
import { checkEngine } from '../docker/engine.ts';
import type { CheckResult } from '../health/check-result.ts';
import {
  loadResolvedStack,
  type ResolvedService,
  type ResolvedStack,
} from '../stack/resolved-stack.ts';
import { composeGlobalArgs, scaleArgs, type StackTarget } from '../stack/stack-target.ts';
import { diagnoseService } from './diagnose.ts';
import { preflight } from './preflight.ts';
import { type ProgressMode, StartProgress } from './progress.ts';
import { dependantsOf, planStages, type Stage } from './stages.ts';
import { projectVolumes, teardown } from './teardown.ts';
import { waitForContainers, type WaitOutcome } from './wait-for-containers.ts';
import { waitForProtocol } from './wait-for-protocol.ts';

export interface StartOptions {
  timeoutMs: number;
  keepOnFailure: boolean;
  progress: ProgressMode;
  // Scale: leave running containers as they are, even when the bundle or the image they were
  // made from changed since, and only add or remove replicas.
  keepExisting?: boolean;
}

export interface StartResult {
  stack: ResolvedStack;
  checks: CheckResult[];
  elapsedMs: number;
}

// Brings a stack up and waits until it really works: every container ready by its own
// strategy, then the protocol checks through the proxy. A failed start removes what it created
// (keeping volumes that held data before) unless asked to keep it; the first error wins.
export async function startStack(
  target: StackTarget,
  options: StartOptions,
  output: Output,
): Promise<StartResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  await checkEngine();
  const stack = await loadResolvedStack(target.project, target.files, {
    profiles: target.composeProfiles,
    scale: target.scale,
  });
  await preflight(target, stack);

  const volumesBefore = await projectVolumes(target.project);
  const progress = new StartProgress(options.progress, output, target.project);
  try {
    await bringUp({
      target,
      stack,
      deadline,
      startedAt: started,
      progress,
      keepOnFailure: options.keepOnFailure,
      keepExisting: options.keepExisting === true,
    });
    const checks = await waitForProtocol(stack, deadline, progress);
    return { stack, checks, elapsedMs: Date.now() - started };
  } catch (error) {
    if (options.keepOnFailure) {
      output.warn(`kept project "${target.project}" for debugging (--keep-on-failure)`);
    } else {
      output.progress(`removing what this start created in project "${target.project}"`);
      const problems = await teardown(target.project, volumesBefore);
      for (const problem of problems) output.warn(`cleanup: ${problem}`);
    }
    throw error;
  }
}

interface BringUpContext {
  target: StackTarget;
  stack: ResolvedStack;
  deadline: number;
  startedAt: number;
  progress: StartProgress;
  keepOnFailure: boolean;
  keepExisting: boolean;
}

// One `docker compose up` per stage (stages.ts): the jobs and what they need, then the rest,
// which Compose then no longer has to wait for.
async function bringUp(context: BringUpContext): Promise<void> {
  const { target } = context;
  const recreate = context.keepExisting ? ['--no-recreate'] : [];
  if (!context.keepExisting) await removeStoppedReplicas(context);
  for (const stage of planStages(context.stack)) {
    if (stage.name === 'jobs' && context.keepExisting && (await jobsCompleted(context, stage))) {
      // Scaling changes replica counts only: jobs that already completed do not run again.
      continue;
    }
    const names = stage.services.map((service) => service.name);
    const upArgs =
      stage.name === 'jobs'
        ? ['up', '--detach', ...recreate, ...names]
        : [
            'up',
            '--detach',
            ...recreate,
            '--remove-orphans',
            '--no-deps',
            ...scaleArgs(target),
            ...names,
          ];
    await runStage(context, stage.services, upArgs);
  }
}

// A failed start kept for debugging (or a plain `compose up` that failed) leaves exited
// containers of long-running services; Compose would start those same containers again and the
// wait would judge their old exit first. They hold no data (volumes stay), so they go first.
async function removeStoppedReplicas(context: BringUpContext): Promise<void> {
  const { target, stack } = context;
  const longRunning = new Set(stack.services.filter((s) => !s.oneShot).map((s) => s.name));
  const stopped = (await listContainers(target.project)).filter(
    (c) => longRunning.has(c.service) && c.state !== 'running' && c.state !== 'restarting',
  );
  if (stopped.length === 0) return;
  context.progress.step(
    'cleanup',
    `removing ${stopped.length} stopped containers of an earlier run`,
  );
  await runDocker(['rm', '--force', ...stopped.map((c) => c.id)]);
}

async function jobsCompleted(context: BringUpContext, stage: Stage): Promise<boolean> {
  const containers = await listContainers(context.target.project);
  return stage.services.every((service) => {
    const mine = containers.filter((c) => c.service === service.name);
    if (service.oneShot)
      return mine.length > 0 && mine.every((c) => c.exitCode === 0 && c.state === 'exited');
    return mine.length > 0 && mine.every((c) => c.state === 'running');
  });
}

async function runStage(
  context: BringUpContext,
  services: ResolvedService[],
  upArgs: string[],
): Promise<void> {
  const { target, progress } = context;
  const args = ['compose', '-p', target.project, ...target.files.flatMap((f) => ['-f', f])];
  const up = execa('docker', [...args, ...composeGlobalArgs(target), ...upArgs], {
    reject: false,
    all: true,
  });
  let settled = false;
  // Compose itself waits for depends_on conditions; its failure ends our wait early.
  const abort = new Promise<string>((resolve) => {
    void up.then((result) => {
      settled = true;
      if (result.exitCode !== 0)
        resolve(
          String(result.all ?? '')
            .trim()
            .split('\n')
            .at(-1) ?? '',
        );
    });
    process.once('identity:interrupt' as 'SIGINT', () => resolve('interrupted'));
  });

  const outcome = await waitForContainers({
    project: target.project,
    services,
    deadline: context.deadline,
    startedAt: context.startedAt,
    settled: () => settled,
    abort,
    events: {
      onChange: (service, verdict, elapsedMs) => progress.change(service, verdict, elapsedMs),
      onPoll: () => progress.remind(),
    },
  });
  if (outcome.status === 'ready') {
    await up;
    return;
  }
  up.kill();
  if (outcome.status === 'failed') throw await failedService(context, outcome);
  if (outcome.status === 'aborted') {
    if (outcome.reason === 'interrupted') throw new CliError('interrupted', 'start interrupted');
    throw new CliError('notReady', `docker compose up failed: ${outcome.reason}`, {
      hint: 'rerun with --debug docker to see the Compose commands',
    });
  }
  const details: string[] = [];
  for (const pending of outcome.pending) {
    details.push(`${pending.service}: ${pending.detail}`);
    details.push(...(await diagnoseService(target.project, pending.service)));
  }
  throw new CliError(
    'notReady',
    `timed out while still starting: ${outcome.pending.map((p) => p.service).join(', ')}`,
    { details, hint: 'a slow machine may need a longer --timeout (seconds)' },
  );
}

async function failedService(
  context: BringUpContext,
  outcome: Extract<WaitOutcome, { status: 'failed' }>,
): Promise<CliError> {
  const { service, verdict } = outcome;
  const details = await diagnoseService(context.target.project, service);
  const job = context.stack.services.find((s) => s.name === service)?.oneShot === true;
  const notStarted = job ? dependantsOf(context.stack, service) : [];
  if (notStarted.length > 0) {
    details.push(`not started, because they need ${service}: ${notStarted.join(', ')}`);
  }
  const what =
    verdict.reason === 'unhealthy'
      ? `service ${service} became unhealthy while starting`
      : job
        ? `one-shot job ${service} ${verdict.detail}`
        : `service ${service} stopped: ${verdict.detail}`;
  // Without --keep-on-failure the containers are gone once this is printed, and their logs too.
  const project = context.target.project;
  const logs = `identity logs${project === 'identity' ? '' : ` -p ${project}`} ${service}`;
  const hint = context.keepOnFailure
    ? `the project is kept for debugging: \`${logs}\``
    : `fix the cause and start again; --keep-on-failure keeps the project for \`${logs}\``;
  return new CliError('notReady', what, { details, hint });
}
