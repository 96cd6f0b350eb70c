import { setTimeout as sleep } from 'node:timers/promises';
import { listContainers } from '../docker/compose-ps.ts';
import type { ResolvedStack } from '../stack/resolved-stack.ts';
import { judgeService, type Verdict } from './readiness.ts';

export interface WaitEvents {
  onChange(service: string, verdict: Verdict, elapsedMs: number): void;
  // Called once per poll, e.g. to show what is still pending.
  onPoll?(): Promise<void>;
}

export type WaitOutcome =
  | { status: 'ready' }
  | { status: 'failed'; service: string; verdict: Extract<Verdict, { status: 'failed' }> }
  | { status: 'timeout'; pending: { service: string; detail: string }[] }
  | { status: 'aborted'; reason: string };

export interface WaitOptions {
  project: string;
  stack: ResolvedStack;
  deadline: number;
  pollMs?: number;
  events: WaitEvents;
  // Resolves with a reason when waiting should stop early (Compose failed, the user interrupted).
  abort: Promise<string>;
}

// Polls the project's containers until every service is ready, one fails, time runs out, or
// the abort promise settles. Each service's verdict change is reported once.
export async function waitForContainers(options: WaitOptions): Promise<WaitOutcome> {
  const started = Date.now();
  const last = new Map<string, string>();
  let abortReason: string | undefined;
  void options.abort.then((reason) => {
    abortReason = reason;
  });

  for (;;) {
    const containers = await listContainers(options.project);
    const verdicts = options.stack.services.map((service) => ({
      service: service.name,
      verdict: judgeService(service, containers),
    }));

    for (const { service, verdict } of verdicts) {
      const key = `${verdict.status}:${verdict.detail}`;
      if (last.get(service) !== key) {
        last.set(service, key);
        options.events.onChange(service, verdict, Date.now() - started);
      }
    }

    const failed = verdicts.find((v) => v.verdict.status === 'failed');
    if (failed !== undefined && failed.verdict.status === 'failed') {
      return { status: 'failed', service: failed.service, verdict: failed.verdict };
    }
    if (verdicts.every((v) => v.verdict.status === 'ready')) return { status: 'ready' };
    if (abortReason !== undefined) return { status: 'aborted', reason: abortReason };
    if (Date.now() > options.deadline) {
      return {
        status: 'timeout',
        pending: verdicts
          .filter((v) => v.verdict.status !== 'ready')
          .map((v) => ({ service: v.service, detail: v.verdict.detail })),
      };
    }
    await options.events.onPoll?.();
    await Promise.race([sleep(options.pollMs ?? 1_000), options.abort]);
  }
}
