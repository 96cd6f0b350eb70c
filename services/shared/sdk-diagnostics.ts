import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

import type { Logger } from './logger.ts';

const quietMs = 60_000;
const noop = () => {};

// OpenTelemetry reports its own trouble (an export that failed: collector unreachable, refused,
// too slow) through its diagnostic logger, which is silent unless one is registered. Ours turns
// warnings and errors into `warn` records, at most one a minute with a count of those held back,
// so an endpoint that is down shows in the logs without a line per batch.
export function reportSdkProblems(logger: Logger, now: () => number = Date.now): void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let heldBack = 0;
  const report = (message: string, ...args: unknown[]) => {
    if (now() - lastAt < quietMs) {
      heldBack += 1;
      return;
    }
    lastAt = now();
    const detail = [message, ...args].map(describe).join(' ').slice(0, 500);
    logger.warn({ detail, heldBack }, 'telemetry: OpenTelemetry reported a problem');
    heldBack = 0;
  };
  const sdkLogger: DiagLogger = {
    error: report,
    warn: report,
    info: noop,
    debug: noop,
    verbose: noop,
  };
  diag.setLogger(sdkLogger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}

// The SDK's error handler passes an error as a JSON string with its stack; the name, message and
// code are what a reader needs.
function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    const parsed = JSON.parse(value) as { name?: string; message?: string; code?: string };
    if (typeof parsed.message !== 'string') return value;
    const code = parsed.code === undefined ? '' : ` (code ${parsed.code})`;
    return `${parsed.name ?? 'Error'}: ${parsed.message}${code}`;
  } catch {
    // Not JSON: a plain message, kept as it is.
    return value;
  }
}
