import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';
import { buildImage, type BuildOutcome } from './build-image.ts';
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

export async function buildAppImage(nodeImage: string, force: boolean): Promise<BuildOutcome> {
  if (!existsSync(appDockerfile)) {
    throw new ImagesError(
      'input-missing',
      `the application image's Dockerfile ${appDockerfile} is missing`,
      {
        hint: 'check out the whole repository (images/app/ comes with services/)',
      },
    );
  }

  const ownIgnore = `${appDockerfile}.dockerignore`;
  const contextFiles = await listContextFiles(
    appContextDir,
    existsSync(ownIgnore) ? ownIgnore : undefined,
  );
  const node = await inspectImage(nodeImage);
  const inputs = await hashInputs({
    files: [
      ['Dockerfile', appDockerfile],
      ...(existsSync(ownIgnore)
        ? [['Dockerfile.dockerignore', ownIgnore] as [string, string]]
        : []),
      ...filesUnder(appContextDir, contextFiles, 'context/'),
    ],
    // Without a local copy of the Node image, the ref is all there is to compare.
    values: { NODE_IMAGE: nodeImage, nodeImageId: node?.id ?? 'not-local' },
  });

  return buildImage(
    {
      tag: appImage,
      contextDir: appContextDir,
      dockerfile: appDockerfile,
      buildArgs: { NODE_IMAGE: nodeImage },
      secrets: [{ id: 'ca_bundle', src: hostCaBundle }],
      labels: {
        'org.opencontainers.image.title': 'identity-app',
        'org.opencontainers.image.version': appImage.split(':')[1] ?? '',
        'org.opencontainers.image.source': 'identity repository, images/app and services/',
        'org.opencontainers.image.base.name': nodeImage,
      },
      inputs,
    },
    force,
  );
}
