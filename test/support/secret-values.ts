import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

// Every value in a secrets folder that must never show up anywhere else, each with a label that
// names it without revealing it: whole passwords and client secrets, each cookie key, the private
// members of every JWK, and the lines of the proxy's private key. Certificates are public.
const privateJwkMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const minLength = 16;

export async function secretValues(dir: string): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  const add = (value: string, label: string) => {
    if (value.length >= minLength) values.set(value, label);
  };

  for (const name of (await readdir(dir)).filter((file) => !file.startsWith('.'))) {
    const content = await readFile(join(dir, name), 'utf8');
    if (name === 'ca_cert') continue;
    if (name === 'jwks') {
      const { keys } = JSON.parse(content) as { keys: Record<string, unknown>[] };
      for (const key of keys) {
        for (const member of privateJwkMembers) {
          const value = key[member];
          if (typeof value === 'string') add(value, `jwks ${String(key['kid'])} ${member}`);
        }
      }
      continue;
    }
    if (name === 'proxy_tls') {
      const key = content.slice(content.search(/-----BEGIN [A-Z ]*PRIVATE KEY-----/));
      key
        .split('\n')
        .filter((line) => !line.startsWith('-----'))
        .forEach((line, index) => add(line.trim(), `proxy_tls private key line ${index + 1}`));
      continue;
    }
    content.split('\n').forEach((line, index) => add(line.trim(), `${name} line ${index + 1}`));
  }
  return values;
}

// The labels of the values that occur in a text or buffer; the values themselves are never
// returned, so an assertion message cannot leak them.
export function leaksIn(haystack: string | Buffer, values: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [value, label] of values) {
    if (haystack.includes(value)) found.push(label);
  }
  return found;
}
