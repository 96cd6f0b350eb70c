import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../cli/cli-error.ts';
import { createOutput } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import { checkEngine } from '../docker/engine.ts';
import { inspectProject } from '../docker/inspect-project.ts';
import { oneShotServices } from '../stack/run-status.ts';
import { collectHealth } from './collect-health.ts';

export async function runHealth(
  services: string[],
  flags: { project: string; watch?: number },
  global: GlobalOptions,
): Promise<void> {
  await checkEngine();
  if (flags.watch === undefined) {
    await checkOnce(services, flags.project, global);
    return;
  }
  // --watch: check again every interval until interrupted; the exit code is the last round's.
  let stop = false;
  process.once('identity:interrupt' as 'SIGINT', () => {
    stop = true;
  });
  while (!stop) {
    process.exitCode = 0;
    if (!global.json) process.stdout.write(`\n${new Date().toISOString()}\n`);
    await checkOnce(services, flags.project, global);
    await Promise.race([
      sleep(flags.watch * 1000),
      new Promise((resolve) => process.once('identity:interrupt' as 'SIGINT', resolve)),
    ]);
  }
}

async function checkOnce(
  services: string[],
  project: string,
  global: GlobalOptions,
): Promise<void> {
  const output = createOutput(global);
  const flags = { project };
  const containers = await inspectProject(flags.project, [
    'PORT',
    'IDENTITY_ISSUER',
    'RS_AUDIENCE',
  ]);
  const projectFlag = project === 'identity' ? '' : ` -p ${project}`;
  if (containers.length === 0) {
    throw new CliError('notReady', `project "${flags.project}" is not running`, {
      hint: `start it with \`identity start${projectFlag}\``,
    });
  }

  const checks = await collectHealth(containers, services, await oneShotServices(flags.project));
  const failed = checks.filter((check) => check.status === 'fail');
  output.result({ project: flags.project, healthy: failed.length === 0, checks }, () => {
    const rows = checks.map((check) => ({
      check: check.name,
      target: check.target,
      status:
        check.status === 'pass'
          ? output.color.ok('pass')
          : check.status === 'fail'
            ? output.color.bad('FAIL')
            : 'skip',
      ms: check.durationMs,
      detail: check.detail,
    }));
    return output.table(rows, ['check', 'target', 'status', 'ms', 'detail']);
  });
  if (failed.length === 0) return;
  process.exitCode = 5;
  // The table is the result; stderr says in one line what failed and where to look next.
  const what = failed.map((check) => `${check.name} ${check.target}`).join(', ');
  process.stderr.write(
    `${failed.length} of ${checks.length} checks failed: ${what}\n` +
      `hint: \`identity doctor${projectFlag}\` explains each, ` +
      `\`identity logs${projectFlag} <service>\` shows a service's log\n`,
  );
}
