import { catalog, type ProfileName } from './catalog.ts';
import { fingerprint } from './fingerprint.ts';
import { ownerName } from './owner-name.ts';
import { modeText } from './permissions.ts';
import { readSecret } from './read-secret.ts';
import { displayPath } from './secrets-dir.ts';

export interface ListedSecret {
  name: string;
  file: string;
  present: boolean;
  mode: string | undefined;
  owner: string | undefined;
  uid: number | undefined;
  modifiedAt: string | undefined;
  ageSeconds: number | undefined;
  // Identifies the value without revealing it (fingerprint.ts); unreadable when this user can't.
  fingerprint: string | undefined;
  description: string;
}

// Every known secret file that exists, plus the missing ones a given profile needs.
export async function listSecrets(options: {
  dir: string;
  profile?: ProfileName;
  now?: Date;
}): Promise<ListedSecret[]> {
  const now = options.now ?? new Date();
  const found = await Promise.all(catalog.map((spec) => readSecret(options.dir, spec)));
  const wanted = found.filter(
    (secret) =>
      secret.stats !== undefined ||
      (options.profile !== undefined && secret.spec.profiles.includes(options.profile)),
  );

  return wanted.map(({ spec, path, stats, content }) => ({
    name: spec.name,
    file: displayPath(path),
    present: stats !== undefined,
    mode: stats === undefined ? undefined : modeText(stats.mode),
    owner: stats === undefined ? undefined : ownerName(stats.uid),
    uid: stats?.uid,
    modifiedAt: stats?.mtime.toISOString(),
    ageSeconds:
      stats === undefined
        ? undefined
        : Math.max(0, Math.floor((now.getTime() - stats.mtimeMs) / 1000)),
    fingerprint:
      content === undefined
        ? stats === undefined
          ? undefined
          : 'unreadable'
        : fingerprint(spec, content),
    description: spec.description,
  }));
}

// An age for people: the largest whole unit, "3d", "5h", "12m", "40s".
export function formatAge(seconds: number): string {
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)}d`;
  if (seconds >= 3_600) return `${Math.floor(seconds / 3_600)}h`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m`;
  return `${seconds}s`;
}
