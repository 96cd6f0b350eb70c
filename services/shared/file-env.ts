import { readFileSync, statSync, type Stats } from 'node:fs';

import { ServiceError } from './service-error.ts';

export type Env = Record<string, string | undefined>;

// Reads `<name>` either from the environment or from the file named by `<name>_FILE`, the Docker
// secrets convention. Strict on purpose: a half-configured secret must stop the process with a
// message naming the variable and the path, never start it with an empty value.
export function readFileEnv(name: string, env: Env = process.env): string | undefined {
  const fileVariable = `${name}_FILE`;
  const direct = env[name];
  const path = env[fileVariable];

  if (direct !== undefined && path !== undefined) {
    throw new ServiceError(`both ${name} and ${fileVariable}=${path} are set, expected only one`, {
      code: 'config_conflict',
      hint: `remove ${name}; secrets are read from files under /run/secrets/`,
    });
  }
  if (path !== undefined) return readSecretFile(fileVariable, path);
  if (direct === undefined) return undefined;
  if (direct.trim() === '') {
    throw new ServiceError(`${name} is set but empty`, { code: 'config_empty' });
  }
  return direct;
}

export function requireFileEnv(name: string, env: Env = process.env): string {
  const value = readFileEnv(name, env);
  if (value === undefined) {
    throw new ServiceError(`${name}_FILE is not set`, {
      code: 'config_missing',
      hint: `set ${name}_FILE to the path of the mounted secret, e.g. /run/secrets/<name>`,
    });
  }
  return value;
}

// `variable` names where the path came from, e.g. `PGPASSWORD_FILE` or a client's `client_secret_file`.
export function readSecretFile(variable: string, path: string): string {
  const subject = `${variable}=${path}`;
  if (path.trim() === '') {
    throw new ServiceError(`${variable} is set but empty`, { code: 'config_empty' });
  }

  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (cause) {
    throw describeReadFailure(subject, path, cause);
  }

  // A trailing newline is how editors and `echo` end files; it is never part of the secret.
  const value = content.replace(/\s+$/, '');
  if (value === '') {
    throw new ServiceError(`${subject} is empty`, {
      code: 'secret_empty',
      hint: 'regenerate the secret with `identity secrets init`',
    });
  }
  return value;
}

function describeReadFailure(subject: string, path: string, cause: unknown): ServiceError {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new ServiceError(`${subject} does not exist`, {
      code: 'secret_missing',
      hint: 'check that the secret is declared for this service and its file exists on the host',
      cause,
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    const facts = describeOwnership(path);
    return new ServiceError(
      `${subject} cannot be read by uid ${process.getuid?.() ?? '?'}: permission denied${facts}`,
      {
        code: 'secret_unreadable',
        // Plain Compose mounts the host file with its own owner and mode, so the fix is there.
        hint: 'on the host, make the secret file mode 0444 in a 0700 folder (docs/secrets.md)',
        cause,
      },
    );
  }
  if (code === 'EISDIR') {
    return new ServiceError(`${subject} is a directory, expected a file`, {
      code: 'secret_not_file',
      cause,
    });
  }
  return new ServiceError(`${subject} cannot be read: ${(cause as Error).message}`, {
    code: 'secret_unreadable',
    cause,
  });
}

function describeOwnership(path: string): string {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    // The mode is extra detail for the message; without search permission on the folder it is
    // simply not known, and the permission error itself is still reported.
    return '';
  }
  const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
  return ` (mode ${mode}, owner uid ${stats.uid})`;
}
