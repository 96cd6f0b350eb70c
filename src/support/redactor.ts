import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateJwkMembers } from '../secrets/jwks.ts';

// Values that must never leave the machine: every secret file's content, each of its lines, and
// the private members of each JWK. Redaction replaces them wherever they appear, longest first,
// so that a value inside a longer one is still caught.
const minimumLength = 8;

export async function collectSecretValues(dirs: string[]): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const dir of new Set(dirs)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      for (const value of valuesIn(text)) values.set(value, name);
    }
  }
  return values;
}

function valuesIn(text: string): string[] {
  const values = [text.trim(), ...text.split('\n').map((line) => line.trim())];
  try {
    const parsed = JSON.parse(text) as { keys?: Record<string, unknown>[] };
    for (const key of parsed.keys ?? []) {
      for (const member of privateJwkMembers) {
        if (typeof key[member] === 'string') values.push(key[member]);
      }
    }
  } catch {
    // Not JSON: passwords, cookie keys and PEM files are covered line by line.
  }
  return values.filter((value) => value.length >= minimumLength && !/^-----/.test(value));
}

export class Redactor {
  readonly #values: [string, string][];

  constructor(values: Map<string, string>) {
    this.#values = [...values.entries()].sort((a, b) => b[0].length - a[0].length);
  }

  redact(text: string): string {
    let out = text;
    for (const [value, name] of this.#values) {
      if (out.includes(value)) out = out.replaceAll(value, `[redacted:${name}]`);
    }
    return out;
  }

  get size(): number {
    return this.#values.length;
  }
}
