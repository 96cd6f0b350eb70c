import { readFile } from 'node:fs/promises';
import type { SecretName } from './catalog.ts';
import { displayPath } from './secrets-dir.ts';
import { SecretsError } from './secrets-error.ts';

// What a rotation starts from: the current content, which must exist and, where the rotation
// keeps previous keys, be usable, so that a broken file is fixed before keys are added to it.
export async function readExisting(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it is missing' : `cannot read it (${code})`;
    throw new SecretsError('invalid', `cannot rotate ${displayPath(path)}: ${why}`, {
      hint:
        code === 'ENOENT'
          ? 'run `identity secrets init` to create it'
          : 'run `identity secrets check`',
      cause: error,
    });
  }
}

// Rotation keeps the previous keys, so they must be usable; an unusable file is fixed first.
export async function readUsable(
  path: string,
  name: SecretName,
  problemsOf: (content: string) => Promise<string[]>,
): Promise<string> {
  const content = await readExisting(path);
  const problems = await problemsOf(content);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw new SecretsError(
      'invalid',
      `cannot rotate ${displayPath(path)}: rotation keeps its keys, but the file ` +
        `${problems[0]}${more}`,
      { hint: `run \`identity secrets check\` to see how to fix ${name}` },
    );
  }
  return content;
}
