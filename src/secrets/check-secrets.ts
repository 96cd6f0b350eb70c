import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { specsForProfile, type ProfileName, type SecretSpec } from './catalog.ts';
import { formatFix, formatProblems } from './format-check.ts';
import { fileModeProblem, folderAccessProblem, folderProblem } from './permissions.ts';
import type { Problem } from './problem.ts';
import { readSecret, type FoundSecret } from './read-secret.ts';
import { displayPath, shellPath } from './secrets-dir.ts';

export interface SecretCheck {
  name: string;
  file: string;
  status: 'ok' | 'missing' | 'invalid' | 'unchecked';
  problems: Problem[];
}

export interface CheckReport {
  profile: ProfileName;
  dir: string;
  ok: boolean;
  folder: Problem[];
  secrets: SecretCheck[];
}

// Checks every secret a profile needs: present, mode per the scheme, readable, and usable for
// its kind. Reports; changes nothing.
export async function checkSecrets(options: {
  dir: string;
  profile: ProfileName;
  now?: Date;
}): Promise<CheckReport> {
  const { dir, profile } = options;
  const now = options.now ?? new Date();
  const initFix = `identity secrets init --profile ${profile}`;

  const specs = specsForProfile(profile);
  const dirStats = await stat(dir).catch(() => undefined);
  // Without the folder, or without access to it, one problem says it all: no file can be checked.
  if (dirStats === undefined) {
    const missing = {
      secret: undefined,
      file: displayPath(dir),
      problem: 'is missing',
      fix: initFix,
    };
    return folderOnly(options, specs, missing, 'missing');
  }
  const blocked = await folderAccessProblem(dir, dirStats);
  if (blocked !== undefined) return folderOnly(options, specs, blocked, 'unchecked');
  const folderIssue = folderProblem(dir, dirStats);
  const folder = folderIssue === undefined ? [] : [folderIssue];

  const found = await Promise.all(specs.map((spec) => readSecret(dir, spec)));
  const caCert = found.find((secret) => secret.spec.kind === 'ca')?.content;
  const secrets = await Promise.all(
    found.map((secret) => checkOne(secret, { caCert, now, initFix, profile })),
  );
  const ok = folder.length === 0 && secrets.every((secret) => secret.status === 'ok');
  return { profile, dir, ok, folder, secrets };
}

async function checkOne(
  secret: FoundSecret,
  context: { caCert: string | undefined; now: Date; initFix: string; profile: ProfileName },
): Promise<SecretCheck> {
  const { spec, path, stats, content, readError } = secret;
  const file = displayPath(path);
  const problems: Problem[] = [];
  const add = (problem: string, fix: string) =>
    problems.push({ secret: spec.name, file, problem, fix });

  if (stats === undefined) {
    add('is missing', context.initFix);
    return { name: spec.name, file, status: 'missing', problems };
  }

  if (readError === 'EISDIR') add('is not a file', `move it away, then run \`${context.initFix}\``);
  const modeProblem = stats.isFile() ? fileModeProblem(spec, path, stats) : undefined;
  if (modeProblem !== undefined) problems.push(modeProblem);
  // A mode that shuts out "other" already explains why this user cannot read the file either.
  if (readError !== undefined && readError !== 'EISDIR' && modeProblem === undefined) {
    add(
      `cannot be read by this user (uid ${process.getuid?.() ?? '?'}): ${readError}`,
      `run the check as the folder's owner, or \`sudo chmod 0444 ${shellPath(path)}\``,
    );
  }

  if (content !== undefined) {
    const fix = formatFix(spec, shellPath(path), context.profile);
    for (const problem of await formatProblems(spec, content, context)) add(problem, fix);
  }
  return { name: spec.name, file, status: problems.length === 0 ? 'ok' : 'invalid', problems };
}

function folderOnly(
  options: { dir: string; profile: ProfileName },
  specs: SecretSpec[],
  problem: Problem,
  status: SecretCheck['status'],
): CheckReport {
  const secrets = specs.map((spec) => ({
    name: spec.name,
    file: displayPath(join(options.dir, spec.name)),
    status,
    problems: [],
  }));
  return { profile: options.profile, dir: options.dir, ok: false, folder: [problem], secrets };
}

export function allProblems(report: CheckReport): Problem[] {
  return [...report.folder, ...report.secrets.flatMap((secret) => secret.problems)];
}
