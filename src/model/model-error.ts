import { CliError } from '../cli/cli-error.ts';

// The stack model's error: a stable code, a message naming the subject, the value and the
// expected form, and a hint. Verbs turn it into a CliError with `toCliError`.
export type ModelErrorCode = 'bad-scale-spec' | 'unknown-profile' | 'demo-material-in-prod';

export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly hint: string | undefined;

  constructor(code: ModelErrorCode, message: string, options: { hint?: string } = {}) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
    this.hint = options.hint;
  }
}

// Bad input from the command line is a usage error (exit 2); demo material in a prod bundle is
// an invalid bundle (exit 7).
export function toCliError(error: ModelError): CliError {
  const kind = error.code === 'demo-material-in-prod' ? 'invalidBundle' : 'usage';
  return new CliError(kind, error.message, { hint: error.hint, cause: error });
}
