import { randomToken, tokenBytes } from './random-token.ts';

// Passwords and client secrets: one line, no whitespace. Files hold the value without a trailing
// newline; readers strip one if a bring-your-own file has it.
export const minPasswordLength = 24;
export const minClientSecretLength = 32;

export function generatePassword(): string {
  return randomToken(tokenBytes);
}

export function stripTrailingNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

// The problem with a password file's content, or undefined when it is usable.
export function passwordProblem(content: string, minLength: number): string | undefined {
  const value = stripTrailingNewline(content);
  if (value.length === 0) return 'is empty';
  if (/[\s\p{Cc}]/u.test(value)) {
    return 'holds whitespace or control characters (more than one line, or a space)';
  }
  if (value.length < minLength) {
    return `is ${value.length} characters long, expected at least ${minLength}`;
  }
  return undefined;
}
