import { isProfileName, profileNames, profiles, type ProfileName } from '../model/profiles.ts';
import { parseScaleSpec } from '../model/scale-spec.ts';
import { ModelError } from '../model/model-error.ts';
import { renderBundle, type RenderedFile } from './render-bundle.ts';

export interface RenderSelection {
  profile?: string;
  scale?: string;
  observability?: boolean;
}

// Renders the profiles a command asked for; config files shared by several profiles appear once.
export function renderForFlags(selection: RenderSelection): RenderedFile[] {
  const names = selectProfiles(selection.profile);
  const byPath = new Map<string, RenderedFile>();
  for (const name of names) {
    const profile = profiles[name];
    const scale =
      selection.scale === undefined
        ? profile.defaultScale
        : parseScaleSpec(selection.scale, profile.defaultScale);
    const files = renderBundle({ profile: name, scale, observability: selection.observability });
    for (const file of files) byPath.set(file.path, file);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function selectProfiles(profile: string | undefined): ProfileName[] {
  if (profile === undefined) return [...profileNames];
  if (!isProfileName(profile)) {
    throw new ModelError(
      'unknown-profile',
      `unknown profile "${profile}", expected one of ${profileNames.join(', ')}`,
    );
  }
  return [profile];
}
