// An RFC 6750 error: the status, the `error` code and description that go to the client in the
// JSON body and the WWW-Authenticate header, and the scope a 403 asks for.
export class BearerError extends Error {
  readonly status: 400 | 401 | 403 | 503;
  readonly error: string;
  readonly scope: string | undefined;

  constructor(
    status: BearerError['status'],
    error: string,
    description: string,
    options: { scope?: string; cause?: unknown } = {},
  ) {
    super(description, { cause: options.cause });
    this.name = 'BearerError';
    this.status = status;
    this.error = error;
    this.scope = options.scope;
  }

  // Without credentials the header names only the scheme (RFC 6750, section 3.1).
  get challenge(): string {
    const parts = ['realm="identity"'];
    if (this.error !== 'missing_token' && this.status !== 503) {
      parts.push(
        `error="${this.error}"`,
        `error_description="${this.message.replaceAll('"', "'")}"`,
      );
    }
    if (this.scope) parts.push(`scope="${this.scope}"`);
    return `Bearer ${parts.join(', ')}`;
  }

  get body(): Record<string, string> {
    const body: Record<string, string> = { error: this.error, error_description: this.message };
    if (this.scope) body['scope'] = this.scope;
    return body;
  }
}
