// The images layer's error: a stable code, a message naming the subject, a hint, and the cause.
export type ImagesErrorCode =
  'prerequisite-missing' | 'input-missing' | 'fetch-failed' | 'build-failed';

export class ImagesError extends Error {
  readonly code: ImagesErrorCode;
  readonly hint: string | undefined;

  constructor(
    code: ImagesErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImagesError';
    this.code = code;
    this.hint = options.hint;
  }
}
