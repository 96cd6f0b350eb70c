import type { SecretName } from './catalog.ts';

// One thing wrong with the secrets: which file, what is wrong, and the command or step that fixes
// it. Never a value.
export interface Problem {
  // Undefined for the folder itself.
  secret: SecretName | undefined;
  file: string;
  problem: string;
  fix: string;
}

export function formatProblem(problem: Problem): string {
  const subject = problem.secret ?? 'secrets folder';
  return `${subject} (${problem.file}): ${problem.problem}; fix: ${problem.fix}`;
}
