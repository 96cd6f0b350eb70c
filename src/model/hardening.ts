import type { ComposeService } from './compose-types.ts';
import type { Profile } from './profiles.ts';

export interface Limits {
  cpus: string;
  memory: string;
  pids: number;
}

// Prod hardening shared by every service: read-only root, no capabilities, no privilege gain,
// resource limits and a restart policy. `writable` lists the paths that get a tmpfs.
export function harden(
  profile: Profile,
  options: { writable: string[]; limits: Limits; capAdd?: string[]; oneShot?: boolean },
): Partial<ComposeService> {
  if (!profile.hardened) {
    return options.oneShot === true ? { restart: 'no' } : {};
  }
  const hardened: Partial<ComposeService> = {
    read_only: true,
    tmpfs: options.writable,
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    restart: options.oneShot === true ? 'on-failure:3' : 'unless-stopped',
  };
  if (options.capAdd !== undefined) hardened.cap_add = options.capAdd;
  return hardened;
}

export function limitsFor(profile: Profile, limits: Limits): ComposeService['deploy'] {
  return profile.hardened ? { resources: { limits } } : undefined;
}
