import { logTail } from '../docker/compose-ps.ts';
import type { Output } from '../cli/output.ts';
import type { Verdict } from './readiness.ts';

export type ProgressMode = 'auto' | 'plain' | 'json' | 'quiet';

// Reports the wait on stderr: a line when a service becomes ready or fails, and every
// `reminderMs` the services still pending with their newest log line. `json` writes one JSON
// object a line for programs; `quiet` writes nothing.
export class StartProgress {
  readonly #mode: Exclude<ProgressMode, 'auto'>;
  readonly #output: Output;
  readonly #project: string;
  readonly #pending = new Map<string, string>();
  #lastReminder = Date.now();
  readonly #reminderMs: number;

  constructor(mode: ProgressMode, output: Output, project: string, reminderMs = 10_000) {
    this.#mode = mode === 'auto' ? 'plain' : mode;
    this.#output = output;
    this.#project = project;
    this.#reminderMs = reminderMs;
  }

  change(service: string, verdict: Verdict, elapsedMs: number): void {
    if (verdict.status === 'pending') this.#pending.set(service, verdict.detail);
    else this.#pending.delete(service);
    if (this.#mode === 'json') {
      this.#emit({
        event: 'service',
        service,
        status: verdict.status,
        detail: verdict.detail,
        elapsedMs,
      });
      return;
    }
    if (this.#mode === 'quiet' || verdict.status === 'pending') return;
    const seconds = (elapsedMs / 1000).toFixed(1).padStart(5);
    const c = this.#output.color;
    const mark = verdict.status === 'ready' ? c.ok('ready ') : c.bad('failed');
    this.#output.progress(`${seconds}s  ${mark}  ${service.padEnd(14)} ${verdict.detail}`);
  }

  async remind(): Promise<void> {
    if (Date.now() - this.#lastReminder < this.#reminderMs || this.#pending.size === 0) return;
    this.#lastReminder = Date.now();
    for (const [service, detail] of this.#pending) {
      const last = (await logTail(this.#project, service, 1))[0] ?? '(no log yet)';
      if (this.#mode === 'json') {
        this.#emit({ event: 'waiting', service, detail, lastLog: last });
      } else if (this.#mode === 'plain') {
        this.#output.progress(
          `        waiting ${service.padEnd(14)} ${detail}; last log: ${last.slice(0, 160)}`,
        );
      }
    }
  }

  step(name: string, detail: string): void {
    if (this.#mode === 'json') this.#emit({ event: 'step', step: name, detail });
    else if (this.#mode === 'plain') this.#output.progress(`        ${name}: ${detail}`);
  }

  #emit(record: Record<string, unknown>): void {
    process.stderr.write(`${JSON.stringify(record)}\n`);
  }
}
