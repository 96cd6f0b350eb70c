import { readFileSync } from 'node:fs';

// The user name of a uid from /etc/passwd, for listings; the number alone where there is none.
let cache: Map<number, string> | undefined;

export function ownerName(uid: number): string {
  cache ??= readPasswd();
  const name = cache.get(uid);
  return name === undefined ? String(uid) : `${name} (${uid})`;
}

function readPasswd(): Map<number, string> {
  const names = new Map<number, string>();
  let text = '';
  try {
    text = readFileSync('/etc/passwd', 'utf8');
  } catch {
    // No /etc/passwd (a minimal container or another OS): owners show as numbers.
    return names;
  }
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name !== undefined && uid !== undefined && /^\d+$/.test(uid)) {
      if (!names.has(Number(uid))) names.set(Number(uid), name);
    }
  }
  return names;
}
