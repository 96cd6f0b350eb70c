// The Docker adapter's error: what ran, how it ended, and what it said, as data.
export interface DockerErrorFacts {
  command: string;
  exitCode: number | undefined;
  stderr: string;
  durationMs: number;
}

export class DockerError extends Error {
  readonly code: 'docker-unavailable' | 'command-failed';
  readonly facts: DockerErrorFacts;

  constructor(
    code: DockerError['code'],
    message: string,
    facts: DockerErrorFacts,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DockerError';
    this.code = code;
    this.facts = facts;
  }
}
