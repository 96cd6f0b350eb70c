import { randomToken, tokenBytes } from './random-token.ts';

// Cookie signing keys: one a line, the first signs, the others still verify. Rotation puts a new
// key first and keeps the previous ones for an overlap.
export const minKeyBits = 256;
export const keptPreviousCookieKeys = 2;

export function generateCookieKeys(): string {
  return `${randomToken(tokenBytes)}\n`;
}

export function parseCookieKeys(content: string): string[] {
  return content.split(/\r?\n/).filter((line) => line !== '');
}

export function formatCookieKeys(keys: string[]): string {
  return `${keys.join('\n')}\n`;
}

// Rotation in two steps, like the signing keys. Publishing adds the new key last, where it
// verifies but does not sign; promoting moves it first. On a running stack every replica learns
// the new key before any replica signs with it, so a cookie set by one replica verifies at all.
export function publishCookieKey(content: string): { content: string; key: string } {
  const key = randomToken(tokenBytes);
  return { content: formatCookieKeys([...parseCookieKeys(content), key]), key };
}

// The given key first, then up to keptPreviousCookieKeys of the others in their order.
export function promoteCookieKey(
  content: string,
  key: string,
): { content: string; dropped: number } {
  const others = parseCookieKeys(content).filter((existing) => existing !== key);
  const kept = others.slice(0, keptPreviousCookieKeys);
  return { content: formatCookieKeys([key, ...kept]), dropped: others.length - kept.length };
}

// Both steps at once: the new key signs from now on.
export function rotateCookieKeys(content: string): { content: string; dropped: number } {
  const published = publishCookieKey(content);
  return promoteCookieKey(published.content, published.key);
}

// Entropy of a key as its length times the bits one character of its alphabet carries. It is an
// upper bound for keys a person made up, but it catches short and hex-only keys.
export function estimateKeyBits(key: string): number {
  if (/^[0-9a-fA-F]+$/.test(key)) return key.length * 4;
  if (/^[A-Za-z0-9_=+/-]+$/.test(key)) return key.length * 6;
  return Math.floor(key.length * 6.5);
}

// The problems of a cookie key file, each naming the line, never the key.
export function cookieKeyProblems(content: string): string[] {
  const keys = parseCookieKeys(content);
  if (keys.length === 0) return ['holds no key'];

  const problems: string[] = [];
  keys.forEach((key, index) => {
    const line = index + 1;
    if (/\s/.test(key)) problems.push(`key on line ${line} holds whitespace`);
    const bits = estimateKeyBits(key.trim());
    if (bits < minKeyBits) {
      problems.push(
        `key on line ${line} has about ${bits} bits of entropy, expected ${minKeyBits}`,
      );
    }
  });
  if (new Set(keys).size !== keys.length) problems.push('holds the same key twice');
  return problems;
}
