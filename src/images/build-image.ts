import { existsSync } from 'node:fs';
import { DockerError } from '../docker/docker-error.ts';
import { runDocker } from '../docker/run-docker.ts';
import { inspectImage } from './docker-images.ts';
import { ImagesError } from './images-error.ts';

// One image build with BuildKit, skipped when the image under that tag carries the same inputs
// hash. Builds never pull: bases are local images (the offline kit) or refs BuildKit resolves
// itself, and Dockerfiles carry no syntax directive that would fetch a frontend image.
export const inputsLabel = 'identity.inputs';

export interface ImageBuild {
  tag: string;
  contextDir: string;
  dockerfile?: string;
  buildArgs?: Record<string, string>;
  // Named contexts (`--build-context name=dir`) a Dockerfile reads with `from=name`.
  buildContexts?: Record<string, string>;
  secrets?: { id: string; src: string }[];
  labels: Record<string, string>;
  inputs: string;
}

export interface BuildOutcome {
  tag: string;
  status: 'built' | 'up-to-date';
  durationMs: number;
  imageId: string;
  sizeBytes: number;
  // The image the tag pointed at before this build, when the build replaced it.
  replacedImageId?: string;
}

export async function buildImage(build: ImageBuild, force: boolean): Promise<BuildOutcome> {
  const started = Date.now();
  const existing = await inspectImage(build.tag);
  if (!force && existing !== undefined && existing.labels[inputsLabel] === build.inputs) {
    return outcome(build.tag, 'up-to-date', started, existing.id, existing.sizeBytes);
  }

  const args = ['build', '--tag', build.tag];
  if (build.dockerfile !== undefined) args.push('--file', build.dockerfile);
  for (const [name, value] of Object.entries(build.buildArgs ?? {})) {
    args.push('--build-arg', `${name}=${value}`);
  }
  for (const [name, dir] of Object.entries(build.buildContexts ?? {})) {
    args.push('--build-context', `${name}=${dir}`);
  }
  for (const secret of build.secrets ?? []) {
    if (existsSync(secret.src)) args.push('--secret', `id=${secret.id},src=${secret.src}`);
  }
  for (const [name, value] of Object.entries({ ...build.labels, [inputsLabel]: build.inputs })) {
    args.push('--label', `${name}=${value}`);
  }
  args.push(build.contextDir);

  await runBuild(build.tag, args);
  const built = await inspectImage(build.tag);
  if (built === undefined) {
    throw new ImagesError('build-failed', `docker build finished but ${build.tag} is not there`);
  }
  const result = outcome(build.tag, 'built', started, built.id, built.sizeBytes);
  if (existing !== undefined && existing.id !== built.id) result.replacedImageId = existing.id;
  return result;
}

// Removes the images earlier builds replaced, newest first so children go before their bases.
// An image a container still uses (or another tag still names) stays: `docker image rm` without
// --force refuses, and that refusal is the intended outcome, so it is not an error here.
export async function removeReplaced(outcomes: BuildOutcome[]): Promise<string[]> {
  const removed: string[] = [];
  for (const outcome of [...outcomes].reverse()) {
    if (outcome.replacedImageId === undefined) continue;
    const result = await runDocker(['image', 'rm', outcome.replacedImageId], { reject: false });
    if (result.exitCode === 0) removed.push(outcome.replacedImageId);
  }
  return removed;
}

async function runBuild(tag: string, args: string[]): Promise<void> {
  try {
    // BuildKit's progress goes to our stderr as it happens; stdout stays for results.
    await runDocker(args, { inheritStderr: true, env: { DOCKER_BUILDKIT: '1' } });
  } catch (error) {
    if (error instanceof DockerError && error.code === 'command-failed') {
      throw new ImagesError(
        'build-failed',
        `building ${tag} failed (docker exited ${error.facts.exitCode})`,
        {
          cause: error,
          hint: 'the build output above names the failing step',
        },
      );
    }
    throw error;
  }
}

function outcome(
  tag: string,
  status: BuildOutcome['status'],
  started: number,
  imageId: string,
  sizeBytes: number,
): BuildOutcome {
  return { tag, status, durationMs: Date.now() - started, imageId, sizeBytes };
}
