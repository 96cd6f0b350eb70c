import { runDocker } from '../../docker/run-docker.ts';

// What the doctor needs to know of an image without starting the stack: whether it is here,
// which uid its process ends up as, which uid reads the secret files named by its _FILE
// variables, and whether a binary is on its PATH.
export interface ImageFacts {
  image: string;
  present: boolean;
  runtimeUid: number;
  secretReaderUid: number;
}

// Images that start as root and drop to a fixed user themselves; their entrypoints read the
// _FILE variables while still root (the official PostgreSQL image and our stand-in both do).
const knownImages: { pattern: RegExp; runtimeUid: number; secretReaderUid: number }[] = [
  { pattern: /(^|\/)postgres:/, runtimeUid: 999, secretReaderUid: 0 },
  { pattern: /(^|\/)haproxy:/, runtimeUid: 99, secretReaderUid: 99 },
];

export async function imageFacts(image: string): Promise<ImageFacts> {
  const result = await runDocker(['image', 'inspect', '--format', '{{.Config.User}}', image], {
    reject: false,
  });
  if (result.exitCode !== 0) return { image, present: false, runtimeUid: 0, secretReaderUid: 0 };
  const known = knownImages.find(({ pattern }) => pattern.test(image));
  if (known !== undefined) return { image, present: true, ...known };
  const uid = await uidOf(image, result.stdout.trim().split(':')[0] ?? '');
  return { image, present: true, runtimeUid: uid, secretReaderUid: uid };
}

// The uid of a user as an image names it: a number as it is, a name through the image's own
// /etc/passwd.
export async function uidOf(image: string, user: string): Promise<number> {
  if (user === '' || user === 'root') return 0;
  if (/^\d+$/.test(user)) return Number(user);
  const result = await runDocker(
    ['run', '--rm', '--network', 'none', '--entrypoint', 'id', image, '-u', user],
    { reject: false, timeoutMs: 30_000 },
  );
  const uid = result.stdout.trim();
  // Without `id` in the image the name cannot be resolved; 1000 is the usual first user.
  return result.exitCode === 0 && /^\d+$/.test(uid) ? Number(uid) : 1000;
}

export type BinaryPresence = 'present' | 'missing' | 'unknown';

export async function hasBinary(image: string, binary: string): Promise<BinaryPresence> {
  const result = await runDocker(
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'sh',
      image,
      '-c',
      'command -v -- "$1"',
      '_',
      binary,
    ],
    { reject: false, timeoutMs: 30_000 },
  );
  if (result.exitCode === 0) return 'present';
  // 127 from sh is "not found"; a missing sh makes docker itself fail (126/127 with a message).
  if (result.exitCode === 1) return 'missing';
  return /executable file not found|no such file/i.test(result.stderr) ? 'unknown' : 'missing';
}

// The groups a uid has inside an image (its /etc/group), or undefined when the image cannot say.
export async function groupsOf(image: string, uid: number): Promise<number[] | undefined> {
  const result = await runDocker(
    ['run', '--rm', '--network', 'none', '--user', String(uid), '--entrypoint', 'id', image, '-G'],
    { reject: false, timeoutMs: 30_000 },
  );
  if (result.exitCode !== 0) return undefined;
  return result.stdout.trim().split(/\s+/).map(Number);
}
