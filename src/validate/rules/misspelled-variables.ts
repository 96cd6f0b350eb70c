import { error } from '../finding.ts';
import type { Finding } from '../finding.ts';
import { knownImage } from '../known-images.ts';
import type { RuleContext } from '../rule-context.ts';

// Levenshtein distance, small strings only.
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

// A _FILE variable the image does not read is silently ignored, and the service starts without
// its secret: report the likely intended name.
export function checkMisspelledVariables(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of context.services) {
    const image = knownImage(service.image);
    if (image === undefined) continue;
    const fileNames = image.variables.filter((name) => name.endsWith('_FILE'));
    for (const key of Object.keys(service.environment)) {
      if (image.variables.includes(key)) continue;
      const looksLikeFile = /_?F[IL]{1,2}E?S?$/.test(key);
      const candidates = fileNames
        .map((name) => ({ name, distance: editDistance(key, name) }))
        .filter((c) => c.distance <= 3 || (looksLikeFile && c.distance <= 4))
        .sort((a, b) => a.distance - b.distance);
      const likely = candidates[0];
      if (likely === undefined) continue;
      findings.push(
        error('file-var-misspelled', {
          service: service.name,
          field: `environment.${key}`,
          message: `service ${service.name} sets ${key}, which ${image.name} does not read; did you mean ${likely.name}?`,
          fix: `rename ${key} to ${likely.name}`,
        }),
      );
    }
  }
  return findings;
}
