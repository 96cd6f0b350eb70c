import { ExitCode, type ExitCodeName } from './exit-codes.ts';

export interface CliErrorOptions {
  hint?: string;
  cause?: unknown;
  // Extra lines shown after the message (log tails, probe output); never secret values.
  details?: string[];
}

// The CLI layer's one error type: `kind` picks the exit code, `message` names the subject, the
// value and the limit, `hint` says what to do next.
export class CliError extends Error {
  readonly kind: ExitCodeName;
  readonly hint: string | undefined;
  readonly details: string[];

  constructor(kind: ExitCodeName, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.kind = kind;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }

  get exitCode(): number {
    return ExitCode[this.kind];
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError('usage', message, { hint });
}
