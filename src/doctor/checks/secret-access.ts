import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { repoRoot } from '../../paths.ts';
import type { ResolvedService, ResolvedStack } from '../../stack/resolved-stack.ts';
import { type Finding, finding } from '../finding.ts';
import { groupsOf, type ImageFacts, uidOf } from './image-facts.ts';

// One secret file that the user of some services may not be able to read once it is mounted.
export interface SecretAccessProblem {
  services: string[];
  secret: string;
  // The host file as a person would type it: relative inside the checkout, absolute outside.
  file: string;
  ownerUid: number;
  groupGid: number;
  mode: number;
  readerUid: number;
  // False when only the reader's groups, unknown from here, decide.
  certain: boolean;
}

// Plain Compose bind-mounts secret files with the host file's owner and mode and ignores
// per-secret uid/gid/mode, so a file is readable in the container only if the container's user
// may read the host file as it is. The documented scheme: files 0444 in a 0700 folder.
export async function findSecretAccessProblems(
  stack: ResolvedStack,
  images: Map<string, ImageFacts>,
): Promise<{ problems: SecretAccessProblem[]; missing: string[] }> {
  const problems: SecretAccessProblem[] = [];
  const missing: string[] = [];
  const groups = new Map<string, Promise<number[] | undefined>>();
  const groupsOfReader = (image: string, uid: number) => {
    const key = `${image}\u0000${uid}`;
    if (!groups.has(key)) groups.set(key, groupsOf(image, uid));
    return groups.get(key)!;
  };
  for (const secret of stack.secretFiles) {
    let info;
    try {
      info = await stat(secret.file);
    } catch {
      missing.push(secret.name);
      continue;
    }
    const mode = info.mode & 0o777;
    const byReader = new Map<string, SecretAccessProblem>();
    for (const service of stack.services.filter((s) => s.secrets.includes(secret.name))) {
      const readerUid = await readerUidOf(service, images);
      let access = canRead(readerUid, info.uid, mode);
      if (access === 'maybe') {
        // Only the group may read it: ask the image which groups its user is in.
        const memberOf = await groupsOfReader(service.image, readerUid);
        if (memberOf !== undefined) access = memberOf.includes(info.gid) ? 'yes' : 'no';
      }
      if (access === 'yes') continue;
      const key = `${readerUid}:${access}`;
      const known = byReader.get(key);
      if (known !== undefined) {
        known.services.push(service.name);
        continue;
      }
      byReader.set(key, {
        services: [service.name],
        secret: secret.name,
        file: shownPath(secret.file),
        ownerUid: info.uid,
        groupGid: info.gid,
        mode,
        readerUid,
        certain: access === 'no',
      });
    }
    problems.push(...byReader.values());
  }
  return { problems, missing };
}

export async function checkSecretAccess(
  stack: ResolvedStack,
  images: Map<string, ImageFacts>,
): Promise<Finding[]> {
  const { problems, missing } = await findSecretAccessProblems(stack, images);
  const findings = problems.map((problem) =>
    finding(
      problem.certain ? 'error' : 'warning',
      'secret-unreadable',
      `/run/secrets/${problem.secret}`,
      describeSecretAccess(problem),
      secretAccessFix(problem),
      'secret-permissions',
    ),
  );
  if (missing.length > 0) {
    findings.unshift(
      finding(
        'error',
        'secret-missing',
        shownPath(stack.secretFiles[0]!.file).replace(/\/[^/]*$/, ''),
        `secret files missing: ${missing.join(', ')}`,
        'identity secrets init --profile <profile> (it never overwrites)',
        'secret-permissions',
      ),
    );
  }
  return findings;
}

export function describeSecretAccess(problem: SecretAccessProblem): string {
  const group = (problem.mode & 0o040) === 0 ? '' : `, group gid ${problem.groupGid}`;
  const mode = problem.mode.toString(8).padStart(4, '0');
  const facts = `owner uid ${problem.ownerUid}${group}, mode ${mode}`;
  const who = `uid ${problem.readerUid}, the user of ${problem.services.join(', ')}`;
  return problem.certain
    ? `${problem.file} (${facts}) cannot be read by ${who}`
    : `${problem.file} (${facts}) can be read by ${who} only if it is in the file's group`;
}

export function secretAccessFix(problem: SecretAccessProblem): string {
  return `chmod 0444 ${problem.file} (the folder stays 0700; see docs/secrets.md)`;
}

async function readerUidOf(
  service: ResolvedService,
  images: Map<string, ImageFacts>,
): Promise<number> {
  const facts = images.get(service.image);
  if (service.user !== undefined) {
    const user = service.user.split(':')[0] ?? '';
    return facts?.present === true ? uidOf(service.image, user) : Number(user) || 0;
  }
  return facts?.secretReaderUid ?? 0;
}

function canRead(uid: number, ownerUid: number, mode: number): 'yes' | 'no' | 'maybe' {
  if (uid === 0) return 'yes';
  if (uid === ownerUid) return (mode & 0o400) !== 0 ? 'yes' : 'no';
  if ((mode & 0o004) !== 0) return 'yes';
  // Whether group read applies depends on the container user's groups, which the image knows.
  return (mode & 0o040) !== 0 ? 'maybe' : 'no';
}

function shownPath(file: string): string {
  const inside = relative(repoRoot, file);
  return inside.startsWith('..') ? file : inside;
}
