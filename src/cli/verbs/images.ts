import { Command, Option } from 'commander';
import { createOutput, type Output } from '../output.ts';

// `identity images`: the application image and, on machines without a registry, the offline kit
// of stand-ins for the upstream base images (docs/images.md).
interface BuildFlags {
  force: boolean;
  nodeImage?: string;
}

interface OfflineFlags {
  force: boolean;
  refresh: boolean;
  app: boolean;
}

export function registerImages(program: Command): void {
  const images = program
    .command('images')
    .description('build the application image and, without a registry, the offline kit');

  images
    .command('list')
    .description('each image the bundles need: present or not, upstream or offline, size')
    .action(async (_flags: object, command: Command) => {
      await runAction(command, (output) => listImages(output));
    });

  images
    .command('build')
    .description('build the application image (skipped when its inputs did not change)')
    .addOption(forceOption())
    .addOption(
      new Option('--node-image <ref>', 'Node image to build on (default: the one .env selects)'),
    )
    .action(async (flags: BuildFlags, command: Command) => {
      await runAction(command, (output) => buildApp(flags, output));
    });

  images
    .command('offline')
    .description('build the offline kit and point the bundles at its stand-ins')
    .addOption(forceOption())
    .option('--refresh', 'debootstrap Debian again for newer packages (default: reuse)', false)
    .option('--no-app', 'do not rebuild the application image on the Node stand-in')
    .action(async (flags: OfflineFlags, command: Command) => {
      await runAction(command, (output) => goOffline(flags, output));
    });

  images
    .command('online')
    .description('point the bundles back at the upstream images (needs a registry)')
    .addOption(forceOption())
    .action(async (flags: { force: boolean }, command: Command) => {
      await runAction(command, (output) => goOnline(flags, output));
    });

  images
    .command('ensure')
    .description('what set-up runs: the app image, plus the offline kit only without a registry')
    .addOption(forceOption())
    .action(async (flags: { force: boolean }, command: Command) => {
      await runAction(command, (output) => ensure(flags, output));
    });
}

function forceOption(): Option {
  return new Option('--force', 'rebuild even when the inputs did not change').default(false);
}

async function runAction(command: Command, act: (output: Output) => Promise<void>) {
  const output = createOutput({ json: command.optsWithGlobals()['json'] === true });
  const { toCliError } = await import('../../images/images-cli-error.ts');
  const { checkEngine } = await import('../../docker/engine.ts');
  try {
    await checkEngine();
    await act(output);
  } catch (error) {
    throw toCliError(error);
  }
}

async function listImages(output: Output): Promise<void> {
  const { listCatalog } = await import('../../images/image-catalog.ts');
  const { formatSize } = await import('../../images/docker-images.ts');

  const entries = await listCatalog();
  output.result({ images: entries }, () =>
    output.table(
      entries.map((entry) => ({
        role: entry.role,
        image: entry.image,
        source: entry.source,
        selected: entry.selected ? 'yes' : '',
        present: entry.present ? 'yes' : 'no',
        size: entry.sizeBytes === null ? '-' : formatSize(entry.sizeBytes),
      })),
      ['role', 'image', 'source', 'selected', 'present', 'size'],
    ),
  );
}

async function buildApp(flags: BuildFlags, output: Output): Promise<void> {
  const { buildAppImage } = await import('../../images/app-image.ts');
  const { readSelection } = await import('../../images/image-selection.ts');

  const nodeImage = flags.nodeImage ?? (await readSelection()).node;
  output.progress(`building the application image on ${nodeImage}`);
  const outcome = await buildAppImage(nodeImage, flags.force);
  await printOutcomes(output, { images: [outcome] });
}

async function goOffline(flags: OfflineFlags, output: Output): Promise<void> {
  const { buildOfflineKit } = await import('../../images/offline-kit.ts');
  const { buildAppImage } = await import('../../images/app-image.ts');
  const { writeSelection } = await import('../../images/image-selection.ts');
  const { offlineTags } = await import('../../images/image-refs.ts');

  const kit = await buildOfflineKit({
    force: flags.force,
    refresh: flags.refresh,
    progress: (line) => output.progress(line),
  });
  const { changed, values } = await writeSelection('offline');
  output.progress(`deployments/compose/.env: ${changed ? 'points at the stand-ins' : 'unchanged'}`);
  const images = [...kit.images];
  if (flags.app) images.push(await buildAppImage(offlineTags.node, flags.force));
  await printOutcomes(output, { mode: 'offline', images, env: values });
}

async function goOnline(flags: { force: boolean }, output: Output): Promise<void> {
  const { CliError } = await import('../cli-error.ts');
  const { probeRegistry } = await import('../../images/registry-probe.ts');
  const { imagesFor } = await import('../../images/image-refs.ts');
  const { buildAppImage } = await import('../../images/app-image.ts');
  const { writeSelection } = await import('../../images/image-selection.ts');

  const probe = await probeRegistry(imagesFor('postgres').online);
  if (!probe.reachable) {
    throw new CliError('docker', `no registry answers for ${probe.ref}: ${probe.reason}`, {
      hint: 'stay on the offline kit (identity images offline) until a registry is reachable',
    });
  }
  const app = await buildAppImage(imagesFor('node').online, flags.force);
  const { values } = await writeSelection('online');
  await printOutcomes(output, { mode: 'online', images: [app], env: values });
}

async function ensure(flags: { force: boolean }, output: Output): Promise<void> {
  const { ensureImages } = await import('../../images/ensure-images.ts');

  const result = await ensureImages({
    force: flags.force,
    progress: (line) => output.progress(line),
  });
  for (const ref of result.unavailable) {
    output.warn(
      `${ref} has no offline stand-in: the observability profile cannot start without a registry`,
    );
  }
  await printOutcomes(output, result);
}

interface OutcomeData {
  images: { tag: string; status: string; sizeBytes: number; durationMs: number }[];
}

async function printOutcomes<T extends OutcomeData>(output: Output, data: T): Promise<void> {
  const { formatSize } = await import('../../images/docker-images.ts');
  output.result(data, () =>
    output.table(
      data.images.map((image) => ({
        image: image.tag,
        status: image.status,
        size: formatSize(image.sizeBytes),
        time: `${(image.durationMs / 1000).toFixed(1)}s`,
      })),
      ['image', 'status', 'size', 'time'],
    ),
  );
}
