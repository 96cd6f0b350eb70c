import { runDocker } from '../docker/run-docker.ts';
import { inputsLabel, type BuildOutcome } from './build-image.ts';
import type { DebianRootfs } from './debian-rootfs.ts';
import { inspectImage } from './docker-images.ts';
import { hashInputs } from './inputs-hash.ts';
import { offlineTags } from './image-refs.ts';
import { standInLabels } from './oci-labels.ts';

// `docker import` of the debootstrap tarball: the base every stand-in's Dockerfile starts FROM.
// Skipped when the image already holds this tarball, because each import makes a new image id and
// that would rebuild every stand-in.
const settings = [
  'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'ENV LANG=C.UTF-8',
  'CMD ["bash"]',
];

export async function importBase(rootfs: DebianRootfs, force: boolean): Promise<BuildOutcome> {
  const started = Date.now();
  const tag = offlineTags.base;
  const inputs = await hashInputs({
    files: [],
    values: { rootfs: rootfs.sha256, settings: settings.join('\n') },
  });

  const existing = await inspectImage(tag);
  if (!force && existing !== undefined && existing.labels[inputsLabel] === inputs) {
    return {
      tag,
      status: 'up-to-date',
      durationMs: Date.now() - started,
      imageId: existing.id,
      sizeBytes: existing.sizeBytes,
    };
  }

  const labels = {
    ...standInLabels({
      tag,
      standsInFor: `debian:${rootfs.suite}`,
      version: rootfs.suite,
      sourceDir: 'images/offline/base',
      description: `Debian ${rootfs.suite} minbase made by debootstrap, base of the offline kit`,
    }),
    [inputsLabel]: inputs,
  };
  const changes = [
    ...settings,
    ...Object.entries(labels).map(([name, value]) => `LABEL ${name}=${JSON.stringify(value)}`),
  ];
  await runDocker([
    'import',
    ...changes.flatMap((change) => ['--change', change]),
    '--message',
    `debootstrap ${rootfs.suite} minbase`,
    rootfs.tarPath,
    tag,
  ]);

  const imported = await inspectImage(tag);
  return {
    tag,
    status: 'built',
    durationMs: Date.now() - started,
    imageId: imported?.id ?? '',
    sizeBytes: imported?.sizeBytes ?? 0,
    ...(existing !== undefined && existing.id !== imported?.id
      ? { replacedImageId: existing.id }
      : {}),
  };
}
