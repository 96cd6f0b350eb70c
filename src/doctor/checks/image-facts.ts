import { runDocker } from '../../docker/run-docker.ts';

// What the doctor needs to know of an image without starting the stack: whether it is here,
// which uid its process ends up as, and whether a binary is on its PATH.
export interface ImageFacts {
  image: string;
  present: boolean;
  runtimeUid: number;
}

// Images that start as root and drop to a fixed user themselves.
const knownRuntimeUids: [RegExp, number][] = [
  [/(^|\/)postgres:/, 999],
  [/(^|\/)haproxy:/, 99],
];

export async function imageFacts(image: string): Promise<ImageFacts> {
  const result = await runDocker(['image', 'inspect', '--format', '{{.Config.User}}', image], {
    reject: false,
  });
  if (result.exitCode !== 0) return { image, present: false, runtimeUid: 0 };
  const known = knownRuntimeUids.find(([pattern]) => pattern.test(image))?.[1];
  const user = result.stdout.trim().split(':')[0] ?? '';
  const uid = /^\d+$/.test(user) ? Number(user) : user === '' || user === 'root' ? 0 : 1000;
  return { image, present: true, runtimeUid: known ?? uid };
}

export type BinaryPresence = 'present' | 'missing' | 'unknown';

export async function hasBinary(image: string, binary: string): Promise<BinaryPresence> {
  const result = await runDocker(
    ['run', '--rm', '--network', 'none', '--entrypoint', 'sh', image, '-c', 'command -v -- "$1"', '_', binary],
    { reject: false, timeoutMs: 30_000 },
  );
  if (result.exitCode === 0) return 'present';
  // 127 from sh is "not found"; a missing sh makes docker itself fail (126/127 with a message).
  if (result.exitCode === 1) return 'missing';
  return /executable file not found|no such file/i.test(result.stderr) ? 'unknown' : 'missing';
}
