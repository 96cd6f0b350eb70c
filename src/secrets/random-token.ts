import { randomBytes } from 'node:crypto';

// Bytes from the operating system's CSPRNG, as base64url: no padding, no characters that need
// quoting in SQL, a URL, HTTP Basic credentials or a shell.
export function randomToken(byteCount: number): string {
  return randomBytes(byteCount).toString('base64url');
}

// 32 bytes: 256 bits, 43 characters.
export const tokenBytes = 32;
