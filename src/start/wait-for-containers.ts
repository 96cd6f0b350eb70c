import { setTimeout as sleep } from 'node:timers/promises';
import { listContainers } from '../docker/compose-ps.ts';
import type { ResolvedService } from '../stack/resolved-stack.ts';
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
  // The services to wait for: one stage of the start.
  services: ResolvedService[];
  deadline: number;
  // When the start began, so that progress times run on across stages.
  startedAt?: number;
  // False while `docker compose up` still runs: until it has (re)started a one-shot job, the
  // job's container may still be the one a previous start left, exited with its old code.
  settled: () => boolean;
  pollMs?: number;
  events: WaitEvents;
  // Resolves with a reason when waiting should stop early (Compose failed, the user interrupted).
  abort: Promise<string>;
}

// Polls the project's containers until every service is ready, one fails, time runs out, or
// the abort promise settles. Each service's verdict change is reported once.
export async function waitForContainers(options: WaitOptions): Promise<WaitOutcome> {
  const started = options.startedAt ?? Date.now();
  const last = new Map<string, string>();
  let abortReason: string | undefined;
  void options.abort.then((reason) => {
    abortReason = reason;
  });

  for (;;) {
    const containers = await listContainers(options.project);
    const verdicts = options.services.map((service) => ({
      service: service.name,
      verdict:
        service.oneShot && !options.settled()
          ? ({ status: 'pending', detail: 'starting' } as const)
          : judgeService(service, containers),
    }));

    // A failure is told last, so the lines read in the order a person reasons about them.
    const rank = { ready: 0, pending: 1, failed: 2 };
    const ordered = verdicts.toSorted((a, b) => rank[a.verdict.status] - rank[b.verdict.status]);
    for (const { service, verdict } of ordered) {
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
