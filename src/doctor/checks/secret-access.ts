import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { repoRoot } from '../../paths.ts';
import type { ResolvedStack } from '../../stack/resolved-stack.ts';
import { type Finding, finding } from '../finding.ts';
import type { ImageFacts } from './image-facts.ts';

// Plain Compose bind-mounts secret files with the host file's owner and mode and ignores
// per-secret uid/gid/mode, so a file is readable in the container only if the container's user
// may read the host file as it is. The documented scheme: files 0444 in a 0700 folder.
export async function checkSecretAccess(
  stack: ResolvedStack,
  images: Map<string, ImageFacts>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const missing: string[] = [];
  for (const secret of stack.secretFiles) {
    const shown = relative(repoRoot, secret.file);
    let info;
    try {
      info = await stat(secret.file);
    } catch {
      missing.push(secret.name);
      continue;
    }
    const mode = info.mode & 0o777;
    for (const service of stack.services.filter((s) => s.secrets.includes(secret.name))) {
      const uid = images.get(service.image)?.runtimeUid ?? 0;
      if (canRead(uid, info.uid, mode)) continue;
      findings.push(
        finding(
          'error',
          'secret-unreadable',
          `${service.name}: /run/secrets/${secret.name}`,
          `${shown} (owner uid ${info.uid}, mode ${mode.toString(8).padStart(4, '0')}) ` +
            `cannot be read by ${service.name}'s user uid ${uid}`,
          `chmod 0444 ${shown} (the folder stays 0700; see docs/secrets.md)`,
          'secret-permissions',
        ),
      );
    }
  }
  if (missing.length > 0) {
    findings.unshift(
      finding('error', 'secret-missing', relative(repoRoot, stack.secretFiles[0]!.file).replace(/\/[^/]*$/, ''), `secret files missing: ${missing.join(', ')}`, 'identity secrets init --profile <profile> (it never overwrites)', 'secret-permissions'),
    );
  }
  return findings;
}

function canRead(uid: number, ownerUid: number, mode: number): boolean {
  if (uid === 0) return true;
  if (uid === ownerUid) return (mode & 0o400) !== 0;
  // The container user's groups are unknown from here; only "other" is certain.
  return (mode & 0o004) !== 0;
}
