import { readdir } from 'node:fs/promises';
import { importBase } from './base-image.ts';
import { buildImage, removeReplaced, type BuildOutcome } from './build-image.ts';
import { ensureRootfs } from './debian-rootfs.ts';
import { offlineTags } from './image-refs.ts';
import { filesUnder, hashInputs } from './inputs-hash.ts';
import { ensureNpmDist, type NpmDist } from './npm-dist.ts';
import { standInLabels } from './oci-labels.ts';
import { describeStandIn, standInNames, type StandInName } from './stand-ins.ts';

// Builds the offline kit: the Debian base (debootstrap, cached), then each stand-in FROM it.
// Every step is skipped when its inputs did not change, so a second run only hashes files.
export interface KitOptions {
  // Make the Debian root file system again (newer packages) instead of reusing the cached one.
  refresh?: boolean;
  // Rebuild every image even when its inputs hash matches.
  force?: boolean;
  only?: readonly StandInName[];
  progress: (line: string) => void;
}

export interface KitResult {
  rootfsReused: boolean;
  images: BuildOutcome[];
}

export async function buildOfflineKit(options: KitOptions): Promise<KitResult> {
  const force = options.force === true;
  const names = options.only ?? standInNames;

  const { rootfs, reused } = await ensureRootfs(options.refresh === true, options.progress);
  const base = await importBase(rootfs, force);
  report(options.progress, base);
  const results = [base];

  const dist = names.includes('node') ? await ensureNpmDist(options.progress) : undefined;
  for (const name of names) {
    const outcome = await buildStandIn(name, base.imageId, dist, force);
    report(options.progress, outcome);
    results.push(outcome);
  }

  const removed = await removeReplaced(results);
  if (removed.length > 0) options.progress(`removed ${removed.length} replaced image(s)`);
  return { rootfsReused: reused, images: results };
}

async function buildStandIn(
  name: StandInName,
  baseImageId: string,
  dist: NpmDist | undefined,
  force: boolean,
): Promise<BuildOutcome> {
  const standIn = describeStandIn(name, dist);
  const buildArgs = { ...standIn.buildArgs, BASE_IMAGE: offlineTags.base };
  const contextFiles = await readdir(standIn.contextDir);
  const inputs = await hashInputs({
    files: [...filesUnder(standIn.contextDir, contextFiles), ...standIn.extraFiles],
    values: { ...buildArgs, baseImageId },
  });

  return buildImage(
    {
      tag: standIn.tag,
      contextDir: standIn.contextDir,
      buildArgs,
      buildContexts: standIn.buildContexts,
      labels: standInLabels({
        tag: standIn.tag,
        standsInFor: standIn.standsInFor,
        version: standIn.version,
        sourceDir: `images/offline/${name}`,
        baseName: offlineTags.base,
        description: standIn.description,
      }),
      inputs,
    },
    force,
  );
}

function report(progress: (line: string) => void, outcome: BuildOutcome): void {
  const verb = outcome.status === 'built' ? 'built' : 'up to date';
  progress(`${outcome.tag}: ${verb} (${(outcome.durationMs / 1000).toFixed(1)}s)`);
}
