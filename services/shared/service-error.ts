// The one error type of the services layer: a stable code, a message for operators, an optional
// hint, and the cause it wraps. HTTP-facing errors also carry a status and whether the message
// may reach the client (5xx never do; their details go to the log).
export type ServiceErrorOptions = {
  code: string;
  hint?: string;
  cause?: unknown;
  status?: number;
  expose?: boolean;
};

export class ServiceError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly status: number;
  readonly expose: boolean;

  constructor(message: string, options: ServiceErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'ServiceError';
    this.code = options.code;
    this.hint = options.hint;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
  }
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError;
}
