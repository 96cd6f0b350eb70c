import { buildAppImage } from './app-image.ts';
import type { BuildOutcome } from './build-image.ts';
import { inspectImage } from './docker-images.ts';
import { imagesFor, type Role } from './image-refs.ts';
import { readMode, writeSelection, type ImageMode } from './image-selection.ts';
import { buildOfflineKit } from './offline-kit.ts';
import { probeRegistry, type RegistryProbe } from './registry-probe.ts';

// What `identity images ensure` (and set-up) does: pick the mode, build the offline kit only when
// there is no registry, build the application image on the matching Node image, and record the
// choice in .env. Idempotent: a second run finds every image up to date.
export interface EnsureResult {
  mode: ImageMode;
  // Why this mode: the .env choice, the upstream images being here, or the registry probe.
  reason: string;
  images: BuildOutcome[];
  envChanged: boolean;
  values: Record<string, string>;
  // Upstream images with no stand-in that a profile flag would need and cannot get.
  unavailable: string[];
}

export interface EnsureOptions {
  force?: boolean;
  progress: (line: string) => void;
}

export async function ensureImages(options: EnsureOptions): Promise<EnsureResult> {
  const { mode, reason } = await chooseMode();
  options.progress(`images: ${mode} (${reason})`);

  const images: BuildOutcome[] = [];
  if (mode === 'offline') {
    const kit = await buildOfflineKit({ force: options.force, progress: options.progress });
    images.push(...kit.images);
  }
  const node = imagesFor('node');
  const nodeImage = mode === 'offline' ? node.offline! : node.online;
  const app = await buildAppImage(nodeImage, options.force === true);
  options.progress(`${app.tag}: ${app.status === 'built' ? 'built' : 'up to date'}`);
  images.push(app);

  const { changed, values } = await writeSelection(mode);
  const unavailable = mode === 'offline' ? await missingWithoutStandIn() : [];
  return { mode, reason, images, envChanged: changed, values, unavailable };
}

export async function chooseMode(): Promise<{
  mode: ImageMode;
  reason: string;
  probe?: RegistryProbe;
}> {
  if ((await readMode()) === 'offline') {
    return { mode: 'offline', reason: 'deployments/compose/.env selects the offline kit' };
  }

  const needed: Role[] = ['node', 'postgres', 'proxy'];
  const local = await Promise.all(needed.map((role) => inspectImage(imagesFor(role).online)));
  if (local.every((image) => image !== undefined)) {
    return { mode: 'online', reason: 'the upstream images are already here' };
  }

  const probe = await probeRegistry(imagesFor('postgres').online);
  return probe.reachable
    ? { mode: 'online', reason: 'a registry answers', probe }
    : { mode: 'offline', reason: `no registry: ${probe.reason}`, probe };
}

// Limitation: the observability images have no stand-in, because neither Debian nor npm ships
// them; offline, their profile cannot start and ensure says so.
async function missingWithoutStandIn(): Promise<string[]> {
  const roles: Role[] = ['otel-collector', 'grafana'];
  const missing: string[] = [];
  for (const role of roles) {
    const ref = imagesFor(role).online;
    if ((await inspectImage(ref)) === undefined) missing.push(ref);
  }
  return missing;
}
