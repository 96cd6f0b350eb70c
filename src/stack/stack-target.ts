import { bundlePath } from '../paths.ts';
import type { Profile } from './profiles.ts';

// Which stack a verb acts on: the Compose project, the profile's committed bundle, the Compose
// profiles switched on, and any per-service replica counts from a scale spec.
export interface StackTarget {
  project: string;
  profile: Profile;
  files: string[];
  composeProfiles: string[];
  scale: Record<string, number>;
}

export function makeTarget(options: {
  project: string;
  profile: Profile;
  observability?: boolean;
  scale?: Record<string, number>;
  files?: string[];
}): StackTarget {
  return {
    project: options.project,
    profile: options.profile,
    files: [bundlePath(options.profile), ...(options.files ?? [])],
    composeProfiles: options.observability === true ? ['observability'] : [],
    scale: options.scale ?? {},
  };
}

export function composeGlobalArgs(target: StackTarget): string[] {
  return target.composeProfiles.flatMap((profile) => ['--profile', profile]);
}

export function scaleArgs(target: StackTarget): string[] {
  return Object.entries(target.scale).flatMap(([service, count]) => [
    '--scale',
    `${service}=${count}`,
  ]);
}
