import type { ResolvedStack } from '../../stack/resolved-stack.ts';
import { type Finding, finding } from '../finding.ts';
import { hasBinary, type ImageFacts } from './image-facts.ts';

// A healthcheck must run a binary the image has: curl is not in a slim Node image. (Probing
// localhost instead of 127.0.0.1 is a validate rule, which the doctor runs too.)
export async function checkHealthcheckProbes(
  stack: ResolvedStack,
  images: Map<string, ImageFacts>,
  // Services whose probe binary the bundle rules already reported for a known image.
  reported: Set<string> = new Set(),
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const checked = new Map<string, Promise<string>>();
  for (const service of stack.services) {
    const [kind, ...rest] = service.healthcheckTest;
    if (kind === undefined || kind === 'NONE' || reported.has(service.name)) continue;
    const command = kind === 'CMD-SHELL' ? (rest[0] ?? '').trim().split(/\s+/) : rest;
    const binary = command[0];
    if (binary === undefined || binary === '') continue;

    if (images.get(service.image)?.present !== true) continue;
    const key = `${service.image}\u0000${binary}`;
    if (!checked.has(key)) checked.set(key, hasBinary(service.image, binary));
    const presence = await checked.get(key);
    if (presence === 'missing') {
      findings.push(
        finding(
          'error',
          'healthcheck-binary',
          service.name,
          `healthcheck runs "${binary}", which image ${service.image} does not have`,
          `use a binary the image has (for a Node image: node -e "fetch(...)")`,
          'health-checks',
        ),
      );
    }
  }
  return findings;
}
