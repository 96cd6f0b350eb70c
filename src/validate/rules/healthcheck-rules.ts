import { error } from '../finding.ts';
import type { Finding } from '../finding.ts';
import { knownImage } from '../known-images.ts';
import { isMapping } from '../merge-compose.ts';
import { isOneShot, type RuleContext } from '../rule-context.ts';
import type { ServiceView } from '../service-view.ts';

// The probe as words, and the binary it runs (the shell's first word for CMD-SHELL).
function probeOf(
  service: ServiceView,
): { words: string[]; binary: string; shell: boolean } | undefined {
  const healthcheck = service.raw['healthcheck'];
  if (!isMapping(healthcheck) || healthcheck['disable'] === true) return undefined;
  const test = healthcheck['test'];
  if (typeof test === 'string') {
    return { words: [test], binary: test.trim().split(/\s+/)[0] ?? '', shell: true };
  }
  if (!Array.isArray(test) || test.length === 0 || test[0] === 'NONE') return undefined;
  const words = test.map(String);
  if (words[0] === 'CMD-SHELL') {
    return {
      words: words.slice(1),
      binary: (words[1] ?? '').trim().split(/\s+/)[0] ?? '',
      shell: true,
    };
  }
  return { words: words.slice(1), binary: words[1] ?? '', shell: false };
}

export function checkHealthchecks(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of context.services) {
    if (isOneShot(context, service)) continue;
    const probe = probeOf(service);
    if (probe === undefined) {
      if (typeof service.annotations['no-healthcheck'] === 'string') continue;
      findings.push(
        error('healthcheck-missing', {
          service: service.name,
          field: 'healthcheck',
          message: `long-running service ${service.name} has no healthcheck`,
          fix: 'add a healthcheck that probes 127.0.0.1 with a binary the image contains',
        }),
      );
      continue;
    }
    const text = probe.words.join(' ');
    if (/localhost|\[::1\]|::1/.test(text)) {
      findings.push(
        error('healthcheck-localhost', {
          service: service.name,
          field: 'healthcheck.test',
          message: `healthcheck of ${service.name} probes "${text}" through localhost, which can resolve to ::1 while the server listens on IPv4`,
          fix: 'probe 127.0.0.1 instead of localhost',
        }),
      );
    }
    const image = knownImage(service.image);
    const binary = probe.binary.split('/').at(-1) ?? '';
    if (image !== undefined && !image.binaries.includes(binary)) {
      findings.push(
        error('healthcheck-binary-missing', {
          service: service.name,
          field: 'healthcheck.test',
          message: `healthcheck of ${service.name} runs "${probe.binary}", which ${image.name} does not contain`,
          fix: `probe with one of: ${image.binaries.join(', ')}`,
        }),
      );
    }
  }
  return findings;
}
