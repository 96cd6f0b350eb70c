export type CheckStatus = 'pass' | 'fail' | 'skip';

// One health check's outcome: what was checked, how it went, how long it took, and a detail a
// person can act on. Details never carry a secret or a token.
export interface CheckResult {
  name: string;
  target: string;
  status: CheckStatus;
  durationMs: number;
  detail: string;
}

export async function timeCheck(
  name: string,
  target: string,
  check: () => Promise<string>,
): Promise<CheckResult> {
  const started = performance.now();
  try {
    const detail = await check();
    return { name, target, status: 'pass', durationMs: elapsed(started), detail };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { name, target, status: 'fail', durationMs: elapsed(started), detail };
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
