import { CliError } from '../cli/cli-error.ts';
import { createOutput } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import { loadState, saveState } from '../stack/project-state.ts';
import { parseScaleOption } from '../stack/scale-option.ts';
import { makeTarget } from '../stack/stack-target.ts';
import { startStack } from './start-stack.ts';

// Scales a running stack in place: the same bundle, profile and variables that start used,
// new replica counts; existing replicas are not recreated, the proxy finds new ones through
// Docker DNS, and a failure leaves the running stack as it is.
export async function runScale(
  spec: string,
  flags: { project: string; timeout: number },
  global: GlobalOptions,
): Promise<void> {
  const output = createOutput(global);
  const state = await loadState(flags.project);
  if (state === undefined) {
    throw new CliError('notReady', `project "${flags.project}" was not started by identity start`, {
      hint: `start it first: identity start --project ${flags.project} --scale ${spec}`,
    });
  }
  const { profiles } = await import('../model/profiles.ts');
  const current = { ...profiles[state.profile].defaultScale, ...state.scale };
  const scale = await parseScaleOption(spec, state.profile, current);

  Object.assign(process.env, state.env);
  const target = makeTarget({
    project: flags.project,
    profile: state.profile,
    observability: state.composeProfiles.includes('observability'),
    scale,
    files: state.files,
  });
  // Limitation: replicas added here run the image the tag names now, which after an
  // `identity images build` differs from the running ones, because recreating those to match
  // would restart every replica; the next `identity start` brings them together.
  output.progress(`scaling project "${flags.project}" to ${Object.values(scale).join('x')}`);
  const result = await startStack(
    target,
    { timeoutMs: flags.timeout * 1000, keepOnFailure: true, progress: 'auto', keepExisting: true },
    output,
  );
  await saveState({ ...state, scale });
  output.result(
    { project: flags.project, scale, elapsedMs: result.elapsedMs },
    () =>
      `project "${flags.project}" runs ${Object.entries(scale)
        .map(([service, count]) => `${service}=${count}`)
        .join(', ')}`,
  );
}
