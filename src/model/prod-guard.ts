import type { ComposeFile } from './compose-types.ts';
import { ModelError } from './model-error.ts';
import type { Profile } from './profiles.ts';
import { demoSecretNames } from './secrets.ts';

// A profile without demo material must not carry any: no demo secret, no demo seed. The model
// enforces it by construction; this guard keeps a future change from slipping one in.
export function findDemoMaterial(stack: ComposeFile): string[] {
  const found: string[] = [];
  for (const name of demoSecretNames) {
    if (stack.secrets?.[name] !== undefined) found.push(`secret ${name}`);
  }
  for (const [service, spec] of Object.entries(stack.services)) {
    for (const secret of spec.secrets ?? []) {
      if ((demoSecretNames as readonly string[]).includes(secret)) {
        found.push(`service ${service} mounts ${secret}`);
      }
    }
    if (spec.environment?.['SEED_DEMO'] === 'true')
      found.push(`service ${service} seeds demo users`);
  }
  return found;
}

export function assertNoDemoMaterial(profile: Profile, stack: ComposeFile): void {
  if (profile.demoMaterial) return;
  const found = findDemoMaterial(stack);
  if (found.length === 0) return;
  throw new ModelError(
    'demo-material-in-prod',
    `refusing to render ${profile.name}: it would carry demo material (${found.join(', ')})`,
    {
      hint: `the ${profile.name} profile has no demo users, clients or secrets; use demo, dev or ci`,
    },
  );
}
