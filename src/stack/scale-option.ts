import type { Profile } from './profiles.ts';

// Turns the --scale option into per-service replica counts with the model's parser, which owns
// the spec's grammar, its limits and its messages; a bad spec is a usage error (exit 2).
export async function parseScaleOption(
  spec: string | undefined,
  profile: Profile,
  // Counts the named form keeps for services it leaves out (default: the profile's).
  current?: Record<string, number>,
): Promise<Record<string, number>> {
  if (spec === undefined) return {};
  const { parseScaleSpec } = await import('../model/scale-spec.ts');
  const { profiles } = await import('../model/profiles.ts');
  const { ModelError, toCliError } = await import('../model/model-error.ts');
  try {
    return parseScaleSpec(spec, { ...profiles[profile].defaultScale, ...current });
  } catch (error) {
    throw error instanceof ModelError ? toCliError(error) : error;
  }
}
