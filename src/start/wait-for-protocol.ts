import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../cli/cli-error.ts';
import type { CheckResult } from '../health/check-result.ts';
import { runProtocolChecks } from '../health/protocol-checks.ts';
import { protocolTargetOf } from '../health/protocol-target.ts';
import { checkProxyRouting } from '../health/proxy-routing.ts';
import type { ResolvedStack } from '../stack/resolved-stack.ts';
import type { StartProgress } from './progress.ts';

// The last readiness step of start: the protocol through the proxy, retried until it passes or
// time runs out.
export async function waitForProtocol(
  stack: ResolvedStack,
  deadline: number,
  progress: StartProgress,
): Promise<CheckResult[]> {
  const target = protocolTargetOf(stack);
  for (;;) {
    // Healthy containers are not enough: the proxy admits a replica a few seconds later.
    const checks = [...(await runProtocolChecks(target)), await checkProxyRouting(stack.name)];
    // A skip waits on nothing: the rs check skips only when the token check failed.
    const failed = checks.filter((check) => check.status === 'fail');
    if (failed.length === 0) {
      progress.step('protocol', `ready: ${checks.map((c) => c.name).join(', ')}`);
      return checks;
    }
    if (Date.now() > deadline) {
      throw new CliError('notReady', 'the stack runs but the protocol checks fail', {
        details: failed.map((check) => `${check.name}: ${check.detail}`),
        hint: 'run `identity health` for every check, and `identity logs authz rs proxy`',
      });
    }
    await sleep(1_000);
  }
}
