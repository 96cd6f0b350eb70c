import { usageError } from '../cli/cli-error.ts';

export const profiles = ['demo', 'dev', 'ci', 'prod'] as const;
export type Profile = (typeof profiles)[number];

export function parseProfile(value: string): Profile {
  if ((profiles as readonly string[]).includes(value)) return value as Profile;
  throw usageError(
    `unknown profile "${value}", expected one of ${profiles.join(', ')}`,
    'run `identity render --help` to see what each profile is for',
  );
}

// The default Compose project name; `--project` or IDENTITY_PROJECT changes it.
export const defaultProject = 'identity';

const projectPattern = /^[a-z0-9][a-z0-9_-]*$/;

export function parseProject(value: string): string {
  if (projectPattern.test(value)) return value;
  throw usageError(
    `project name "${value}" is not valid, expected lowercase letters, digits, "-" and "_", ` +
      'starting with a letter or digit',
  );
}
