import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';
import { buildImage, removeReplaced, type BuildOutcome } from './build-image.ts';
import { listContextFiles } from './context-files.ts';
import { inspectImage } from './docker-images.ts';
import { appImage } from './image-refs.ts';
import { ImagesError } from './images-error.ts';
import { filesUnder, hashInputs } from './inputs-hash.ts';

// The application image: images/app/Dockerfile with services/ as its context, on the Node image
// the mode chose (upstream or the offline stand-in). Skipped when the Dockerfile, the context's
// files and the Node image are the same as for the image already tagged.
export const appDockerfile = join(repoRoot, 'images', 'app', 'Dockerfile');
export const appContextDir = join(repoRoot, 'services');

// The host's CA bundle, handed to the build as a BuildKit secret so `npm ci` can get through a
// TLS-inspecting proxy. A secret never lands in a layer, and it is not part of the inputs hash.
export const hostCaBundle = '/etc/ssl/certs/ca-certificates.crt';

// Where the build comes from; tests point it at a small Dockerfile of their own.
export interface AppBuildSource {
  dockerfile: string;
  contextDir: string;
  tag: string;
  caBundle: string;
}

const appSource: AppBuildSource = {
  dockerfile: appDockerfile,
  contextDir: appContextDir,
  tag: appImage,
  caBundle: hostCaBundle,
};

export async function buildAppImage(
  nodeImage: string,
  force: boolean,
  source: AppBuildSource = appSource,
): Promise<BuildOutcome> {
  const { dockerfile, contextDir, tag } = source;
  if (!existsSync(dockerfile)) {
    throw new ImagesError(
      'input-missing',
      `the application image's Dockerfile ${dockerfile} is missing`,
      { hint: 'check out the whole repository (images/app/ comes with services/)' },
    );
  }

  // BuildKit prefers a Dockerfile's own `<Dockerfile>.dockerignore` to the context's.
  const ownIgnore = `${dockerfile}.dockerignore`;
  const hasOwnIgnore = existsSync(ownIgnore);
  const contextFiles = await listContextFiles(contextDir, hasOwnIgnore ? ownIgnore : undefined);
  const node = await inspectImage(nodeImage);
  const inputs = await hashInputs({
    files: [
      ['Dockerfile', dockerfile],
      ...(hasOwnIgnore ? [['Dockerfile.dockerignore', ownIgnore] as [string, string]] : []),
      ...filesUnder(contextDir, contextFiles, 'context/'),
    ],
    // Limitation: an upstream Node image BuildKit pulled is known by its ref only, because the
    // classic image store does not keep images pulled for a build; `--force` picks up a new one.
    values: { NODE_IMAGE: nodeImage, nodeImageId: node?.id ?? 'not-local' },
  });

  const outcome = await buildImage(
    {
      tag,
      contextDir,
      dockerfile,
      buildArgs: { NODE_IMAGE: nodeImage },
      secrets: [{ id: 'ca_bundle', src: source.caBundle }],
      labels: {
        'org.opencontainers.image.title': tag.split(':')[0] ?? tag,
        'org.opencontainers.image.version': tag.split(':')[1] ?? '',
        'org.opencontainers.image.source': 'identity repository, images/app and services/',
        'org.opencontainers.image.base.name': nodeImage,
      },
      inputs,
    },
    force,
  );
  await removeReplaced([outcome]);
  return outcome;
}
