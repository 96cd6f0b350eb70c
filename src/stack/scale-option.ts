import type { Profile } from './profiles.ts';

// Turns the --scale option into per-service replica counts, with the model's parser (which
// owns the spec's grammar, its limits and its error messages).
export async function parseScaleOption(
  spec: string | undefined,
  profile: Profile,
): Promise<Record<string, number>> {
  if (spec === undefined) return {};
  const { parseScaleSpec } = await import('../model/scale-spec.ts');
  return parseScaleSpec(spec, profile);
}
