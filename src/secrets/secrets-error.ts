// The secrets layer's one error type. Messages name the file and the problem, never a value:
// a parser's own message can quote its input, so such errors are kept only as `cause`, which the
// CLI never prints.
export type SecretsErrorCode =
  | 'unknown-secret'
  | 'folder-unsafe'
  | 'invalid'
  | 'incomplete-pair'
  | 'busy'
  | 'needs-stack'
  | 'not-running'
  | 'folder-mismatch'
  | 'roll-failed'
  | 'database-failed'
  | 'interrupted'
  | 'io';

export class SecretsError extends Error {
  readonly code: SecretsErrorCode;
  readonly hint: string | undefined;
  // Extra lines for a person (a replica's last log lines); never a value.
  readonly details: string[];

  constructor(
    code: SecretsErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SecretsError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}
